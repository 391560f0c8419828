package org.migspec.checker.input;

import java.math.BigInteger;
import java.util.Map;

/** How argument values compare and print: ping/pong values in hex as QEMU traces them. */
public final class ArgValues {
    private ArgValues() {
    }

    /** Spec values (Long, String, Boolean) against trace values (Long, BigInteger, String, Boolean). */
    public static boolean same(Object spec, Object trace) {
        if (spec == null || trace == null) return spec == trace;
        if (spec instanceof Number a && trace instanceof Number b) {
            return toBig(a).equals(toBig(b));
        }
        return spec.toString().equals(trace.toString());
    }

    private static BigInteger toBig(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    public static String format(String key, Object v) {
        if (v instanceof Number n && ("val".equals(key))) return "0x" + Long.toHexString(n.longValue());
        return String.valueOf(v);
    }

    /** "migrate_set_state(new_state=postcopy-device)": an event as reports print it. */
    public static String describe(String name, Map<String, Object> args) {
        if (args.isEmpty()) return name;
        StringBuilder sb = new StringBuilder(name).append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : args.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            sb.append(e.getKey()).append('=').append(format(e.getKey(), e.getValue()));
        }
        return sb.append(')').toString();
    }
}
