package org.migspec.checker.input;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MigSpec NDJSON (impl/README.md): a header line
 * {"header":{"format":"migspec-trace","version":1,"variant":..,"side":..,"capabilities":{..},..}}
 * then one event per line {"ts":ns,"pid":..,"tid":..,"thread":..,"event":..,"args":{..}}.
 */
final class NdjsonTraceFile extends TraceFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final TraceHeader header;
    private final RecordedEvents recorded;
    private Side side;
    private String current;   // the line being parsed, for columns

    /** Lines read ahead (in a second reader) for the capabilities set over QMP. */
    private static final int PRESCAN_LINES = 5000;

    NdjsonTraceFile(String name, java.nio.file.Path path, BufferedReader reader) throws TraceInputException, IOException {
        super(name, reader);
        String first = reader.readLine();
        lineNo = 1;
        JsonNode h = parseLine(first, true).path("header");
        if (!h.isObject()) {
            throw new TraceInputException(name, 1, 1, "header: the first line must be {\"header\": {...}}");
        }
        String format = h.path("format").asText("");
        if (!format.equals("migspec-trace")) {
            throw new TraceInputException(name, 1, 1, "header.format: expected \"migspec-trace\", got \"" + format + "\"");
        }
        String sideText = h.path("side").asText("");
        side = Side.parse(sideText);
        if (side == null) {
            throw new TraceInputException(name, 1, 1, "header.side: expected \"src\" or \"dst\", got \"" + sideText + "\"");
        }
        String variant = h.hasNonNull("variant") ? h.get("variant").asText() : null;
        Map<String, Boolean> caps = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = h.path("capabilities").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isBoolean()) {
                throw new TraceInputException(name, 1, 1, "header.capabilities." + e.getKey() + ": not a boolean");
            }
            caps.put(e.getKey(), e.getValue().asBoolean());
        }
        if (path != null) prescanCapabilities(path, caps);
        Boolean mgmt = h.has("management") ? h.get("management").asBoolean() : null;
        header = new TraceHeader(TraceFormat.NDJSON, variant, side, caps, mgmt);
        JsonNode events = h.path("events");
        if (events.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode n : events) names.add(n.asText());
            recorded = RecordedEvents.of(names, name + " header.events");
        } else {
            recorded = RecordedEvents.all();
        }
    }

    /**
     * The header has the capabilities the process started with; a management layer sets the
     * others over QMP (qmp_enter_migrate_set_capabilities) before migrating.  Lines that do
     * not parse are left for the stream to report.
     */
    private static void prescanCapabilities(java.nio.file.Path path, Map<String, Boolean> caps) throws IOException {
        try (BufferedReader r = java.nio.file.Files.newBufferedReader(path, java.nio.charset.StandardCharsets.UTF_8)) {
            r.readLine();
            String l;
            int n = 0;
            while ((l = r.readLine()) != null && n++ < PRESCAN_LINES) {
                if (!l.contains("qmp_enter_migrate_set_capabilities")) continue;
                JsonNode e;
                try {
                    e = JSON.readTree(l);
                } catch (JsonProcessingException ex) {
                    continue;
                }
                if (!"qmp_enter_migrate_set_capabilities".equals(e.path("event").asText())) continue;
                JsonNode a = e.path("args");
                JsonNode list = a.path("params").isObject() ? a.path("params").path("capabilities") : a.path("capabilities");
                for (JsonNode c : list) {
                    if (c.path("capability").isTextual() && c.path("state").isBoolean()) {
                        caps.put(c.path("capability").asText(), c.path("state").asBoolean());
                    }
                }
            }
        }
    }

    private JsonNode parseLine(String line, boolean header) throws TraceInputException {
        if (line == null) throw new TraceInputException(name, lineNo, 0, "empty file: no header line");
        try {
            return JSON.readTree(line);
        } catch (JsonParseException e) {
            int col = e.getLocation() == null ? 0 : (int) e.getLocation().getColumnNr();
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input")
                    ? "truncated line (the JSON object is not closed)" : "malformed JSON: " + firstLine(e.getOriginalMessage());
            throw new TraceInputException(name, lineNo, col, (header ? "header: " : "") + what);
        } catch (JsonProcessingException e) {
            throw new TraceInputException(name, lineNo, 0, "malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public TraceHeader header() {
        return header;
    }

    @Override
    public RecordedEvents recorded() {
        return recorded;
    }

    @Override
    public void assumeSide(Side s) {
        // the header names the side
    }

    @Override
    public TraceEvent next() throws TraceInputException {
        String l;
        do {
            try {
                l = reader.readLine();
            } catch (IOException e) {
                throw new TraceInputException(name, lineNo + 1, 0, "cannot read: " + e.getMessage());
            }
            if (l == null) return null;
            lineNo++;
        } while (l.isBlank());
        current = l;
        JsonNode n;
        try {
            n = parseLine(l, false);
        } catch (TraceInputException e) {
            if (cutMidLine(l) && atEnd()) {
                // a process killed by SIGKILL while it wrote its last line: what the OS had
                notes.add("line " + lineNo + ": the last line is cut mid-line (" + l.length()
                        + " characters, the JSON object is not closed); ignored: the process ended while writing it");
                return null;
            }
            throw e;
        }
        if (!n.isObject()) throw new TraceInputException(name, lineNo, 1, "not a JSON object");
        JsonNode ev = n.get("event");
        if (ev == null || !ev.isTextual()) {
            throw new TraceInputException(name, lineNo, 1, "event: missing or not a string");
        }
        String event = ev.asText();
        if (!EVENT_NAME.matcher(event).matches()) {
            throw new TraceInputException(name, lineNo, 1, "event: not a trace-event name: \"" + event + "\"");
        }
        int key = l.indexOf("\"event\"");
        checkKnown(event, key < 0 ? 1 : key + 1);
        Long ts = null;
        JsonNode t = n.get("ts");
        if (t != null) {
            if (!t.isIntegralNumber()) throw new TraceInputException(name, lineNo, 1, "ts: not an integer");
            BigInteger b = t.bigIntegerValue();
            if (b.bitLength() >= 64) {
                throw new TraceInputException(name, lineNo, column("ts"), "ts: number out of range (more than 63 bits): " + b);
            }
            ts = b.longValue();
        }
        String thread = n.hasNonNull("thread") ? n.get("thread").asText() : null;
        Map<String, Object> args = new LinkedHashMap<>();
        JsonNode a = n.get("args");
        if (a != null && !a.isNull()) {
            if (!a.isObject()) throw new TraceInputException(name, lineNo, 1, "args: not a JSON object");
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                args.put(e.getKey(), value(e.getKey(), e.getValue()));
            }
        }
        if (event.equals("qmp_enter_migrate") && !args.containsKey("resume")) {
            // QMP arguments are under "params" (impl/README.md); the spec looks at `resume` only
            JsonNode p = a == null ? null : a.get("params");
            args.put("resume", p != null && p.path("resume").asBoolean(false));
        }
        return new TraceEvent(name, lineNo, side, ts, thread, event, args);
    }

    /**
     * Whether {@code line} is the beginning of an event line that stops early: the JSON ends
     * before its object is closed (a cut line is a prefix of a well-formed one; a malformed
     * line is not).
     */
    private static boolean cutMidLine(String line) {
        if (!line.startsWith("{")) return false;
        try {
            JSON.readTree(line);
            return false;
        } catch (JsonParseException e) {
            String m = e.getOriginalMessage();
            return m != null && m.contains("end-of-input");
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** Whether nothing but blank lines follows the current line. */
    private boolean atEnd() {
        try {
            String next;
            while ((next = reader.readLine()) != null) {
                if (!next.isBlank()) return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The 1-based column of a field's key in the current line (1 if not found). */
    private int column(String field) {
        int i = current == null ? -1 : current.indexOf("\"" + field + "\"");
        return i < 0 ? 1 : i + 1;
    }

    private Object value(String field, JsonNode v) throws TraceInputException {
        if (v.isIntegralNumber()) return Numbers.checked(v.bigIntegerValue(), name, lineNo, column(field), "args." + field);
        if (v.isNumber()) {
            throw new TraceInputException(name, lineNo, 1, "args." + field + ": not an integer (trace values are exact)");
        }
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual()) return v.asText();
        if (v.isNull()) throw new TraceInputException(name, lineNo, 1, "args." + field + ": null is not a trace value");
        return v; // nested JSON (QMP arguments)
    }
}
