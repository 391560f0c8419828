package org.migspec.impl.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.migspec.impl.common.Variant;

/**
 * A {@link Schedule} as a scenario file of the ordinary format. Faults at trace events are armed
 * before {@code migrate}; every other action waits for its status point (or for the end of the
 * migration, if it ends without reaching that status), sleeps its delay and acts. Those steps are
 * {@code optional}: a point that never comes or a command the side refuses is part of the run's
 * story, not a run error. The expectation only has a comment: a campaign judges runs by their
 * outcome class ({@link Outcome}), and the one thing that fails it is a step that must work
 * (prepare, migrate, finish).
 */
public final class ScenarioWriter {
    static final long WAIT_MS = 10_000;
    static final long FINISH_MS = 15_000;
    private static final List<String> ENDS = List.of("completed", "failed", "cancelled");

    private final ObjectMapper json;

    public ScenarioWriter(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode scenario(Schedule s, Variant variant, String backend, String name) {
        ObjectNode o = json.createObjectNode();
        o.put("name", name);
        o.put("description", "campaign schedule " + s.index() + ": " + s.describe());
        o.putArray("variants").add(variant.cliName());
        o.putArray("backends").add(backend);
        o.putObject("guest").put("pages", s.postcopy() ? 2048 : 4096).put("dirty_pages", s.postcopy() ? 2048 : 1024)
                .put("dirty_rate", 20000).put("seed", s.index());
        o.putObject("dst").put("autostart", !s.management());
        ArrayNode caps = o.putArray("capabilities");
        if (s.postcopy()) {
            caps.add("postcopy-ram");
        } else {
            caps.add(s.returnPath() ? "return-path" : "!return-path");
        }
        ObjectNode params = o.putObject("parameters");
        if (s.postcopy()) {
            // downtime-limit 1 ms: precopy must not converge before start_postcopy on a starved
            // host (a real QEMU 7.2 under CI load once completed in precopy at the default 300 ms)
            params.put("max-bandwidth", 16L << 20).put("max-postcopy-bandwidth", s.postcopyBandwidth())
                    .put("downtime-limit", 1);
        } else {
            params.put("max-bandwidth", 32L << 20);
        }
        ArrayNode steps = o.putArray("steps");
        steps.addObject().put("do", "prepare");
        List<Schedule.Action> timed = new ArrayList<>();
        for (Schedule.Action a : s.actions()) {
            if (!armBeforeMigrate(a, steps, "qemu".equals(backend))) {
                timed.add(a);
            }
        }
        steps.addObject().put("do", "migrate");
        timed.sort(Comparator.comparingInt((Schedule.Action a) -> rank(a.point().status()))
                .thenComparingLong(a -> a.point().delayMs()));
        int activeRank = rank("active");
        boolean switched = !s.postcopy();
        if (s.postcopy()) {
            wait(steps, "src", "active");
        }
        for (Schedule.Action a : timed) {
            if (!switched && rank(a.point().status()) > activeRank) {
                steps.addObject().put("do", "start_postcopy").put("timeout_ms", WAIT_MS).put("optional", true);
                switched = true;
            }
            timedAction(a, steps);
        }
        if (!switched) {
            steps.addObject().put("do", "start_postcopy").put("timeout_ms", WAIT_MS).put("optional", true);
        }
        steps.addObject().put("do", "finish").put("timeout_ms", FINISH_MS);
        o.putObject("expect").putObject(variant.cliName())
                .put("comment", "a campaign run: judged by its outcome class and the trace checker, not by an expectation");
        return o;
    }

    /** Faults the process fires by itself (at a trace event, or at the device-state load); false for the others. */
    private boolean armBeforeMigrate(Schedule.Action a, ArrayNode steps, boolean qemu) {
        if ("device-load-failure".equals(a.what())) {
            steps.addObject().put("do", "fault").put("side", "dst").put("fault", "device-load-failure");
            return true;
        }
        // block-activation-failure needs nothing armed: the activation fails on the real file lock
        // the third holder takes at the action's point (hold_image), as on QEMU
        if (a.point() == null || !a.point().isEvent()) {
            return false;
        }
        Schedule.Point p = a.point();
        String fault = "kill".equals(a.what()) ? p.side() + "-crash" : a.what();
        steps.addObject().put("do", "fault").put("side", p.side()).put("fault", fault).put("at", p.event())
                .put("thread", p.thread()).put("count", p.count());
        return true;
    }

    private void timedAction(Schedule.Action a, ArrayNode steps) {
        Schedule.Point p = a.point();
        if ("recover".equals(a.what())) {
            // an operator recovers a paused postcopy only: no fallback to the migration's end, and
            // no recovery command unless both sides paused (the steps share a group)
            String g = "recover-" + steps.size();
            optional(steps, "wait", p.side()).put("status", p.status()).put("timeout_ms", WAIT_MS).put("group", g);
            if (p.delayMs() > 0) {
                steps.addObject().put("do", "sleep").put("ms", p.delayMs());
            }
            optional(steps, "wait", "dst").put("status", "postcopy-paused").put("timeout_ms", WAIT_MS).put("group", g);
            qmp(steps, "dst", "migrate-recover").put("group", g).putObject("args").put("uri", "${recover_uri}");
            qmp(steps, "src", "migrate-set-parameters").put("group", g).putObject("args").put("max-postcopy-bandwidth", 0);
            qmp(steps, "src", "migrate").put("group", g).putObject("args").put("uri", "${recover_uri}").put("resume", true);
            return;
        } else {
            wait(steps, p.side(), p.status());
        }
        if (p.delayMs() > 0) {
            steps.addObject().put("do", "sleep").put("ms", p.delayMs());
        }
        switch (a.what()) {
            case "channel-break" -> optional(steps, "fault", a.side()).put("fault", "channel-break");
            case "kill", "quit" -> optional(steps, a.what(), a.side());
            case "block-activation-failure" -> steps.addObject().put("do", "hold_image").put("optional", true);
            case "partition" -> {
                optional(steps, "fault", "src").put("fault", "partition");
                steps.addObject().put("do", "sleep").put("ms", a.healMs());
                optional(steps, "fault", "src").put("fault", "heal");
            }
            default -> qmp(steps, a.side(), a.what());
        }
    }

    /** Waits for {@code status} on {@code side}, or for the end of the migration if it ends first. */
    private static void wait(ArrayNode steps, String side, String status) {
        ObjectNode w = optional(steps, "wait", side);
        ArrayNode st = w.putArray("status").add(status);
        ENDS.stream().filter(e -> !e.equals(status)).forEach(st::add);
        w.put("timeout_ms", WAIT_MS);
    }

    private static ObjectNode qmp(ArrayNode steps, String side, String command) {
        return optional(steps, "qmp", side).put("command", command);
    }

    private static ObjectNode optional(ArrayNode steps, String what, String side) {
        return steps.addObject().put("do", what).put("side", side).put("optional", true);
    }

    static int rank(String status) {
        int i = ScheduleGenerator.STATUS_ORDER.indexOf(status);
        return i < 0 ? ScheduleGenerator.STATUS_ORDER.size() : i;
    }
}
