package org.migspec.modelcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spec's {@code step} variable: which thread took the last action, the QEMU
 * function it models, and the trace events it emitted (Events.tla, {@code Step}).
 *
 * @param actor  the thread, e.g. {@code src/migration}
 * @param action the modelled QEMU function, e.g. {@code postcopy_start}
 * @param events the emitted events in order
 */
public record StepRecord(String actor, String action, List<TraceEvent> events) {

    /** The name of the variable that holds it. */
    public static final String VARIABLE = "step";

    /** Reads a state's {@code step}; null when the state has none or it has another shape. */
    public static StepRecord of(TraceState state) {
        if (!(state.vars().get(VARIABLE) instanceof Map<?, ?> m)) return null;
        if (!(m.get("actor") instanceof String actor)) return null;
        String action = m.get("action") instanceof String a ? a : null;
        List<TraceEvent> events = new ArrayList<>();
        if (m.get("events") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> e && e.get("ev") instanceof String ev)
                    events.add(new TraceEvent(e.get("th") instanceof String th ? th : null, ev, e.get("args")));
            }
        }
        return new StepRecord(actor, action, List.copyOf(events));
    }

    /** The lane of an event: its own thread, else the actor. */
    public String laneOf(TraceEvent e) {
        return e.th() != null ? e.th() : actor;
    }
}
