package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The run's own record of what the driver did ({@code result.json}'s {@code steps}): every QMP
 * command and its answer, every fault and how it was made (a {@code kill} entry is the evidence
 * that the trace checker may assume a crash of that side).
 */
public final class RunLog {
    private final ArrayNode entries = new ObjectMapper().createArrayNode();

    public synchronized void note(String what, String side, String detail) {
        entries.addObject().put("t_ms", System.currentTimeMillis()).put("what", what).put("side", side)
                .put("detail", detail);
    }

    public synchronized ArrayNode entries() {
        return entries.deepCopy();
    }
}
