package org.migspec.modelcheck;

import java.util.Map;

/**
 * Short labels for the spec's channel messages {@code [t |-> type, v |-> value, p |-> page]}
 * and package items {@code [t |-> type, v |-> value]}, written the way QEMU's traces
 * show them: {@code PING 0x42}, {@code PONG 0x42}, {@code PAGE 1 v2}, {@code SHUT 1},
 * {@code REQ_PAGES 2}, {@code PACKAGED}, {@code EOF}.
 */
public final class MessageLabel {

    private MessageLabel() {
    }

    /** The label of a message or item, or null if the value is not one. */
    public static String of(Object value) {
        if (!(value instanceof Map<?, ?> m) || !(m.get("t") instanceof String t)) return null;
        if (!m.keySet().stream().allMatch(k -> k.equals("t") || k.equals("v") || k.equals("p"))) return null;
        Long v = m.get("v") instanceof Long x ? x : null;
        Long p = m.get("p") instanceof Long x ? x : null;
        return switch (t) {
            case "PING", "PONG" -> t + (v == null ? "" : " " + hex(v));
            case "PAGE" -> t + (p == null ? "" : " " + p) + (v == null ? "" : " v" + v);
            case "SHUT", "RESUME_ACK" -> t + (v == null ? "" : " " + v);
            case "REQ_PAGES", "RAM_DISCARD" -> t + (p == null ? "" : " " + p);
            case "PACKAGED" -> t + (v != null && v != 0 ? " (with PING 0x42)" : "");
            default -> t + (v != null && v != 0 ? " " + v : "") + (p != null && p != 0 ? " p" + p : "");
        };
    }

    /** The label, or the value's TLA+ text when it is not a message. */
    public static String orValue(Object value) {
        String l = of(value);
        return l != null ? l : TlaValue.format(value);
    }

    private static String hex(long v) {
        return v < 0 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }
}
