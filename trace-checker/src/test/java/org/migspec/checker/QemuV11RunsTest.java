package org.migspec.checker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.checker.batch.RunDiscovery;
import org.migspec.checker.cli.LogRef;
import org.migspec.checker.cli.RunSpec;
import org.migspec.checker.input.Side;
import org.migspec.checker.spec.QemuVersions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.copyRun;
import static org.migspec.checker.CheckerTestSupport.inProcess;
import static org.migspec.checker.CheckerTestSupport.lines;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.requireInput;
import static org.migspec.checker.CheckerTestSupport.runsByName;
import static org.migspec.checker.CheckerTestSupport.sharedTraces;

/**
 * QEMU 11.1 (qemu-runs/qemu-11.1): its runs are v11 behaviours, the two with the new
 * `failing` status are not v4 behaviours (rejected at that line), and the QEMU version of a
 * QMP greeting picks the variant (legacy from 7.0, v4 from 10.2, v11 from 11.0; none before).
 */
class QemuV11RunsTest {
    static final List<String> RUNS = List.of("s1a_precopy_success", "s1c_precopy_dest_killed",
            "s3a_postcopy_device_load_fail");
    /** The runs whose source goes through `failing`. */
    static final List<String> FAILING = List.of("s1c_precopy_dest_killed", "s3a_postcopy_device_load_fail");

    @TempDir
    Path tmp;

    static Path v11() {
        return sharedTraces().resolve("qemu-11.1");
    }

    @BeforeAll
    static void inputs() {
        for (String r : RUNS) {
            for (String f : List.of("src.trace.log", "dst.trace.log", "src.qmp.jsonl")) requireInput(v11().resolve(r).resolve(f));
        }
    }

    @Test
    void everyQemu111RunIsAcceptedByV11FromItsQmpGreeting() throws Exception {
        Path json = tmp.resolve("v11.json");
        var r = child("--batch", v11().toString(), "--json", json.toString());
        assertEquals(0, r.exit(), r.all());
        Map<String, JsonNode> res = runsByName(readJson(json));
        assertEquals(RUNS.size(), res.size(), r.all());
        for (String run : RUNS) {
            JsonNode j = res.get(run);
            assertEquals("accepted", j.path("verdict").asText(), run + ": " + j.path("reason").asText());
            assertEquals("v11", j.at("/config/variant").asText(), run);
            assertTrue(j.at("/config/variantSource").asText().contains("QEMU 11.1"), run);
        }
    }

    /** A single check of a run directory's two logs takes the variant from its QMP greeting too. */
    @Test
    void singleCheckTakesTheVariantFromTheQmpGreeting() throws Exception {
        Path d = v11().resolve("s1c_precopy_dest_killed");
        var r = child(d.resolve("src.trace.log").toString(), d.resolve("dst.trace.log").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("ACCEPTED  s1c_precopy_dest_killed"), r.out());
        assertTrue(r.out().contains("variant v11 from the QMP greeting in src.qmp.jsonl (QEMU 11.1)"), r.out());
    }

    @Test
    void failingRunsAreRejectedByV4AtTheFailingLine() throws Exception {
        Path dir = tmp.resolve("runs");
        for (String run : FAILING) copyRun(v11().resolve(run), dir.resolve(run));
        Path json = tmp.resolve("v4.json");
        var r = child("--batch", dir.toString(), "--variant", "v4", "--json", json.toString());
        assertEquals(1, r.exit(), r.all());
        Map<String, JsonNode> res = runsByName(readJson(json));
        for (String run : FAILING) {
            JsonNode j = res.get(run);
            // rejected; or, since verdicts are exact, undecided because a bound cut some other
            // branch of the search (s3a: hidden steps right after the return path's start) while
            // no explanation within the bounds gets past the `failing` line
            String verdict = j.path("verdict").asText();
            assertTrue(verdict.equals("rejected") || (verdict.equals("undecided")
                    && j.path("reason").asText().contains("a bound cut the search")), run + ": " + j.path("reason").asText());
            List<String> src = lines(dir.resolve(run).resolve("src.trace.log"));
            int failing = -1;
            for (int i = 0; i < src.size() && failing < 0; i++) {
                if (src.get(i).endsWith("migrate_set_state new state failing")) failing = i + 1;
            }
            assertTrue(failing > 0, run + ": no `failing` line in its source log");
            JsonNode f = j.at("/rejection/failing");
            assertEquals("src.trace.log", Path.of(f.path("file").asText()).getFileName().toString(), run);
            assertEquals(failing, f.path("line").asInt(), run + ": " + f);
        }
    }

