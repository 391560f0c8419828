package org.migspec.impl.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a campaign keeps of one run: its schedule, its folder (relative to the campaign's), its
 * outcome class, wall time, a one-line end state ("src completed/postmigrate, dst gone (137)"),
 * the run error if any, and how many injected faults fired (the {@code x_inject_fault} events of
 * the implementation's traces; -1 where the backend does not trace them).
 */
public record RunRecord(Schedule schedule, String dir, Outcome outcome, long wallMs, String endState, String error,
                        int faultsFired) {
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        o.put("dir", dir);
        o.set("schedule", schedule.toJson(json));
        o.put("outcome", outcome.label());
        o.put("wall_ms", wallMs);
        o.put("end_state", endState);
        o.put("faults_fired", faultsFired);
        if (error != null) {
            o.put("error", error);
        }
        return o;
    }

    public static RunRecord fromJson(JsonNode o) {
        return new RunRecord(Schedule.fromJson(o.get("schedule")), o.path("dir").asText(),
                Outcome.parse(o.path("outcome").asText()), o.path("wall_ms").asLong(), o.path("end_state").asText(),
                o.has("error") ? o.get("error").asText() : null, o.path("faults_fired").asInt(-1));
    }
}
