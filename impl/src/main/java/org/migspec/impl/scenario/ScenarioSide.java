package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/** One side of a run: its process, its QMP client, and where its current repeat round starts. */
public final class ScenarioSide {
    private final String side;
    private final Process process;
    private QmpClient qmp;
    /** wait / wait_event look at the QMP events from this index on (the start of a repeat round). */
    private int mark;

    ScenarioSide(String side, Process process) {
        this.side = side;
        this.process = process;
    }

    public String side() {
        return side;
    }

    public Process process() {
        return process;
    }

    public QmpClient qmp() {
        return qmp;
    }

    void connect(QmpClient qmp) {
        this.qmp = qmp;
    }

    int mark() {
        return mark;
    }

    void markNow() {
        if (qmp != null) {
            mark = qmp.events().size();
        }
    }

    /** The process runs and its monitor answers. */
    public boolean alive() {
        return process.isAlive() && qmp != null && !qmp.eof();
    }

    /** Whether the side emitted the QMP event {@code name} at any time. */
    public boolean sawEvent(String name) {
        return qmp != null && qmp.events().stream().anyMatch(e -> name.equals(e.path("event").asText()));
    }

    /** The side's latest MIGRATION status event, "none" before any. */
    public String lastStatus() {
        String last = "none";
        if (qmp != null) {
            for (JsonNode e : qmp.events()) {
                if ("MIGRATION".equals(e.path("event").asText())) {
                    last = e.at("/data/status").asText();
                }
            }
        }
        return last;
    }
}
