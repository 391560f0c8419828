package org.migspec.impl.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One randomized run of a campaign: the kind of migration and the faults with the point at which
 * each happens. {@link ScenarioWriter} turns it into an ordinary scenario file, so a run can be
 * repeated alone with {@code ./migspec run} or {@code ./migspec qemu}.
 *
 * @param postcopy   postcopy (migrate-start-postcopy once the source is active) or plain precopy
 * @param returnPath the return-path capability (always on with postcopy, which needs it)
 * @param management libvirt-like driving: the destination starts with -S and gets cont
 * @param postcopyBandwidth max-postcopy-bandwidth in bytes/s (0: unlimited), how long postcopy lasts
 */
public record Schedule(int index, boolean postcopy, boolean returnPath, boolean management, long postcopyBandwidth,
                       List<Action> actions) {
    public Schedule {
        actions = List.copyOf(actions);
    }

    /**
     * Where an action happens. An event point (the implementation only): the {@code count}-th
     * emission of {@code event} by thread {@code thread} of {@code side}, where the implementation
     * itself fires the fault. A status point: {@code delayMs} after {@code side} reported MIGRATION
     * status {@code status} (the runner waits for the QMP event, sleeps, then acts). A null point:
     * where the fault has its own place (a device-state load that fails).
     */
    public record Point(String side, String thread, String event, int count, String status, long delayMs) {
        public static Point event(String side, String thread, String event, int count) {
            return new Point(side, thread, event, count, null, 0);
        }

        public static Point status(String side, String status, long delayMs) {
            return new Point(side, null, null, 0, status, delayMs);
        }

        public boolean isEvent() {
            return event != null;
        }

        /** A point to aggregate outcomes by, without counts and delays: "src:mig/src/main:postcopy_start". */
        public String key() {
            return isEvent() ? side + ":" + thread + ":" + event : side + ":" + status;
        }

        public String describe() {
            return isEvent() ? side + " " + thread + " " + event + (count > 1 ? " #" + count : "")
                    : side + " " + status + " +" + delayMs + " ms";
        }
    }

    /**
     * A fault or operator command. {@code what}: channel-break, kill, device-load-failure,
     * block-activation-failure, partition (QEMU: a silent partition healed {@code healMs} later),
     * migrate-pause, migrate_cancel, cont, quit, recover (migrate-recover on the destination and
     * migrate resume=true on the source).
     */
    public record Action(String what, String side, Point point, long healMs) {
        public String describe() {
            String s = what + (side == null ? "" : " " + side);
            if ("partition".equals(what)) {
                s += " (heal after " + healMs + " ms)";
            }
            return s + " @ " + (point == null ? "its own point" : point.describe());
        }

        /** The action without its point: "kill dst", "channel-break src". */
        public String key() {
            return what + (side == null ? "" : " " + side);
        }
    }

    public String kind() {
        return (postcopy ? "postcopy" : "precopy") + (returnPath ? "" : " no-return-path")
                + (management ? " libvirt" : " autostart");
    }

    public String describe() {
        List<String> a = new ArrayList<>();
        actions.forEach(x -> a.add(x.describe()));
        return kind() + ": " + String.join("; ", a);
    }

    public Schedule withActions(List<Action> list) {
        return new Schedule(index, postcopy, returnPath, management, postcopyBandwidth, list);
    }

    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        o.put("index", index).put("postcopy", postcopy).put("return_path", returnPath).put("management", management)
                .put("postcopy_bandwidth", postcopyBandwidth);
        ArrayNode a = o.putArray("actions");
        for (Action x : actions) {
            ObjectNode n = a.addObject().put("what", x.what()).put("side", x.side()).put("heal_ms", x.healMs());
            if (x.point() != null) {
                Point p = x.point();
                n.putObject("point").put("side", p.side()).put("thread", p.thread()).put("event", p.event())
                        .put("count", p.count()).put("status", p.status()).put("delay_ms", p.delayMs());
            }
            n.put("text", x.describe());
        }
        o.put("text", describe());
        return o;
    }

    public static Schedule fromJson(JsonNode o) {
        List<Action> list = new ArrayList<>();
        for (JsonNode n : o.path("actions")) {
            JsonNode p = n.get("point");
            Point point = p == null || p.isNull() ? null : new Point(text(p, "side"), text(p, "thread"),
                    text(p, "event"), p.path("count").asInt(), text(p, "status"), p.path("delay_ms").asLong());
            list.add(new Action(text(n, "what"), text(n, "side"), point, n.path("heal_ms").asLong()));
        }
        return new Schedule(o.path("index").asInt(), o.path("postcopy").asBoolean(), o.path("return_path").asBoolean(),
                o.path("management").asBoolean(), o.path("postcopy_bandwidth").asLong(), list);
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }
}
