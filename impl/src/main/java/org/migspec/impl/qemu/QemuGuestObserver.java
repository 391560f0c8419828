package org.migspec.impl.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.migspec.impl.scenario.GuestFate;
import org.migspec.impl.scenario.ScenarioSide;

/**
 * What the guest did on each real QEMU, for the guest-fate verdict ({@link GuestFate}): the
 * {@link GuestKernel}'s counter read with HMP {@code xp} (every QEMU version has it), twice, to
 * see whether a side runs the guest and whether the destination continued from the source's
 * latest state; and, from the QMP events, whether each side ran it after the switchover.
 */
final class QemuGuestObserver {
    private static final Pattern XP = Pattern.compile(":\\s*0x([0-9a-fA-F]+)");

    private QemuGuestObserver() {
    }

    /**
     * The guest's counter on each side (HMP {@code xp}), read twice to see it advance. The
     * destination's memory is not read while it is in postcopy: a page not yet received would
     * block the reader (QEMU's main loop) until it arrives, forever if the migration is paused.
     */
    static GuestFate.Side[] observe(List<ScenarioSide> sides, ObjectNode result) throws IOException, InterruptedException {
        long[] counters = new long[2];
        boolean[] advancing = new boolean[2];
        boolean[] read = new boolean[2];
        for (int i = 0; i < 2; i++) {
            ScenarioSide p = sides.get(i);
            ObjectNode r = (ObjectNode) result.get(p.side());
            ObjectNode integrity = r.putObject("integrity");
            String status = r.path("status").asText();
            if (!r.has("query_migrate")) {
                integrity.put("checked", false).put("reason", "process gone or unresponsive");
                continue;
            }
            if ("dst".equals(p.side()) && status.startsWith("postcopy")) {
                integrity.put("checked", false).put("reason", "in postcopy: its RAM may still be on the source");
                continue;
            }
            Long c1 = counter(p);
            Thread.sleep(300);
            Long c2 = counter(p);
            if (c1 == null || c2 == null) {
                integrity.put("checked", false).put("reason", "xp did not answer");
                continue;
            }
            read[i] = true;
            counters[i] = c2;
            advancing[i] = c2 != c1.longValue();
            integrity.put("checked", true).put("counter", c2).put("advancing", advancing[i]);
        }
        ScenarioSide src = sides.get(0);
        ScenarioSide dst = sides.get(1);
        boolean srcRan = src.sawEvent("STOP") && resumedAfterStop(src);
        boolean dstRan = dst.sawEvent("RESUME");
        String dstStatus = result.at("/dst/status").asText();
        // the destination holds the latest state if it received everything and never runs behind the source
        boolean complete = read[1] && "completed".equals(dstStatus) && (!read[0] || counters[1] >= counters[0]);
        boolean partial = dstStatus.startsWith("postcopy");
        ObjectNode di = (ObjectNode) result.get("dst").get("integrity");
        if (read[1]) {
            // consistent: the destination's guest never runs behind the source's (it continued from the latest state)
            di.put("ok", !read[0] || counters[1] >= counters[0]);
        }
        di.put("complete", complete);
        return new GuestFate.Side[] {
            side(result.get("src"), read[0] && advancing[0], srcRan, false, false),
            side(result.get("dst"), read[1] && advancing[1], dstRan, complete, partial)
        };
    }

    private static GuestFate.Side side(JsonNode r, boolean running, boolean ran, boolean complete, boolean partial) {
        if (!r.has("query_migrate")) {
            return GuestFate.Side.gone(ran);
        }
        return new GuestFate.Side(true, r.path("status").asText(), running && "running".equals(r.path("runstate").asText()),
                ran, complete, partial);
    }

    /** A RESUME after the first STOP: the source ran the guest again after stopping it for the switchover. */
    private static boolean resumedAfterStop(ScenarioSide p) {
        boolean stopped = false;
        for (JsonNode e : p.qmp().events()) {
            String name = e.path("event").asText();
            if ("STOP".equals(name)) {
                stopped = true;
            } else if (stopped && "RESUME".equals(name)) {
                return true;
            }
        }
        return false;
    }

    static Long counter(ScenarioSide p) throws IOException, InterruptedException {
        JsonNode r = p.qmp().execute("human-monitor-command",
                JsonNodeFactory.instance.objectNode().put("command-line", String.format("xp /1wx 0x%x", GuestKernel.COUNTER_ADDR)), 5_000);
        Matcher m = XP.matcher(r.path("return").asText(""));
        return m.find() ? Long.parseLong(m.group(1), 16) : null;
    }
}
