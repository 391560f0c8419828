package org.migspec.checker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.repo;
import static org.migspec.checker.CheckerTestSupport.runsByName;

/**
 * Every run the implementation's scenario tests produced (impl/target/scenario-runs, kept
 * by ScenarioMatrixTest; `make test` runs the impl's tests first) is accepted for its own
 * variant (from its NDJSON header).  A rejection is a disagreement between the spec and
 * the implementation: the report says where.  Skipped when there are no runs.
 *
 * <p>By default the runs of the variants real QEMU has (legacy, v4, v11), to keep `make test`
 * short; {@code -Dmigspec.test.implRuns=all} checks every variant's runs.
 */
class ImplRunsTest {
    @TempDir
    Path tmp;

    @Test
    void everyScenarioRunIsAcceptedForItsOwnVariant() throws Exception {
        Path runs = repo().resolve("impl/target/scenario-runs");
        assumeTrue(Files.isDirectory(runs), "no implementation scenario runs in " + runs + " (run the impl's tests first)");
        boolean all = "all".equals(System.getProperty("migspec.test.implRuns"));
        // a snapshot: the implementation's tests may be rewriting them
        Path copy = tmp.resolve("runs");
        int n = 0;
        try (var s = Files.list(runs)) {
            for (Path d : s.sorted().toList()) {
                if (!Files.isRegularFile(d.resolve("src.trace.ndjson")) || !Files.isRegularFile(d.resolve("dst.trace.ndjson"))) continue;
                String name = d.getFileName().toString();
                if (!all && !name.endsWith("-legacy") && !name.endsWith("-v4") && !name.endsWith("-v11")) continue;
                CheckerTestSupport.copyRun(d, copy.resolve(d.getFileName()));
                n++;
            }
        }
        assumeTrue(n > 0, "no implementation scenario runs with traces in " + runs);
        Path json = tmp.resolve("out.json");
        var r = child("--batch", copy.toString(), "--json", json.toString());
        Map<String, JsonNode> res = runsByName(readJson(json));
        List<String> rejected = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : res.entrySet()) {
            if (!e.getValue().path("verdict").asText().equals("accepted")) {
                rejected.add(e.getKey() + " [" + e.getValue().at("/config/key").asText() + "]: " + e.getValue().path("reason").asText());
            }
        }
        assertTrue(res.size() == n, r.all());
        if (!rejected.isEmpty()) {
            fail(rejected.size() + " of " + n + " implementation runs are not accepted for their own variant "
                    + "(the spec and the implementation disagree; ./migspec check --batch shows why):\n  "
                    + String.join("\n  ", rejected));
        }
    }
}
