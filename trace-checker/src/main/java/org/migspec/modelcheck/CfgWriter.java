package org.migspec.modelcheck;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a model's TLC configuration file.
 *
 * <p>JSON constants become TLA+ values: string → {@code "..."}, boolean →
 * {@code TRUE}/{@code FALSE}, integer → integer, array → set {@code {...}} of its
 * converted elements.  Objects, fractions and null are rejected.
 */
public final class CfgWriter {

    private CfgWriter() {
    }

    /** The TLA+ text of a manifest constant; IllegalArgumentException for an unsupported value. */
    public static String toTla(JsonNode v) {
        if (v.isTextual()) return TlaValue.quote(v.asText());
        if (v.isBoolean()) return v.asBoolean() ? "TRUE" : "FALSE";
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) throw new IllegalArgumentException("integer out of range");
            return Long.toString(v.asLong());
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode e : v) items.add(toTla(e));
            return "{" + String.join(", ", items) + "}";
        }
        throw new IllegalArgumentException("unsupported value " + v
                + " (use a string, boolean, integer or array; arrays become sets)");
    }

    /** The cfg text: a comment header (name, description, expected outcome), then the model. */
    public static String write(ModelEntry m, String manifestName) {
        StringBuilder sb = new StringBuilder();
        sb.append("\\* ").append(m.name()).append('\n');
        if (!m.description().isEmpty()) {
            for (String line : wrap(m.description(), 76)) sb.append("\\* ").append(line).append('\n');
        }
        sb.append("\\* Expected: ").append(m.expected().outcomeName());
        if (m.expected().violated()) sb.append(" (").append(m.expected().brief()).append(')');
        sb.append('\n');
        sb.append("\\* Generated from ").append(manifestName).append(" by CheckSpec; edit the manifest, not this file.\n");
        if (!m.constants().isEmpty()) {
            sb.append("CONSTANTS\n");
            for (Map.Entry<String, JsonNode> c : m.constants().entrySet())
                sb.append("    ").append(c.getKey()).append(" = ").append(toTla(c.getValue())).append('\n');
        }
        sb.append("SPECIFICATION ").append(m.specification()).append('\n');
        if (m.view() != null) sb.append("VIEW ").append(m.view()).append('\n');
        sb.append("CHECK_DEADLOCK ").append(m.checkDeadlock() ? "TRUE" : "FALSE").append('\n');
        list(sb, "INVARIANTS", m.invariants());
        list(sb, "PROPERTIES", m.properties());
        return sb.toString();
    }

    private static void list(StringBuilder sb, String keyword, List<String> names) {
        if (names.isEmpty()) return;
        sb.append(keyword).append('\n');
        for (String n : names) sb.append("    ").append(n).append('\n');
    }

    /** Greedy word wrap; a word longer than the width gets a line of its own. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }
}
