package org.migspec.checker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.checker.batch.RunDiscovery;
import org.migspec.checker.bench.TlcTraceSpec;
import org.migspec.checker.cli.BadInput;
import org.migspec.checker.cli.KnownEvents;
import org.migspec.checker.cli.RunSpec;
import org.migspec.checker.report.Coverage;
import org.migspec.checker.report.JunitReport;
import org.migspec.checker.report.RunRecord;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parts that need no spec: run discovery, the event list, reports, the TLC trace spec. */
class UnitTest {
    @TempDir
    Path tmp;

    @Test
    void runDiscoveryFindsRunsAndTheirVariant() throws Exception {
        Path a = tmp.resolve("qemu/a"), b = tmp.resolve("qemu/b"), c = tmp.resolve("impl/c");
        Files.createDirectories(a);
        Files.createDirectories(b);
        Files.createDirectories(c);
        Files.writeString(a.resolve("src.trace.log"), "migrate_set_state new state setup\n");
        Files.writeString(a.resolve("src.qmp.jsonl"),
                "{\"t\": 1, \"side\": \"src\", \"dir\": \"recv\", \"msg\": {\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}}}}}\n");
        Files.writeString(b.resolve("dst.trace.log"), "migrate_set_state new state active\n");
        Files.writeString(b.resolve("dst.qmp.jsonl"), "{\"msg\": {\"QMP\": {\"version\": {\"qemu\": {\"minor\": 2, \"major\": 10}}}}}\n");
        Files.writeString(tmp.resolve("impl/variant"), "fix\n");
        Files.writeString(c.resolve("src.trace.ndjson"), "{}\n");
        Files.writeString(c.resolve("dst.trace.ndjson"), "{}\n");
        List<RunSpec> runs = RunDiscovery.find(tmp);
        assertEquals(List.of("impl/c", "qemu/a", "qemu/b"), runs.stream().map(RunSpec::name).toList());
        assertEquals("fix", runs.get(0).variantHint());
        assertEquals(2, runs.get(0).logs().size());
        assertEquals("legacy", runs.get(1).variantHint());
        assertTrue(runs.get(1).variantSource().contains("QEMU 7.2"));
        assertEquals("v4", runs.get(2).variantHint());
        assertEquals(1, runs.get(2).logs().size());
        assertThrows(BadInput.class, () -> RunDiscovery.find(tmp.resolve("impl/c").resolve("nothing")));
        Files.createDirectories(tmp.resolve("empty"));
        assertThrows(BadInput.class, () -> RunDiscovery.find(tmp.resolve("empty")));
        assertEquals("a", RunDiscovery.find(tmp.resolve("qemu/a")).get(0).name());
    }

    @Test
    void knownEventsCoverTheSpecAndTheSharedLogs() {
        for (String e : List.of("migrate_set_state", "source_return_path_thread_pong", "savevm_section_start",
                "postcopy_ram_fault_thread_request", "qmp_enter_migrate", "x_inject_fault")) {
            assertTrue(KnownEvents.QEMU_MIGRATION.contains(e), e);
        }
    }

    @Test
    void junitXmlEscapesAndCounts() throws Exception {
        RunRecord ok = RunRecord.failed("ok", "accepted", 0, "accepted: fine");
        RunRecord bad = RunRecord.failed("r<&>\"", "rejected", 1, "rejected at x:1: a \"b\" <c> & d]]>");
        RunRecord err = RunRecord.failed("e", "bad-input", 2, "e:1:1: malformed JSON");
        String xml = JunitReport.render(List.of(ok, bad, err), 1.5);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, doc.getElementsByTagName("testcase").getLength());
        var f = (org.w3c.dom.Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("rejected at x:1: a \"b\" <c> & d]]>", f.getAttribute("message"));
        assertEquals(1, doc.getElementsByTagName("error").getLength());
        var suite = (org.w3c.dom.Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
    }

    @Test
    void coverageCountsAcceptedRunsOnly() {
        RunRecord a = new RunRecord("a", "accepted", 0, "", "v4", null, "", Set.of("X", "Y"), new long[] {1, 2, 3},
                Set.of(), Set.of("X", "Y", "Z"), 0, 0);
        RunRecord b = new RunRecord("b", "rejected", 1, "", "v4", null, "", Set.of("Z"), new long[] {4},
                Set.of(), Set.of("X", "Y", "Z", "W"), 0, 0);
        Coverage c = Coverage.of(List.of(a, b));
        assertEquals(Set.of("X", "Y"), c.taken());
        assertEquals(Set.of("W", "Z"), c.never());
        assertEquals(3, c.distinctStates());
        assertEquals(1, c.acceptedRuns());
    }

    @Test
    void tlcTraceSpecReadsTracedEvents() throws Exception {
        Set<String> ev = TlcTraceSpec.tracedEvents(CheckerTestSupport.specDir());
        assertTrue(ev.contains("migrate_set_state") && ev.contains("source_return_path_thread_pong"), ev.toString());
        assertTrue(ev.size() > 30);
    }
}
