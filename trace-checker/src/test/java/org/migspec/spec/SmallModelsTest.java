package org.migspec.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.modelcheck.CheckSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few small models of spec/manifest.json run with TLC; their outcomes are asserted
 * here, so `make test` fails when the spec breaks even without the quick matrix.
 */
class SmallModelsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void smallModelsGiveTheirExpectedOutcome(@TempDir Path out) throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("v1_postcopy", "action:NoCompletionFromPostcopyDevice");     // EOF from postcopy-device
        expected.put("legacy_cancel_switchover", "invariant:NeverBothRunning");    // 7.2 restarts without disks
        expected.put("v4_cancel_switchover", "holds:");                            // 10.2 does not
        expected.put("v4_device_load_failure_liveness", "liveness:EventuallyQuiescent"); // C5
        // properties no real model violates, shown not vacuous by a mutant each
        expected.put("v4_mutant_cancel_in_postcopy", "action:StatusTransitionsLegal");
        expected.put("v4_mutant_completion_without_join", "invariant:DestinationCompletesFirst");
        expected.put("v4_mutant_cancel_ignoring_bql", "invariant:NoCancelInsidePostcopyStart");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = CheckSpec.execute(new String[] {
                "--manifest", ROOT.resolve("spec/manifest.json").toString(),
                "--spec-dir", ROOT.resolve("spec").toString(),
                "--out", out.toString(), "--jobs", "2",
                "--only", String.join(",", expected.keySet())},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String log = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, log);
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        int seen = 0;
        for (JsonNode m : results.path("models")) {
            String name = m.path("name").asText();
            String got = m.path("outcome").path("kind").asText() + ":"
                    + (m.path("outcome").path("property").isNull() ? "" : m.path("outcome").path("property").asText());
            assertEquals(expected.get(name), got, name + "\n" + log);
            assertTrue(m.path("match").asBoolean(), name);
            if (!got.startsWith("holds")) {
                assertTrue(out.resolve(name).resolve("counterexample.md").toFile().isFile(), name + ": no counterexample");
            }
            seen++;
        }
        assertEquals(expected.size(), seen, log);
    }
}
