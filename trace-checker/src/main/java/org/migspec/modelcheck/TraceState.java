package org.migspec.modelcheck;

import java.util.Map;

/**
 * One state of a TLC error trace.
 *
 * @param number TLC's state number, 1 for the initial state
 * @param action the action that led here as TLC names it ({@code "Initial predicate"} for
 *               state 1; TLC names an action after the operator whose body it is)
 * @param line   the action's first line in {@code module}, or null
 * @param module the module defining the action, or null
 * @param vars   every variable with its value, in TLC's order
 */
public record TraceState(int number, String action, Integer line, String module, Map<String, Object> vars) {

    /** {@code VmStartAtBoot (Source.tla:15)} or just the action. */
    public String actionWithLocation() {
        return line == null ? action : action + " (" + module + ".tla:" + line + ")";
    }
}
