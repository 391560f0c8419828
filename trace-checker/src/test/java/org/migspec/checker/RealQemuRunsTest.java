package org.migspec.checker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.copyRun;
import static org.migspec.checker.CheckerTestSupport.find;
import static org.migspec.checker.CheckerTestSupport.lines;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.real;
import static org.migspec.checker.CheckerTestSupport.realRuns;
import static org.migspec.checker.CheckerTestSupport.runsByName;

/**
 * The real QEMU runs of qemu-runs/: every 7.2 run accepted by legacy, every 10.2 run by v4
 * and every 11.1 run by v11 (batch mode, variant from the QMP greeting; the 11.1 runs in
 * detail: QemuV11RunsTest), and the 10.2 runs through postcopy-device
 * rejected by legacy.  A rejection here means the spec is wrong until shown otherwise.
 */
class RealQemuRunsTest {
    @TempDir
    Path tmp;

    @Test
    void everyRealRunIsAcceptedByItsVariant() throws Exception {
        Path json = tmp.resolve("out.json"), junit = tmp.resolve("junit.xml");
        // the 7.2 and 10.2 runs (11.1 needs a variant of its own), with their records
        var r = child("--batch", CheckerTestSupport.realRunsCopy(tmp).toString(), "--json", json.toString(),
                "--junit", junit.toString());
        assertEquals(0, r.exit(), r.all());
        JsonNode doc = readJson(json);
        assertEquals("migspec-check/1", doc.path("schema").asText());
        Map<String, JsonNode> runs = runsByName(doc);
        assertEquals(realRuns().size(), runs.size(), r.all());
        for (String run : realRuns()) {
            JsonNode j = runs.get(run);
            assertEquals("accepted", j.path("verdict").asText(), run + ": " + j.path("reason").asText());
            String variant = CheckerTestSupport.variantOf(run);
            assertEquals(variant, j.at("/config/variant").asText(), run);
            assertTrue(j.at("/config/variantSource").asText().contains("QMP greeting"), run);
            assertTrue(j.at("/search/nodes").asLong() > 0, run);
            // accepted by default: every unlogged fault the explanation used is one the run's
            // own records support (or a failure its log lines show), never --assume
            for (JsonNode f : j.at("/explanation/unloggedFaults")) {
                String basis = f.path("basis").asText();
                assertTrue(basis.startsWith("src.qmp.jsonl") || basis.startsWith("dst.qmp.jsonl")
                        || basis.startsWith("summary.json") || basis.equals("its effects are log lines"), run + ": " + f);
                assertEquals(basis, basis.equals("its effects are log lines") ? basis : j.at("/assumptions/" + f.path("kind").asText()).asText(), run);
            }
            assertTrue(j.at("/explanation/hiddenSteps").asLong() >= 0, run);
        }
        // the kill -9 of c_precopy_dest_killed: its summary.json says the destination exited
        // with -9, and the explanation kills it (a network break is not allowed without a record)
        JsonNode c = runs.get("qemu-7.2/c_precopy_dest_killed");
        assertEquals("summary.json: dst exit code -9 (SIGKILL)", c.at("/assumptions/dst-crash").asText(), c.toString());
        assertTrue(c.path("reason").asText().contains("unlogged faults: dst-crash"), c.path("reason").asText());
        JsonNode f1 = runs.get("qemu-7.2/f1_postcopy_dest_killed");
        assertEquals("summary.json: dst exit code -9 (SIGKILL)", f1.at("/assumptions/dst-crash").asText(), f1.toString());
        // no record supports a network break in any of these runs
        for (JsonNode j : runs.values()) assertTrue(j.at("/assumptions/channel-break").isMissingNode(), j.path("name").asText());
        // coverage of the batch, and its printout
        assertTrue(doc.at("/coverage/actionsTaken").size() > 30, doc.path("coverage").toString());
        assertTrue(doc.at("/coverage/distinctStates").asLong() > 100, doc.path("coverage").toString());
        int n = realRuns().size();
        assertTrue(r.out().contains(n + " runs: " + n + " accepted"), r.out());
        assertTrue(r.out().contains("actions never taken"), r.out());
        // the crash is taken now that the explanations use only what the records support
        assertTrue(doc.at("/coverage/actionsTaken").toString().contains("\"DestinationCrash\""), doc.path("coverage").toString());
        assertTrue(doc.at("/coverage/unloggedFaults/dst-crash").asInt() >= 1, doc.path("coverage").toString());
        assertTrue(r.out().contains("unlogged faults the explanations used: "), r.out());
        // JUnit XML: one test case per run, none failed
        var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertEquals(realRuns().size(), xml.getElementsByTagName("testcase").getLength());
        assertEquals(0, xml.getElementsByTagName("failure").getLength());
    }

    /** The "done when" commands, in single-run mode. */
    @Test
    void doneWhenCommandsPrintAccepted() throws Exception {
        Path d = real("qemu-7.2/d_postcopy_success");
        var r = child("--variant", "legacy", "--qemu-log", d.resolve("src.trace.log").toString(),
                d.resolve("dst.trace.log").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("ACCEPTED  d_postcopy_success"), r.out());
        assertTrue(r.out().contains("QEMU log (TID@SEC.USEC)"), r.out());
        Path s2 = real("qemu-10.2/s2_postcopy_success");
        r = child("--variant", "v4", "--qemu-log", "--src", s2.resolve("src.trace.log").toString(),
                "--dst", s2.resolve("dst.trace.log").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("ACCEPTED  s2_postcopy_success"), r.out());
        assertTrue(r.out().contains("QEMU log (ISO-8601 time)"), r.out());
    }

    /**
     * QEMU 10.2 runs that pass through postcopy-device are not QEMU 7.2 behaviours: never
     * accepted by legacy.  Rejected where the search is exhaustive; where a bound cut it,
     * undecided, and then the report names the bound.  Either way no explanation gets past
     * the log's first postcopy-device.
     */
    @Test
    void postcopyDeviceRunsAreRejectedByLegacy() throws Exception {
        Path dir = tmp.resolve("runs");
        List<String> runs = List.of("s2_postcopy_success", "s3a_postcopy_device_load_fail",
                "s6a_postcopy_pause_recover_src_pause");
        for (String r : runs) copyRun(real("qemu-10.2/" + r), dir.resolve(r));
        Path json = tmp.resolve("legacy.json");
        var r = child("--batch", dir.toString(), "--variant", "legacy", "--json", json.toString());
        assertEquals(1, r.exit(), r.all());
        Map<String, JsonNode> res = runsByName(readJson(json));
        for (String run : runs) {
            JsonNode j = res.get(run);
            String verdict = j.path("verdict").asText();
            assertTrue(verdict.equals("rejected") || verdict.equals("undecided"), run + ": " + j.path("reason").asText());
            assertEquals(verdict.equals("rejected"), j.path("exhaustive").asBoolean(), run);
            assertEquals(verdict.equals("rejected"), j.path("bounds").isEmpty(), run + ": " + j.path("bounds"));
            // rejected no later than the log's first postcopy-device
            JsonNode f = j.at("/rejection/failing");
            Path log = Path.of(f.path("file").asText());
            List<Integer> pd = find(lines(log), "migrate_set_state", "postcopy-device");
            assertTrue(!pd.isEmpty() && f.path("line").asInt() <= pd.get(0),
                    run + ": rejected at " + f.path("file").asText() + ":" + f.path("line").asInt());
        }
    }
}
