package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Result collection, after a scenario's last step: what each side reports over QMP, the guest's
 * fate, and the end of both processes (quit, else killed by PID, so no child outlives the run).
 * {@link ScenarioRunner} interprets the steps; this class only reads the end state.
 */
final class ResultCollector {
    private ResultCollector() {
    }

    /**
     * Each side's final status and run state (query-migrate, query-status; {@code gone} with its
     * exit code for a process that exited), its MIGRATION/STOP/RESUME events, then the guest's fate
     * ({@link GuestFate}) from what the backend observes, and the timings.
     */
    static void collect(List<ScenarioSide> sides, Backend backend, ObjectNode result)
            throws IOException, InterruptedException {
        for (ScenarioSide p : sides) {
            ObjectNode side = result.putObject(p.side());
            boolean alive = p.alive();
            side.put("alive", alive);
            if (alive) {
                try {
                    JsonNode qm = p.qmp().execute("query-migrate", null, 10_000).path("return");
                    JsonNode qs = p.qmp().execute("query-status", null, 10_000).path("return");
                    side.put("status", qm.path("status").asText("none"));
                    if (qm.has("error-desc")) {
                        side.put("error_desc", qm.get("error-desc").asText());
                    }
                    side.put("runstate", qs.path("status").asText());
                    side.set("query_migrate", qm);
                } catch (IOException e) {
                    // a main loop that does not answer (a thread holds the BQL for good)
                    side.put("status", "unresponsive");
                    side.put("runstate", "unresponsive");
                    side.put("error", e.getMessage());
                }
            } else {
                p.process().waitFor(10, TimeUnit.SECONDS);
                side.put("status", "gone");
                side.put("runstate", "gone");
                side.put("exit_code", p.process().isAlive() ? -1 : p.process().exitValue());
                side.put("last_status", p.lastStatus());
            }
            side.set("migration_events", statusEvents(p));
        }
        if (sides.size() < 2) {
            return;
        }
        GuestFate.Side[] seen = backend.observe(sides, result);
        GuestFate.Verdict v = GuestFate.decide(seen[0], seen[1]);
        result.put("guest", v.guest());
        result.put("latest_state", v.latestState());
        result.put("recoverable", v.recoverable());
        ArrayNode on = result.putArray("running_on");
        v.runningOn().forEach(on::add);
        ObjectNode timings = result.putObject("timings");
        JsonNode qm = result.at("/src/query_migrate");
        if (qm.has("total-time")) {
            timings.put("total_ms", qm.get("total-time").asLong());
            timings.put("downtime_ms", qm.path("downtime").asLong());
        }
    }

    private static ArrayNode statusEvents(ScenarioSide p) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (JsonNode e : p.qmp() == null ? List.<JsonNode>of() : p.qmp().events()) {
            if ("MIGRATION".equals(e.path("event").asText())) {
                a.add(e.at("/data/status").asText());
            } else if (Set.of("STOP", "RESUME").contains(e.path("event").asText())) {
                a.add(e.path("event").asText());
            }
        }
        return a;
    }

    /** quit both sides; whatever does not exit in time is killed by its PID, so no child outlives the run. */
    static void shutdown(Collection<ScenarioSide> sides, ObjectNode result) {
        for (ScenarioSide p : sides) {
            try {
                if (p.alive()) {
                    p.qmp().execute("quit", null, 5_000);
                }
                p.process().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                result.put("warning_" + p.side(), "quit not answered: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (p.process().isAlive()) {
                    p.process().destroyForcibly();
                    try {
                        p.process().waitFor(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (p.qmp() != null) {
                    try {
                        p.qmp().close();
                    } catch (IOException ignored) {
                        // closing a dead connection
                    }
                }
            }
        }
    }
}
