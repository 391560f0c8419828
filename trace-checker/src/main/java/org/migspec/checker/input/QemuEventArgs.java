package org.migspec.checker.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arguments of QEMU trace lines, parsed back from the formats in QEMU's
 * migration/trace-events (ground truth §8) into the names the spec uses.  Only events
 * the spec maps are parsed; every other event keeps its text and is skipped.  Each format
 * here parses the text of its event's declarations in spec/trace-events into the argument
 * names the table gives MigSpec's NDJSON (TraceEventsTableTest), so the spec sees the same
 * names from either input.
 */
public final class QemuEventArgs {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One printf-style format turned into a regex with named, typed fields. */
    private record Format(Pattern pattern, List<String> names, List<Character> types) {
    }

    private static final Map<String, List<Format>> FORMATS = new LinkedHashMap<>();

    private static void def(String event, String regex, String... fields) {
        List<String> names = new java.util.ArrayList<>();
        List<Character> types = new java.util.ArrayList<>();
        for (String f : fields) {
            names.add(f.substring(2));
            types.add(f.charAt(0));
        }
        FORMATS.computeIfAbsent(event, k -> new java.util.ArrayList<>())
                .add(new Format(Pattern.compile("^" + regex + "\\s*$"), names, types));
    }

    // Types: s = string, x = hexadecimal 0x%x, d = decimal, u = unsigned decimal, _ = ignored
    static {
        def("migrate_set_state", "new state (\\S+)", "s:new_state");
        def("runstate_set", "current_run_state (-?\\d+) \\(([^)]*)\\) new_state (-?\\d+) \\(([^)]*)\\)",
                "_:current_run_state_id", "s:current_run_state", "_:new_state_id", "s:new_state");
        def("source_return_path_thread_pong", "0x([0-9a-fA-F]+)", "x:val");
        def("source_return_path_thread_shut", "0x([0-9a-fA-F]+)", "x:val");
        def("source_return_path_thread_resume_ack", "(\\d+)", "u:v");
        def("savevm_send_ping", "0x([0-9a-fA-F]+)", "x:val");
        def("loadvm_process_command_ping", "0x([0-9a-fA-F]+)", "x:val");
        def("loadvm_postcopy_handle_listen", "(.+?)", "s:str");
        def("process_incoming_migration_co_end", "ret=(-?\\d+) postcopy-state=(-?\\d+)", "d:ret", "d:ps");
        def("process_incoming_migration_co_end", "ret=(-?\\d+)", "d:ret");
        def("migration_block_activation", "(\\S+)", "s:name");
        def("migration_return_path_end_after", "(-?\\d+)", "d:rp_error");
        def("migration_return_path_end_after", "");
    }

    private QemuEventArgs() {
    }

    /** The events whose arguments are parsed (their formats are checked against spec/trace-events). */
    public static Set<String> parsedEvents() {
        return Collections.unmodifiableSet(FORMATS.keySet());
    }

    /**
     * Parses the argument text of {@code event}.  QMP entry events carry the command's JSON
     * arguments; events without a format here take no arguments (trailing text is kept
     * under "text" and ignored by the matcher).
     */
    public static Map<String, Object> parse(String event, String text, String file, long line, int column)
            throws TraceInputException {
        String t = text == null ? "" : text.strip();
        Map<String, Object> out = new LinkedHashMap<>();
        if (event.startsWith("qmp_enter_") || event.startsWith("qmp_exit_")) {
            return qmpArgs(event, t, file, line, column);
        }
        List<Format> formats = FORMATS.get(event);
        if (formats == null) {
            if (!t.isEmpty()) out.put("text", t);
            return out;
        }
        for (Format f : formats) {
            Matcher m = f.pattern.matcher(t);
            if (!m.matches()) continue;
            for (int i = 0; i < f.names.size(); i++) {
                char type = f.types.get(i);
                if (type == '_') continue;
                String g = m.group(i + 1);
                out.put(f.names.get(i), switch (type) {
                    case 'x' -> Numbers.parse(g, 16, file, line, column, f.names.get(i));
                    case 'd', 'u' -> Numbers.parse(g, 10, file, line, column, f.names.get(i));
                    default -> g;
                });
            }
            return out;
        }
        throw new TraceInputException(file, line, column,
                event + ": arguments \"" + t + "\" do not match QEMU's trace format for this event");
    }

    /** qmp_enter_migrate {"uri": ..., "resume": true}: the spec looks at `resume` only. */
    private static Map<String, Object> qmpArgs(String event, String t, String file, long line, int column)
            throws TraceInputException {
        Map<String, Object> out = new LinkedHashMap<>();
        int brace = t.indexOf('{');
        if (brace < 0) return out;
        int end = t.lastIndexOf('}');
        if (end < brace) {
            throw new TraceInputException(file, line, column + brace, event + ": truncated JSON arguments");
        }
        JsonNode n;
        try {
            n = JSON.readTree(t.substring(brace, end + 1));
        } catch (Exception e) {
            throw new TraceInputException(file, line, column + brace, event + ": malformed JSON arguments");
        }
        if (event.equals("qmp_enter_migrate")) {
            out.put("resume", n.path("resume").asBoolean(false));
        }
        out.put("json", n);
        return out;
    }
}
