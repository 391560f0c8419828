package org.migspec.modelcheck;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --update-manifest}: rewrites the {@code recorded} numbers of the models that
 * ran, by editing the manifest's text in place.  Nothing else changes, byte for byte:
 * an existing {@code recorded} object keeps its key order (new keys go last) and its
 * layout (one line, or one key per line); a model without one gets
 * {@code "recorded": { "distinct": ..., "generated": ..., "depth": ..., "seconds": ... }}
 * as its last field, indented like the field before it, on one line or one key per
 * line like the model's {@code expected} object.
 */
public final class ManifestUpdater {

    /** The numbers for one model. */
    public record Numbers(long distinct, long generated, long depth, double seconds) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("distinct", distinct);
            m.put("generated", generated);
            m.put("depth", depth);
            m.put("seconds", BigDecimal.valueOf(seconds).setScale(1, RoundingMode.HALF_UP));
            return m;
        }
    }

    /** Where a model object sits in the text. */
    private record Span(int modelStart, int modelEnd, int recordedStart, int recordedEnd, int lastKeyStart,
                        boolean expectedMultiline) {
    }

    private ManifestUpdater() {
    }

    /** The numbers of a result worth recording, or null (TLC error, or numbers missing). */
    public static Numbers numbersOf(ModelResult r) {
        TlcStats s = r.stats();
        if (r.outcome().kind() == Outcome.Kind.ERROR || s.distinct() == null || s.generated() == null
                || s.depth() == null) return null;
        return new Numbers(s.distinct(), s.generated(), s.depth(), r.seconds());
    }

    /** Updates the file; returns the models whose entry changed. */
    public static List<String> update(Path file, Map<String, Numbers> numbers) throws IOException {
        String text = Files.readString(file);
        String updated = update(text, numbers);
        List<String> changed = new ArrayList<>();
        if (!updated.equals(text)) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, updated);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            changed.addAll(numbers.keySet());
        }
        return changed;
    }

    /** The manifest text with the given models' {@code recorded} objects replaced or added. */
    public static String update(String text, Map<String, Numbers> numbers) throws IOException {
        Map<String, Span> spans = locate(text);
        // Edit from the end so that earlier offsets stay valid.
        List<Map.Entry<String, Span>> todo = new ArrayList<>();
        for (Map.Entry<String, Span> e : spans.entrySet()) if (numbers.containsKey(e.getKey())) todo.add(e);
        todo.sort(Comparator.comparingInt((Map.Entry<String, Span> e) -> e.getValue().modelStart()).reversed());
        StringBuilder sb = new StringBuilder(text);
        for (Map.Entry<String, Span> e : todo) {
            Span s = e.getValue();
            Map<String, Object> values = numbers.get(e.getKey()).asMap();
            if (s.recordedStart() >= 0) {
                String old = text.substring(s.recordedStart(), s.recordedEnd());
                String indent = indentOfLine(text, s.recordedStart());
                sb.replace(s.recordedStart(), s.recordedEnd(), render(merge(old, values), old.contains("\n"), indent));
            } else {
                int insertAt = s.modelEnd() - 1; // the closing brace
                while (insertAt > s.modelStart() && Character.isWhitespace(text.charAt(insertAt - 1))) insertAt--;
                boolean multiline = text.substring(s.modelStart(), s.modelEnd()).contains("\n");
                String fieldIndent = multiline ? indentOfLine(text, s.lastKeyStart()) : "";
                // the new object is laid out like its sibling "expected"
                String insertion = (multiline ? ",\n" + fieldIndent : ", ") + "\"recorded\": "
                        + render(values, multiline && s.expectedMultiline(), fieldIndent);
                sb.insert(insertAt, insertion);
            }
        }
        return sb.toString();
    }

    private static Map<String, Object> merge(String oldJson, Map<String, Object> values) throws IOException {
        JsonNode old = new ObjectMapper().readTree(oldJson);
        Map<String, Object> merged = new LinkedHashMap<>();
        if (old instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                merged.put(f.getKey(), values.containsKey(f.getKey()) ? values.get(f.getKey()) : f.getValue());
            }
        }
        values.forEach(merged::putIfAbsent);
        return merged;
    }

    private static String render(Map<String, Object> values, boolean multiline, String indent) throws IOException {
        ObjectMapper om = new ObjectMapper();
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, Object> f : values.entrySet())
            fields.add(om.writeValueAsString(f.getKey()) + ": " + om.writeValueAsString(f.getValue()));
        if (!multiline) return "{ " + String.join(", ", fields) + " }";
        return "{\n" + indent + "  " + String.join(",\n" + indent + "  ", fields) + "\n" + indent + "}";
    }

    private static String indentOfLine(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        int i = lineStart;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
        return text.substring(lineStart, i);
    }

    /** Finds every model object of {@code models} and its {@code recorded} value. */
    private static Map<String, Span> locate(String text) throws IOException {
        Map<String, Span> spans = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("manifest is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("models") || value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    String name = null;
                    int recStart = -1, recEnd = -1, lastKey = -1;
                    boolean expectedMultiline = false;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        lastKey = (int) p.currentTokenLocation().getCharOffset();
                        String key = p.currentName();
                        JsonToken t = p.nextToken();
                        if (key.equals("name") && t == JsonToken.VALUE_STRING) {
                            name = p.getText();
                        } else if (key.equals("recorded") && t == JsonToken.START_OBJECT) {
                            recStart = (int) p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            recEnd = (int) p.currentTokenLocation().getCharOffset() + 1;
                        } else if (key.equals("expected") && t == JsonToken.START_OBJECT) {
                            int from = (int) p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            int to = (int) p.currentTokenLocation().getCharOffset();
                            expectedMultiline = text.substring(from, to).contains("\n");
                        } else if (key.equals("recorded") && t == JsonToken.VALUE_NULL) {
                            recStart = (int) p.currentTokenLocation().getCharOffset();
                            recEnd = recStart + "null".length();
                        } else {
                            p.skipChildren();
                        }
                    }
                    int end = (int) p.currentTokenLocation().getCharOffset() + 1;
                    if (name != null) spans.put(name, new Span(start, end, recStart, recEnd, lastKey, expectedMultiline));
                }
            }
        }
        return spans;
    }
}
