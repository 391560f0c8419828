package org.migspec.checker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.lines;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.write;

/**
 * A run of one variant is rejected by a variant that forbids what it did: the
 * implementation's v1 postcopy run (its destination goes active -> postcopy-active; v1's
 * destination has no postcopy-device) checked against v4, whose destination enters
 * postcopy-device at LISTEN.  The header's variant is rewritten to v4 (a v1 header with
 * --variant v4 is "wrong variant").
 */
class VariantTest {
    @TempDir
    Path tmp;

    @Test
    void v1PostcopyRunIsRejectedByV4() throws Exception {
        Path run = ImplRunsTest.implRuns().resolve("postcopy-success-v1");
        if (!Files.isRegularFile(run.resolve("dst.trace.ndjson"))) {
            fail("no implementation run " + run + ": run `mvn -pl impl verify` (ScenarioMatrixTest writes it) first");
        }
        Path v1 = tmp.resolve("v1"), v4 = tmp.resolve("as-v4");
        CheckerTestSupport.copyRun(run, v1);
        CheckerTestSupport.copyRun(run, v4);
        for (String f : List.of("src.trace.ndjson", "dst.trace.ndjson")) {
            List<String> l = lines(v4.resolve(f));
            l.set(0, l.get(0).replace("\"variant\":\"v1\"", "\"variant\":\"v4\""));
            write(v4.resolve(f), l);
        }
        var ok = child("--quiet", v1.resolve("src.trace.ndjson").toString(), v1.resolve("dst.trace.ndjson").toString());
        assertEquals(0, ok.exit(), ok.all());
        Path json = tmp.resolve("v4.json");
        var r = child("--json", json.toString(), v4.resolve("src.trace.ndjson").toString(),
                v4.resolve("dst.trace.ndjson").toString());
        assertEquals(1, r.exit(), r.all());
        JsonNode j = readJson(json).path("runs").get(0);
        JsonNode f = j.at("/rejection/failing");
        assertEquals("dst", f.path("side").asText(), r.out());
        assertEquals("migrate_set_state", f.path("name").asText(), r.out());
        assertEquals("postcopy-active", f.at("/args/new_state").asText(), r.out());
        // the report says what v4 would have logged there instead
        assertTrue(r.out().contains("would log migrate_set_state(new_state=postcopy-device)"), r.out());
        // and a v1 header with --variant v4 is bad input
        var bad = child("--variant", "v4", v1.resolve("src.trace.ndjson").toString(), v1.resolve("dst.trace.ndjson").toString());
        assertEquals(2, bad.exit(), bad.all());
        assertTrue(bad.err().contains("wrong variant"), bad.all());
    }
}
