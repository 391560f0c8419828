package org.migspec.modelcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two states, as flattened paths:
 * {@code ms.state: "postcopy-device" → "postcopy-active"}, {@code ram.dst[2]: -1 → 0},
 * {@code chan.d2s: +PONG 0x42}, {@code chan.m2d: −PING 0x1}.
 *
 * <p>Records and functions are walked field by field.  A sequence of records (a
 * message queue, a package) is shown as the elements taken off its head and the
 * ones appended to its tail; a sequence of plain values with the same length (a
 * function over pages) element by element; anything else as {@code old → new}.
 */
public final class StateDiff {

    /** One changed path; {@code change} is {@code old → new}, or {@code −x +y} for sequences and sets. */
    public record Change(String path, String change) {
        @Override public String toString() {
            return path + ": " + change;
        }
    }

    static final String ARROW = " → ";
    static final String REMOVED = "−";
    private static final int SHORT = 60;

    private StateDiff() {
    }

    /** The changes from {@code before} to {@code after}, variables in {@code after}'s order. */
    public static List<Change> diff(Map<String, Object> before, Map<String, Object> after, Set<String> skip) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : after.entrySet()) {
            if (skip.contains(e.getKey())) continue;
            diff(e.getKey(), before.get(e.getKey()), e.getValue(), out);
        }
        return out;
    }

    private static void diff(String path, Object a, Object b, List<Change> out) {
        if (Objects.equals(a, b)) return;
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb && ma.keySet().equals(mb.keySet())) {
            boolean record = TlaValue.isRecord(mb);
            for (Object k : mb.keySet())
                diff(record ? path + "." + k : path + "[" + TlaValue.format(k) + "]", ma.get(k), mb.get(k), out);
            return;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() == lb.size() && !allRecords(la) && !allRecords(lb)) {
                for (int i = 0; i < la.size(); i++) diff(path + "[" + (i + 1) + "]", la.get(i), lb.get(i), out);
                return;
            }
            out.add(new Change(path, sequenceChange(la, lb)));
            return;
        }
        if (a instanceof Set<?> sa && b instanceof Set<?> sb) {
            String whole = TlaValue.format(a) + ARROW + TlaValue.format(b);
            if (whole.length() <= SHORT) {
                out.add(new Change(path, whole));
            } else {
                List<String> parts = new ArrayList<>();
                for (Object x : sa) if (!sb.contains(x)) parts.add(REMOVED + MessageLabel.orValue(x));
                for (Object x : sb) if (!sa.contains(x)) parts.add("+" + MessageLabel.orValue(x));
                out.add(new Change(path, String.join(" ", parts)));
            }
            return;
        }
        out.add(new Change(path, show(a) + ARROW + show(b)));
    }

    /**
     * A queue's change: the elements taken off the head ({@code −x}) and those appended
     * ({@code +y}), with the fewest elements taken off that explains the new queue.
     */
    static String sequenceChange(List<?> a, List<?> b) {
        int k = headRemoved(a, b);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < k; i++) parts.add(REMOVED + MessageLabel.orValue(a.get(i)));
        for (int i = a.size() - k; i < b.size(); i++) parts.add("+" + MessageLabel.orValue(b.get(i)));
        return String.join(" ", parts);
    }

    /** The smallest k such that {@code a} without its first k elements is a prefix of {@code b}. */
    public static int headRemoved(List<?> a, List<?> b) {
        for (int k = 0; k < a.size(); k++) {
            int rest = a.size() - k;
            if (rest <= b.size() && a.subList(k, a.size()).equals(b.subList(0, rest))) return k;
        }
        return a.size();
    }

    private static boolean allRecords(List<?> l) {
        return !l.isEmpty() && l.stream().allMatch(x -> x instanceof Map<?, ?>);
    }

    /** A value for display: messages by label, sequences of messages as {@code <<PING 0x1, EOF>>}. */
    static String show(Object v) {
        if (v == null) return "(none)";
        String label = MessageLabel.of(v);
        if (label != null) return label;
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> MessageLabel.of(x) != null)) {
            List<String> items = new ArrayList<>();
            for (Object x : l) items.add(MessageLabel.of(x));
            return "<<" + String.join(", ", items) + ">>";
        }
        return TlaValue.format(v);
    }

    /**
     * A state's variables in short, one entry per variable: a record's leaves as
     * {@code state="none", block=FALSE, ...}, other values as they are.
     */
    public static List<Change> describe(Map<String, Object> vars, Set<String> skip) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            if (skip.contains(e.getKey())) continue;
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m && TlaValue.isRecord(m) && !m.isEmpty() && MessageLabel.of(v) == null) {
                List<String> leaves = new ArrayList<>();
                flatten("", m, leaves);
                out.add(new Change(e.getKey(), String.join(", ", leaves)));
            } else {
                out.add(new Change(e.getKey(), show(v)));
            }
        }
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> m, List<String> into) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner && TlaValue.isRecord(inner) && !inner.isEmpty()
                    && MessageLabel.of(inner) == null) {
                flatten(key + ".", inner, into);
            } else {
                into.add(key + "=" + show(e.getValue()));
            }
        }
    }
}
