package org.migspec.impl.campaign;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A campaign run's outcome class, decided from its {@code result.json} (the guest's fate the
 * scenario runner observed, see {@code GuestFate}):
 * <ul>
 *   <li>{@code intact-src}, {@code intact-dst}: the guest runs on exactly that side with its latest state;</li>
 *   <li>{@code split-brain}: both sides ran the guest after the switchover (or run it now);</li>
 *   <li>{@code stuck}: nobody runs the guest but its latest state still exists somewhere (both
 *       sides stopped, a job that never ends, a postcopy paused on both sides);</li>
 *   <li>{@code lost}: nobody runs the guest and its latest state is nowhere;</li>
 *   <li>{@code run-error}: the run itself failed (a step that must work, the time bound), so the
 *       guest's fate says nothing.</li>
 * </ul>
 */
public enum Outcome {
    INTACT_SRC("intact-src"), INTACT_DST("intact-dst"), SPLIT_BRAIN("split-brain"), STUCK("stuck"), LOST("lost"),
    RUN_ERROR("run-error");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Lost, split brain and stuck: what a campaign reports with its schedule and shrinks. */
    public boolean bad() {
        return this == SPLIT_BRAIN || this == STUCK || this == LOST;
    }

    public static Outcome parse(String label) {
        for (Outcome o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + label + "'");
    }

    /** The class of a finished run; {@code result} null when the run produced none (timed out, crashed). */
    public static Outcome classify(JsonNode result) {
        if (result == null || result.has("error") || !result.has("guest")) {
            return RUN_ERROR;
        }
        JsonNode on = result.path("running_on");
        String latest = result.path("latest_state").asText("");
        if (latest.contains("split brain") || on.size() > 1) {
            return SPLIT_BRAIN;
        }
        if ("intact".equals(result.path("guest").asText()) && on.size() == 1) {
            return "src".equals(on.get(0).asText()) ? INTACT_SRC : INTACT_DST;
        }
        if (on.isEmpty() && !latest.startsWith("nowhere")) {
            return STUCK;
        }
        // the guest runs on one side but not with its latest state, or its state is nowhere
        return LOST;
    }
}
