package org.migspec.impl.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.trace.RawJson;
import org.migspec.impl.trace.TraceEvent;
import org.migspec.impl.trace.TraceSink;
import org.migspec.impl.trace.Unsigned;

/**
 * The implementation's trace API against the one table of QEMU trace events that the checker
 * reads too, spec/trace-events: every {@link MigTrace} method, called through {@link TracePoints}
 * with a recording sink, emits one event that the table has, with the table's argument names and
 * values of QEMU's types; every event the table says the implementation emits has a method. The
 * table's reading rules are in its header; the checker has its own reader (TraceEventsTable)
 * because the implementation does not depend on the checker.
 */
class TraceEventsTableTest {
    /** Surefire runs in the module directory; the table is the repository's. */
    private static final Path TABLE = Path.of("..", "spec", "trace-events");
    private static final Pattern EVENT = Pattern.compile("([a-z0-9_]+)\\(([^)]*)\\)\\s*\".*");

    /** A table line: QEMU's argument types, and the argument names MigSpec's NDJSON uses. */
    private record Line(String name, List<String> types, List<String> args, boolean qemuNames, boolean emitted) {
        String signature() {
            return name + args;
        }
    }

    @Test
    void everyTraceMethodEmitsAnEventOfTheTableAndEveryEmittedEventHasAMethod() throws Exception {
        List<Line> table = table();
        List<String> commands = new ArrayList<>();
        for (Line l : table) {
            if (l.emitted() && l.name().startsWith("qmp_enter_")) {
                commands.add(l.name().substring("qmp_enter_".length()));
            }
        }
        assertFalse(commands.isEmpty(), TABLE + ": no qmp_enter_* event for the implementation");

        List<TraceEvent> written = new ArrayList<>();
        MigTrace points = new TracePoints(recording(written), FaultHook.NONE);
        Map<String, String> emitted = new TreeMap<>();
        List<Method> methods = new ArrayList<>(List.of(MigTrace.class.getMethods()));
        methods.sort(Comparator.comparing(Method::getName));
        for (Method m : methods) {
            // qmp_enter_<command> and qmp_exit_<command> take their name from the command: one
            // call for every command of the table
            boolean qmp = m.getName().equals("qmpEnter") || m.getName().equals("qmpExit");
            for (String command : qmp ? commands : List.of("x")) {
                int before = written.size();
                m.invoke(points, arguments(m, command));
                assertEquals(before + 1, written.size(), m.getName() + " must write exactly one event");
                TraceEvent e = written.get(before);
                Line l = new Line(e.name(), null, keys(e), true, true);
                emitted.put(l.signature(), m.getName());
                checkTypes(table, e, m.getName());
            }
        }

        TreeSet<String> expected = new TreeSet<>();
        for (Line l : table) {
            if (l.emitted()) {
                expected.add(l.signature());
            }
        }
        TreeSet<String> notInTable = new TreeSet<>(emitted.keySet());
        notInTable.removeAll(expected);
        TreeSet<String> noMethod = new TreeSet<>(expected);
        noMethod.removeAll(emitted.keySet());
        List<String> wrong = new ArrayList<>();
        notInTable.forEach(s -> wrong.add("MigTrace." + emitted.get(s) + " emits " + s + ", which " + TABLE
                + " does not have"));
        noMethod.forEach(s -> wrong.add(TABLE + " has " + s + " for the implementation, and no MigTrace method"
                + " emits it (mark its group '# checker only' if the implementation does not)"));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** The table's lines, read by its rules (groups, "# checker only", "# ndjson:"). */
    private static List<Line> table() throws Exception {
        if (!Files.isRegularFile(TABLE)) {
            fail(TABLE.toAbsolutePath().normalize() + ": the table of trace events is missing");
        }
        List<Line> out = new ArrayList<>();
        boolean checkerOnly = false;
        List<String> ndjson = null;
        for (String raw : Files.readAllLines(TABLE)) {
            String s = raw.strip();
            if (s.isEmpty()) {
                checkerOnly = false;
            } else if (s.equals("# checker only")) {
                checkerOnly = true;
            } else if (s.startsWith("# ndjson:")) {
                ndjson = words(s.substring("# ndjson:".length()));
            } else if (!s.startsWith("#")) {
                Matcher m = EVENT.matcher(s);
                assertTrue(m.matches(), TABLE + ": not a trace-events line: " + s);
                List<String> types = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (String a : m.group(2).strip().equals("void") ? new String[0] : m.group(2).split(",")) {
                    int cut = Math.max(a.lastIndexOf(' '), a.lastIndexOf('*')) + 1;
                    types.add(a.substring(0, cut).strip());
                    names.add(a.substring(cut).strip());
                }
                out.add(new Line(m.group(1), types, ndjson == null ? names : ndjson, ndjson == null, !checkerOnly));
                ndjson = null;
            }
        }
        return out;
    }

    /**
     * QEMU's C types as the NDJSON writes them: a string as a string, or as JSON where QEMU's
     * string holds JSON text (qmp_exit_*'s result); uint64_t and size_t exact and unsigned.
     */
    private static void checkTypes(List<Line> table, TraceEvent e, String method) {
        List<String> keys = keys(e);
        for (Line l : table) {
            if (!l.name().equals(e.name()) || !l.args().equals(keys) || !l.qemuNames()) {
                continue;
            }
            for (int i = 0; i < keys.size(); i++) {
                String type = l.types().get(i);
                Object v = e.arg(keys.get(i));
                boolean ok = type.contains("char") ? v instanceof String || v instanceof RawJson
                        : type.equals("bool") ? v instanceof Boolean
                        : type.equals("uint64_t") || type.equals("size_t") ? v instanceof Unsigned
                        : v instanceof Integer || v instanceof Long;
                assertTrue(ok, "MigTrace." + method + ": " + e.name() + "'s " + keys.get(i) + " is " + type
                        + " in " + TABLE + ", but the implementation writes a " + v.getClass().getSimpleName());
            }
        }
    }

    private static List<String> keys(TraceEvent e) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < e.args().length; i += 2) {
            keys.add((String) e.args()[i]);
        }
        return keys;
    }

    /** Generated values: the command for a QMP event's first argument, else one value a type. */
    private static Object[] arguments(Method m, String command) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < args.length; i++) {
            Class<?> t = types[i];
            args[i] = t == String.class ? (i == 0 ? command : "x") : t == int.class ? 1 : t == long.class ? 1L
                    : t == boolean.class ? Boolean.TRUE : t == RawJson.class ? new RawJson("{}") : null;
            if (args[i] == null) {
                fail("MigTrace." + m.getName() + ": no generated value for a " + t.getSimpleName());
            }
        }
        return args;
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }

    private static TraceSink recording(List<TraceEvent> written) {
        return new TraceSink() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void write(TraceEvent e) {
                written.add(e);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
