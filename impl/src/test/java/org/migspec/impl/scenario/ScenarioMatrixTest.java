package org.migspec.impl.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.migspec.impl.common.Variant;

/**
 * Every shipped scenario, for every variant it applies to: a real source and destination process
 * on loopback, driven like libvirt; the run must meet the scenario's expectation (final statuses,
 * run states, integrity, the guest's fate) and leave well-formed traces. Fault points are tied to
 * trace events, so the outcome does not depend on timing. Output stays in target/scenario-runs/.
 * Each case runs a second time with tracing off (target/scenario-runs-notrace/): tracing is
 * purely observational, so the outcome must be the same (-Dmigspec.scenario.tracing-off=false
 * skips these second runs, for a quicker targeted run).
 */
@Execution(ExecutionMode.CONCURRENT)
class ScenarioMatrixTest {
    private static final Path SCENARIOS = Path.of("scenarios");
    private static final Path OUT = Path.of("target", "scenario-runs");
    /** The same runs with tracing off (no trace files; the trace checker's ImplRunsTest does not read these). */
    private static final Path OUT_NO_TRACE = Path.of("target", "scenario-runs-notrace");
    private final ObjectMapper json = new ObjectMapper();

    static Stream<Arguments> cases() throws Exception {
        // -Dmigspec.scenario.variants=v11,v4: only those variants (targeted runs on a shared
        // machine); default every variant a scenario lists
        String only = System.getProperty("migspec.scenario.variants", "");
        List<String> variants = only.isBlank() ? List.of() : List.of(only.split(","));
        // -Dmigspec.scenario.names=precopy-src-crash,postcopy-dst-crash: only those scenarios
        String onlyNames = System.getProperty("migspec.scenario.names", "");
        List<String> names = onlyNames.isBlank() ? List.of() : List.of(onlyNames.split(","));
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            // long-*: benchmark runs, too slow for the matrix (a short version runs below)
            for (Path f : files.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith("long-")).sorted().toList()) {
                if (!names.isEmpty() && !names.contains(f.getFileName().toString().replace(".json", ""))) {
                    continue;
                }
                Scenario s = Scenario.load(f);
                if (!s.runsOn("impl")) {
                    continue; // a real-QEMU scenario (a network partition, a lock on a qcow2 image)
                }
                for (Variant v : s.variants()) {
                    if (!variants.isEmpty() && !variants.contains(v.cliName())) {
                        continue;
                    }
                    out.add(Arguments.of(f.getFileName().toString().replace(".json", ""), v.cliName()));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("cases")
    void scenario(String name, String variant) throws Exception {
        Path out = OUT.resolve(name + "-" + variant);
        ObjectNode r = new ScenarioRunner(SCENARIOS.resolve(name + ".json"), Variant.parse(variant), out).run();
        assertTrue(r.at("/expectation/met").asBoolean(), () -> name + " [" + variant + "]: "
                + r.at("/expectation/mismatches") + "; result in " + out.resolve("result.json"));
        assertTrue(Files.exists(out.resolve("result.json")));
        assertTrue(Files.size(out.resolve("src.qmp.jsonl")) > 0);
        assertTrue(Files.size(out.resolve("dst.qmp.jsonl")) > 0);
        checkTrace(out.resolve("src.trace.ndjson"), "src", variant);
        checkTrace(out.resolve("dst.trace.ndjson"), "dst", variant);
        if (!Boolean.parseBoolean(System.getProperty("migspec.scenario.tracing-off", "true"))) {
            return;
        }
        // tracing off: the same scenario, the same outcome, run by run
        Path off = OUT_NO_TRACE.resolve(name + "-" + variant);
        ObjectNode r2 = new ScenarioRunner(SCENARIOS.resolve(name + ".json"), Variant.parse(variant), off, false).run();
        assertEquals(outcome(r), outcome(r2), () -> name + " [" + variant + "]: the outcome with tracing off differs from "
                + "the one with tracing on; results in " + out.resolve("result.json") + " and " + off.resolve("result.json"));
        assertTrue(Files.notExists(off.resolve("src.trace.ndjson")) && Files.notExists(off.resolve("dst.trace.ndjson")),
                "tracing off leaves no trace files");
    }

    /**
     * What a run's outcome is, from result.json: whether it met the expectation, each side's
     * final status and run state (or its exit code), the guest's fate and where its latest state
     * lives, and the kills the runner made.
     */
    static String outcome(JsonNode r) {
        StringBuilder b = new StringBuilder();
        b.append("expectation met: ").append(r.at("/expectation/met").asBoolean());
        for (String side : List.of("src", "dst")) {
            JsonNode x = r.path(side);
            b.append("; ").append(side).append(' ').append("gone".equals(x.path("status").asText())
                    ? "gone (exit " + x.path("exit_code").asText() + ")"
                    : x.path("status").asText() + "/" + x.path("runstate").asText());
        }
        b.append("; guest ").append(r.path("guest").asText()).append(", latest state ").append(r.path("latest_state").asText());
        b.append("; kills:");
        for (JsonNode st : r.path("steps")) {
            if ("kill".equals(st.path("what").asText())) {
                b.append(' ').append(st.path("side").asText());
            }
        }
        return b.toString();
    }

    /**
     * long-pause-recover with two rounds (four pause/recover cycles, paused from either side)
     * instead of 100: the repeat step, the marks between cycles and the recoveries work.
     */
    @Test
    void longPauseRecoverShort() throws Exception {
        ObjectNode sc = (ObjectNode) json.readTree(SCENARIOS.resolve("long-pause-recover.json").toFile());
        int repeats = 0;
        for (JsonNode step : sc.get("steps")) {
            if ("repeat".equals(step.path("do").asText())) {
                ((ObjectNode) step).put("times", 2);
                repeats++;
            }
        }
        assertEquals(1, repeats, "long-pause-recover has one repeat step");
        Path out = OUT.resolve("long-pause-recover-short-v4");
        Files.createDirectories(out);
        Path file = out.resolve("long-pause-recover-short.json");
        json.writeValue(file.toFile(), sc);
        ObjectNode r = new ScenarioRunner(file, Variant.V4, out).run();
        assertTrue(r.at("/expectation/met").asBoolean(), () -> "long-pause-recover (2 rounds): "
                + r.at("/expectation/mismatches") + "; result in " + out.resolve("result.json"));
        int pauses = 0;
        for (JsonNode st : r.get("steps")) {
            if (st.path("what").asText().equals("qmp migrate-pause")) {
                pauses++;
            }
        }
        assertEquals(4, pauses, "four migrate-pause commands");
        checkTrace(out.resolve("src.trace.ndjson"), "src", "v4");
        checkTrace(out.resolve("dst.trace.ndjson"), "dst", "v4");
    }

    private void checkTrace(Path f, String side, String variant) throws IOException {
        List<String> lines = Files.readAllLines(f);
        assertTrue(lines.size() > 1, f + " has no events");
        JsonNode h = json.readTree(lines.get(0)).get("header");
        assertEquals(variant, h.get("variant").asText());
        assertEquals(side, h.get("side").asText());
        assertTrue(h.path("management").isBoolean(), f + ": the runner's traces say whether it drives like libvirt");
        long pid = h.get("pid").asLong();
        for (String l : lines.subList(1, lines.size())) {
            JsonNode e = json.readTree(l);
            assertEquals(pid, e.get("pid").asLong(), l);
            assertTrue(e.get("ts").isIntegralNumber() && e.get("tid").isIntegralNumber(), l);
            assertTrue(e.get("thread").isTextual() && e.get("event").isTextual() && e.get("args").isObject(), l);
        }
    }
}
