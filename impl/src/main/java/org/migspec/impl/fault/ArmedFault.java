package org.migspec.impl.fault;

import java.util.Map;
import org.migspec.impl.trace.TraceEvent;

/**
 * A fault armed at a trace event: it fires at the {@code count}-th emission of {@code at} whose
 * arguments match {@code args} (values compare as text; "0x42" also matches the integer 66).
 */
public final class ArmedFault {
    private final FaultKind kind;
    private final String at;
    private final Map<String, String> args;
    private final int count;
    private final String thread;
    private int seen;

    public ArmedFault(FaultKind kind, String at, Map<String, String> args, int count) {
        this(kind, at, args, count, null);
    }

    /** {@code thread}, if set, restricts the match to events emitted by that thread name. */
    public ArmedFault(FaultKind kind, String at, Map<String, String> args, int count, String thread) {
        if (kind.needsAt() && (at == null || at.isEmpty())) {
            throw new IllegalArgumentException("fault '" + kind.wireName() + "' needs 'at' (a trace event name)");
        }
        if (count < 1) {
            throw new IllegalArgumentException("'count' must be at least 1");
        }
        this.kind = kind;
        this.at = at;
        this.args = Map.copyOf(args);
        this.count = count;
        this.thread = thread;
    }

    public FaultKind kind() {
        return kind;
    }

    public String at() {
        return at;
    }

    /** Counts a matching event; true exactly when this one is the count-th match. */
    boolean hit(TraceEvent e) {
        if (at == null || !at.equals(e.name()) || !argsMatch(e)
                || (thread != null && !thread.equals(Thread.currentThread().getName()))) {
            return false;
        }
        seen++;
        return seen == count;
    }

    private boolean argsMatch(TraceEvent e) {
        for (Map.Entry<String, String> want : args.entrySet()) {
            Object have = e.arg(want.getKey());
            if (have == null || !valueMatches(want.getValue(), have)) {
                return false;
            }
        }
        return true;
    }

    static boolean valueMatches(String want, Object have) {
        if (have instanceof Number) {
            long h = ((Number) have).longValue();
            try {
                if (want.startsWith("0x") || want.startsWith("0X")) {
                    return Long.parseUnsignedLong(want.substring(2), 16) == h;
                }
                return Long.parseLong(want) == h;
            } catch (NumberFormatException ex) {
                return false;
            }
        }
        return want.equals(String.valueOf(have));
    }
}
