package org.migspec.modelcheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TLA+ values as TLC prints them, read into plain Java values, and printed back.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><td>{@code "text"}</td><td>{@link String}</td></tr>
 *   <tr><td>{@code 42}, {@code -1}</td><td>{@link Long}</td></tr>
 *   <tr><td>{@code TRUE}, {@code FALSE}</td><td>{@link Boolean}</td></tr>
 *   <tr><td>{@code <<a, b>>}</td><td>{@link List}</td></tr>
 *   <tr><td>{@code {a, b}}, {@code 1..3}</td><td>{@link Set} (TLC's order kept)</td></tr>
 *   <tr><td>{@code [f |-> 1]}</td><td>{@link Map} with {@code String} keys (field order kept)</td></tr>
 *   <tr><td>{@code (1 :> 0 @@ 2 :> -1)}</td><td>{@link Map} with value keys</td></tr>
 *   <tr><td>a bare name (model value)</td><td>{@link ModelValue}</td></tr>
 * </table>
 * Records and functions both become maps: in TLA+ a record is a function whose
 * domain is a set of strings, and TLC prints a function over 1..n as a tuple.
 */
public final class TlaValue {

    /** A TLC model value (an uninterpreted constant such as {@code m1}). */
    public record ModelValue(String name) {
        @Override public String toString() { return name; }
    }

    /** Text TLC printed as a value that {@link #parse} could not read; kept verbatim. */
    public record Unparsed(String text) {
        @Override public String toString() { return text; }
    }

    /** A value TLC printed that this parser does not understand. */
    public static final class ParseException extends RuntimeException {
        ParseException(String message, String text, int pos) {
            super(message + " at offset " + pos + " in: " + abbreviate(text, pos));
        }

        private static String abbreviate(String text, int pos) {
            int from = Math.max(0, pos - 30), to = Math.min(text.length(), pos + 30);
            return (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
        }
    }

    private final String text;
    private int pos;

    private TlaValue(String text) {
        this.text = text;
    }

    /** Parses one value; the whole text must be that value (surrounding whitespace aside). */
    public static Object parse(String text) {
        TlaValue p = new TlaValue(text);
        Object v = p.value();
        p.skipWs();
        if (p.pos != text.length()) throw p.error("unexpected text after the value");
        return v;
    }

    // ------------------------------------------------------------------ parser

    private Object value() {
        skipWs();
        if (pos >= text.length()) throw error("value expected");
        char c = text.charAt(pos);
        if (c == '"') return string();
        if (c == '-' || Character.isDigit(c)) return numberOrInterval();
        if (startsWith("<<")) return tuple();
        if (c == '{') return set();
        if (c == '[') return record();
        if (c == '(') return function();
        if (Character.isLetter(c) || c == '_') {
            String name = identifier();
            return switch (name) {
                case "TRUE" -> Boolean.TRUE;
                case "FALSE" -> Boolean.FALSE;
                default -> new ModelValue(name);
            };
        }
        throw error("unexpected character '" + c + "'");
    }

    private String string() {
        expect("\"");
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("unterminated escape");
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'f' -> sb.append('\f');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                default -> throw error("unknown escape \\" + e);
            }
        }
    }

    private Object numberOrInterval() {
        long from = integer();
        skipWs();
        if (!startsWith("..")) return from;
        pos += 2;
        skipWs();
        long to = integer();
        Set<Object> s = new LinkedHashSet<>();
        for (long i = from; i <= to; i++) s.add(i);
        return Collections.unmodifiableSet(s);
    }

    private long integer() {
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '-') pos++;
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
        if (pos == digits) throw error("digit expected");
        try {
            return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("integer out of range");
        }
    }

    private List<Object> tuple() {
        expect("<<");
        List<Object> l = new ArrayList<>();
        skipWs();
        if (!startsWith(">>")) {
            do {
                l.add(value());
                skipWs();
            } while (accept(","));
        }
        expect(">>");
        return Collections.unmodifiableList(l);
    }

    private Set<Object> set() {
        expect("{");
        Set<Object> s = new LinkedHashSet<>();
        skipWs();
        if (!startsWith("}")) {
            do {
                s.add(value());
                skipWs();
            } while (accept(","));
        }
        expect("}");
        return Collections.unmodifiableSet(s);
    }

    private Map<Object, Object> record() {
        expect("[");
        Map<Object, Object> m = new LinkedHashMap<>();
        skipWs();
        if (!startsWith("]")) {
            do {
                skipWs();
                String field = identifier();
                skipWs();
                expect("|->");
                m.put(field, value());
                skipWs();
            } while (accept(","));
        }
        expect("]");
        return Collections.unmodifiableMap(m);
    }

    /** {@code (k1 :> v1 @@ k2 :> v2)}; TLC puts the parentheses around the whole function. */
    private Map<Object, Object> function() {
        expect("(");
        Map<Object, Object> m = new LinkedHashMap<>();
        do {
            Object k = value();
            skipWs();
            expect(":>");
            m.put(k, value());
            skipWs();
        } while (accept("@@"));
        expect(")");
        return Collections.unmodifiableMap(m);
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
        if (pos == start) throw error("name expected");
        return text.substring(start, pos);
    }

    private void skipWs() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private boolean startsWith(String s) {
        return text.startsWith(s, pos);
    }

    private boolean accept(String s) {
        skipWs();
        if (!startsWith(s)) return false;
        pos += s.length();
        return true;
    }

    private void expect(String s) {
        skipWs();
        if (!startsWith(s)) throw error("'" + s + "' expected");
        pos += s.length();
    }

    private ParseException error(String message) {
        return new ParseException(message, text, pos);
    }

    // ------------------------------------------------------------------ printer

    /** TLA+ text of a value, on one line: {@code [a |-> 1, b |-> <<"x">>]}. */
    public static String format(Object v) {
        StringBuilder sb = new StringBuilder();
        format(v, sb);
        return sb.toString();
    }

    private static void format(Object v, StringBuilder sb) {
        if (v instanceof String s) {
            sb.append(quote(s));
        } else if (v instanceof Boolean b) {
            sb.append(b ? "TRUE" : "FALSE");
        } else if (v instanceof List<?> l) {
            sb.append("<<");
            join(l, sb);
            sb.append(">>");
        } else if (v instanceof Set<?> s) {
            sb.append('{');
            join(s, sb);
            sb.append('}');
        } else if (v instanceof Map<?, ?> m) {
            if (isRecord(m)) {
                sb.append('[');
                String sep = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(sep).append(e.getKey()).append(" |-> ");
                    format(e.getValue(), sb);
                    sep = ", ";
                }
                sb.append(']');
            } else {
                sb.append('(');
                String sep = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(sep);
                    format(e.getKey(), sb);
                    sb.append(" :> ");
                    format(e.getValue(), sb);
                    sep = " @@ ";
                }
                sb.append(')');
            }
        } else {
            sb.append(v); // Long, ModelValue, Unparsed
        }
    }

    /** A map prints as a record when every key is a string that is a TLA+ name. */
    public static boolean isRecord(Map<?, ?> m) {
        if (m.isEmpty()) return true;
        for (Object k : m.keySet()) {
            if (!(k instanceof String s) || !s.matches("[A-Za-z_][A-Za-z0-9_]*")) return false;
        }
        return true;
    }

    private static void join(Iterable<?> items, StringBuilder sb) {
        String sep = "";
        for (Object o : items) {
            sb.append(sep);
            format(o, sb);
            sep = ", ";
        }
    }

    /** A TLA+ string literal. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