    @Test
    void qemuVersionToVariantTable() {
        assertNull(QemuVersions.variantFor(6, 2));
        assertNull(QemuVersions.variantFor(2, 12));
        assertEquals("legacy", QemuVersions.variantFor(7, 0));
        assertEquals("legacy", QemuVersions.variantFor(7, 2));
        assertEquals("legacy", QemuVersions.variantFor(9, 2));
        assertEquals("legacy", QemuVersions.variantFor(10, 1));
        assertEquals("v4", QemuVersions.variantFor(10, 2));
        assertEquals("v4", QemuVersions.variantFor(10, 9));
        assertEquals("v11", QemuVersions.variantFor(11, 0));
        assertEquals("v11", QemuVersions.variantFor(11, 1));
        assertEquals("v11", QemuVersions.variantFor(12, 0));
        assertEquals("legacy from 7.0, v4 from 10.2, v11 from 11.0", QemuVersions.describe());
    }

    @Test
    void greetingsGiveTheVariantOrOneLineOfBadInput() throws Exception {
        assertEquals("v11", discover("v11", "{\"QMP\": {\"version\": {\"qemu\": {\"major\": 11, \"minor\": 1, \"micro\": 3}}}}")
                .variantHint());
        assertEquals("v4", discover("v4", "{\"t\": 1, \"msg\": {\"QMP\": {\"version\": {\"qemu\": {\"major\": 10, \"minor\": 2}}}}}")
                .variantHint());
        RunSpec old = discover("old", "{\"QMP\": {\"version\": {\"qemu\": {\"major\": 6, \"minor\": 2}}}}");
        assertNull(old.variantHint());
        assertTrue(old.variantError().endsWith("src.qmp.jsonl:1: QMP.version.qemu: QEMU 6.2 has no spec variant "
                + "(legacy from 7.0, v4 from 10.2, v11 from 11.0); give --variant"), old.variantError());
        RunSpec odd = discover("odd", "{\"QMP\": {\"version\": {\"qemu\": {\"major\": 11, \"minor\": \"1\"}}}}");
        assertTrue(odd.variantError().endsWith("src.qmp.jsonl:1: QMP.version.qemu.minor: not a version number: \"1\""),
                odd.variantError());
        RunSpec none = discover("none", "{\"QMP\": {\"version\": {}}}");
        assertTrue(none.variantError().endsWith("src.qmp.jsonl:1: QMP.version.qemu.major: missing"), none.variantError());
        RunSpec broken = discover("broken", "{\"QMP\": {\"version\"");
        assertTrue(broken.variantError().endsWith("src.qmp.jsonl:1: QMP: malformed JSON in the greeting"),
                broken.variantError());
        // no greeting at all: no hint and no error (--variant is then required, as before)
        RunSpec quiet = discover("quiet", "{\"return\": {}}");
        assertNull(quiet.variantHint());
        assertNull(quiet.variantError());
        // --variant wins over a greeting no variant models
        assertFalse(inProcess("--variant", "v4", tmp.resolve("old/src.trace.log").toString(),
                tmp.resolve("old/dst.trace.log").toString()).err().contains("QMP"));
    }

    /** The bad input reaches the CLI as exactly one line naming the file, line and field. */
    @Test
    void aVersionWithoutVariantIsOneLineOfBadInput() throws Exception {
        discover("old", "{\"QMP\": {\"version\": {\"qemu\": {\"major\": 6, \"minor\": 2}}}}");
        Path d = tmp.resolve("old");
        var r = inProcess(d.resolve("src.trace.log").toString(), d.resolve("dst.trace.log").toString());
        BadInputTest.bad(r, d.resolve("src.qmp.jsonl") + ":1: ", "QMP.version.qemu: QEMU 6.2 has no spec variant");
        Path b = tmp.resolve("batch");
        copyRun(d, b.resolve("old"));   // with its src.qmp.jsonl
        Path json = tmp.resolve("batch.json");
        var rb = inProcess("--batch", b.toString(), "--json", json.toString());
        assertEquals(2, rb.exit(), rb.all());
        JsonNode j = runsByName(readJson(json)).get("old");
        assertEquals("bad-input", j.path("verdict").asText(), j.toString());
        assertTrue(j.toString().contains("src.qmp.jsonl:1: QMP.version.qemu: QEMU 6.2 has no spec variant"), j.toString());
    }

    /** A run directory with the logs of qemu-runs/qemu-10.2/s1a and the given QMP greeting. */
    private RunSpec discover(String name, String greeting) throws Exception {
        Path d = tmp.resolve(name);
        copyRun(sharedTraces().resolve("qemu-10.2/s1a_precopy_success"), d);
        // only the greeting under test: not the 10.2 run's own transcripts
        Files.deleteIfExists(d.resolve("dst.qmp.jsonl"));
        Files.writeString(d.resolve("src.qmp.jsonl"), greeting + "\n");
        return RunDiscovery.withQmpVariant(name, List.of(new LogRef(d.resolve("src.trace.log"), Side.SRC),
                new LogRef(d.resolve("dst.trace.log"), Side.DST)), d);
    }
}
