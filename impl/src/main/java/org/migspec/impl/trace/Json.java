package org.migspec.impl.trace;

/** Minimal JSON text writer used by the NDJSON sink (no reflection, exact 64-bit integers). */
public final class Json {
    private Json() {
    }

    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    public static void value(StringBuilder sb, Object v) {
        if (v instanceof String) {
            string(sb, (String) v);
        } else if (v instanceof Unsigned) {
            sb.append(Long.toUnsignedString(((Unsigned) v).value()));
        } else if (v instanceof Long || v instanceof Integer) {
            sb.append(v);
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof RawJson) {
            sb.append(((RawJson) v).json());
        } else {
            string(sb, String.valueOf(v));
        }
    }

    public static void args(StringBuilder sb, Object[] kv) {
        sb.append('{');
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, (String) kv[i]);
            sb.append(':');
            value(sb, kv[i + 1]);
        }
        sb.append('}');
    }
}
