package org.migspec.checker.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one table of QEMU trace events, spec/trace-events, in QEMU's trace-events syntax (its
 * header says how to read it): every event the reference implementation emits (checked against
 * it by the implementation's TraceEventsTableTest) and every event the checker knows. The build
 * packages it with the checker as a resource (trace-checker/pom.xml), so that `./migspec check`
 * from a clone reads the same file. --strict knows its names ({@code KnownEvents}); the formats
 * {@link QemuEventArgs} parses are checked against its declarations (TraceEventsTableTest).
 */
public final class TraceEventsTable {
    /** Where the build puts spec/trace-events on the checker's class path. */
    public static final String RESOURCE = "/org/migspec/checker/trace-events";

    /**
     * One declaration: the event's name, its argument names as MigSpec's NDJSON (and the checker's
     * parsed QEMU lines) have them, QEMU's format text, and whether the implementation emits it.
     */
    public record Event(String name, List<String> args, String format, boolean emitted) {
    }

    private static final Pattern DECLARATION = Pattern.compile("(?<name>[a-z0-9_]+)\\((?<args>[^)]*)\\)\\s*(?<format>\".*)");
    private static final String CHECKER_ONLY = "# checker only";
    private static final String NDJSON = "# ndjson:";

    private static volatile List<Event> events;

    private TraceEventsTable() {
    }

    /** The table's declarations, in its order (a name stands twice where 7.2 and 10.2 differ). */
    public static List<Event> events() {
        List<Event> e = events;
        if (e == null) {
            e = read();
            events = e;
        }
        return e;
    }

    /** Every event name of the table. */
    public static Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        for (Event e : events()) {
            out.add(e.name());
        }
        return Set.copyOf(out);
    }

    private static List<Event> read() {
        try (InputStream in = TraceEventsTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: the build copies it from "
                        + "spec/trace-events (mvn package)");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The declarations of a table's lines, by the rules in spec/trace-events' header. */
    static List<Event> parse(List<String> lines) {
        List<Event> out = new ArrayList<>();
        boolean groupCheckerOnly = false;
        List<String> renamed = null;
        int n = 0;
        for (String line : lines) {
            n++;
            String t = line.strip();
            if (t.isEmpty()) {
                groupCheckerOnly = false;
                continue;
            }
            if (t.startsWith("#")) {
                groupCheckerOnly |= t.equals(CHECKER_ONLY);
                if (t.startsWith(NDJSON)) {
                    String names = t.substring(NDJSON.length()).strip();
                    renamed = names.isEmpty() ? List.of() : Arrays.asList(names.split("\\s+"));
                }
                continue;
            }
            Matcher m = DECLARATION.matcher(t);
            if (!m.matches()) {
                throw new IllegalStateException(RESOURCE + ":" + n + ": not a trace-events declaration: " + t);
            }
            List<String> args = renamed != null ? renamed : qemuArgNames(m.group("args"));
            out.add(new Event(m.group("name"), List.copyOf(args), m.group("format"), !groupCheckerOnly));
            renamed = null;
        }
        return List.copyOf(out);
    }

    /** "const char *s, uint16_t len" gives [s, len]; "void" none. */
    private static List<String> qemuArgNames(String decl) {
        List<String> names = new ArrayList<>();
        if (decl.strip().equals("void")) {
            return names;
        }
        for (String arg : decl.split(",")) {
            String[] words = arg.strip().split("[\\s*]+");
            names.add(words[words.length - 1]);
        }
        return names;
    }
}
