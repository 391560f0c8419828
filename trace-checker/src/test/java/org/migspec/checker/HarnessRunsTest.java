package org.migspec.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.runsByName;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs the project's own QEMU harness recorded (qemu-runs/migspec-7.2, qemu-runs/migspec-11.1:
 * per-thread logs, thread names, result.json): every run accepted by the variant of its QEMU's
 * version, with no unlogged fault that the run's records do not support; and rejected by another
 * variant where the two differ (a 7.2 postcopy run by v4, an 11.1 run with `failing` by v4).
 */
class HarnessRunsTest {
    @TempDir
    Path tmp;

    private static Path runs(String version) {
        Path p = CheckerTestSupport.sharedTraces().resolve("migspec-" + version);
        CheckerTestSupport.requireInput(p.resolve("runs.json"));
        return p;
    }

    @Test
    void qemu72RunsAreAcceptedByLegacy() throws Exception {
        acceptedBy(runs("7.2"), "legacy");
    }

    @Test
    void qemu111RunsAreAcceptedByV11() throws Exception {
        acceptedBy(runs("11.1"), "v11");
    }

    private void acceptedBy(Path dir, String variant) throws Exception {
        Path json = tmp.resolve("out.json");
        var r = child("--batch", dir.toString(), "--json", json.toString());
        assertEquals(0, r.exit(), r.all());
        Map<String, JsonNode> byName = runsByName(readJson(json));
        long folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = s.filter(Files::isDirectory).count();
        }
        assertEquals(folders, byName.size(), "every recorded run is checked");
        for (JsonNode j : byName.values()) {
            String name = j.path("name").asText();
            assertEquals("accepted", j.path("verdict").asText(), name + ": " + j.path("reason").asText());
            assertEquals(variant, j.at("/config/variant").asText(), name);
            assertTrue(j.at("/config/variantSource").asText().contains("QMP greeting"), name);
            assertEquals("QEMU per-thread logs (-d tid)", j.at("/logs/0/format").asText(), name);
            for (JsonNode f : j.at("/explanation/unloggedFaults")) {
                String basis = f.path("basis").asText();
                assertTrue(basis.startsWith("result.json") || basis.startsWith("src.qmp.jsonl")
                        || basis.startsWith("dst.qmp.jsonl") || basis.startsWith("its effects are log lines"), name + ": " + f);
            }
        }
    }

    @Test
    void a72PostcopyRunIsRejectedByV4() throws Exception {
        Path run = runs("7.2").resolve("postcopy-success");
        var r = child("--variant", "v4", "--qemu-log", run.resolve("src.trace.%d.log").toString(),
                run.resolve("dst.trace.%d.log").toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().startsWith("REJECTED"), r.all());
    }

    @Test
    void an111RunWithFailingIsRejectedByV4AtThatLine() throws Exception {
        Path run = runs("11.1").resolve("precopy-dst-killed");
        var r = child("--variant", "v4", "--qemu-log", run.resolve("src.trace.%d.log").toString(),
                run.resolve("dst.trace.%d.log").toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().startsWith("REJECTED"), r.all());
        assertTrue(r.out().contains("new_state=failing"), r.all());
    }
}
