package org.migspec.impl.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.impl.fault.FaultHook;
import org.migspec.impl.fault.TracePoints;

class NdjsonSinkTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void headerAndEventLinesHaveTheAgreedShape(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.ndjson");
        NdjsonSink sink = new NdjsonSink(f, new TraceHeader("v4", "src", 123, Map.of("events", true), 4096, 16),
                Thread.currentThread().getId());
        MigTrace t = new TracePoints(sink, FaultHook.NONE);
        t.migrateSetState("setup");
        t.sourceReturnPathThreadPong(0x42);
        t.loadvmProcessCommand("PING", 4);
        t.migrationThreadLowPending(-1L);
        t.qmpEnter("migrate", new RawJson("{\"uri\":\"tcp:127.0.0.1:1\"}"));
        sink.close();
        List<String> lines = Files.readAllLines(f);
        JsonNode h = json.readTree(lines.get(0)).get("header");
        assertEquals("migspec-trace", h.get("format").asText());
        assertEquals(1, h.get("version").asInt());
        assertEquals("v4", h.get("variant").asText());
        assertEquals("src", h.get("side").asText());
        assertEquals(123, h.get("pid").asLong());
        assertEquals(4096, h.at("/guest/page_size").asInt());
        assertEquals(16, h.at("/guest/pages").asInt());
        JsonNode e = json.readTree(lines.get(1));
        assertTrue(e.get("ts").isIntegralNumber());
        assertEquals(123, e.get("pid").asLong());
        assertTrue(e.get("tid").isIntegralNumber());
        assertEquals("migrate_set_state", e.get("event").asText());
        assertEquals("setup", e.at("/args/new_state").asText());
        assertEquals(66, json.readTree(lines.get(2)).at("/args/val").asInt());
        assertEquals("PING", json.readTree(lines.get(3)).at("/args/s").asText());
        // uint64 stays exact and unsigned
        assertTrue(lines.get(4).contains("\"pending\":18446744073709551615"), lines.get(4));
        assertEquals("tcp:127.0.0.1:1", json.readTree(lines.get(5)).at("/args/params/uri").asText());
        assertEquals("qmp_enter_migrate", json.readTree(lines.get(5)).get("event").asText());
        long ts1 = json.readTree(lines.get(1)).get("ts").asLong();
        long ts2 = json.readTree(lines.get(5)).get("ts").asLong();
        assertTrue(ts2 >= ts1);
    }

    @Test
    void everyTraceMethodEmitsOneNamedEvent(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("all.ndjson");
        NdjsonSink sink = new NdjsonSink(f, new TraceHeader("fix", "dst", 1, Map.of(), 4096, 1), 1);
        MigTrace t = new TracePoints(sink, FaultHook.NONE);
        MigTrace off = new TracePoints(TraceSink.NULL, FaultHook.NONE);
        int calls = 0;
        for (Method m : MigTrace.class.getMethods()) {
            Object[] args = arguments(m);
            m.invoke(t, args);
            m.invoke(off, args);
            calls++;
        }
        sink.close();
        List<String> lines = Files.readAllLines(f);
        assertEquals(calls + 1, lines.size());
        for (String l : lines.subList(1, lines.size())) {
            JsonNode e = json.readTree(l);
            assertFalse(e.get("event").asText().isEmpty());
            assertTrue(e.get("args").isObject());
        }
    }

    @Test
    void nothingIsBuiltWhenNoFaultIsArmed() {
        List<String> seen = new java.util.ArrayList<>();
        new TracePoints(TraceSink.NULL, hook(false, seen)).migrateSetState("active");
        assertEquals(0, seen.size());
    }

    /**
     * The hook sees the same points with tracing on and off: every point goes to the hook with its
     * event's name and arguments, whatever the sink is.
     */
    @Test
    void faultPointsAreTheSameWithTracingOnAndOff(@TempDir Path dir) throws Exception {
        List<String> on = points(new NdjsonSink(dir.resolve("on.ndjson"),
                new TraceHeader("v4", "src", 1, Map.of(), 4096, 1), 1));
        List<String> off = points(TraceSink.NULL);
        assertEquals(MigTrace.class.getMethods().length, on.size());
        assertEquals(on, off);
        List<String> lines = Files.readAllLines(dir.resolve("on.ndjson"));
        for (int i = 1; i < lines.size(); i++) {
            JsonNode e = json.readTree(lines.get(i));
            assertTrue(on.get(i - 1).startsWith(e.get("event").asText() + " "), on.get(i - 1) + " vs " + lines.get(i));
        }
    }

    private static List<String> points(TraceSink sink) throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        MigTrace t = new TracePoints(sink, hook(true, seen));
        java.util.List<Method> ms = new java.util.ArrayList<>(List.of(MigTrace.class.getMethods()));
        ms.sort(java.util.Comparator.comparing(Method::toString));
        for (Method m : ms) {
            Object[] args = arguments(m);
            m.invoke(t, args);
        }
        return seen;
    }

    /** One value of each parameter's type. */
    private static Object[] arguments(Method m) {
        Object[] args = new Object[m.getParameterCount()];
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = types[i] == String.class ? "x" : types[i] == int.class ? 1 : types[i] == long.class ? 1L
                    : types[i] == boolean.class ? Boolean.TRUE : new RawJson("{}");
        }
        return args;
    }

    /** A fault hook that says whether a fault is armed and records each point it is called at. */
    private static FaultHook hook(boolean armed, List<String> seen) {
        return new FaultHook() {
            @Override
            public boolean armed() {
                return armed;
            }

            @Override
            public void at(String name, Object... kv) {
                seen.add(name + " " + java.util.Arrays.toString(kv));
            }
        };
    }
}
