package org.migspec.checker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.migspec.checker.CheckerTestSupport.child;

/**
 * The text and JUnit reports of a run that is not accepted carry everything the issue lists:
 * for an undecided run (a bound cut the search) the same parts as for a rejection, with the
 * bounds named and without the claim that no legal behaviour explains the line.
 */
class TextReportTest {
    @TempDir
    Path tmp;

    @Test
    void rejectionReport() throws Exception {
        Mutations.Mutant m = Mutations.of("qemu-10.2/s2_postcopy_success", tmp).stream()
                .filter(x -> x.kind().equals("pong-value")).findFirst().orElseThrow();
        Path junit = tmp.resolve("junit.xml");
        // every unlogged fault allowed, as before assumptions were explicit: with only the
        // run's records, the furthest explanation stops at the PONG 0x4 above the mutation
        var r = child("--variant", "v4", "--assume", "all", "--junit", junit.toString(), m.dir().resolve("src.trace.log").toString(),
                m.dir().resolve("dst.trace.log").toString());
        assertEquals(1, r.exit(), r.all());
        String out = r.out();
        String where = m.dir().resolve("src.trace.log") + ":" + m.expectedLine();
        // with the default bounds the steps-in-a-row and pending limits cut this postcopy search
        assertTrue(out.startsWith("UNDECIDED  " + m.dir().getFileName() + "\n  undecided: a bound cut the search: "), out);
        assertTrue(out.contains("the furthest explanation stops at " + where
                + ": source_return_path_thread_pong(val=0x43): not explained within the bounds\n"), out);
        assertFalse(out.contains("no legal behaviour explains"), out);
        for (String s : new String[] {"Undecided: the search was cut by ", "raise with --max-steps-ahead", "first at ",
                "Logs\n", "events:", "mapped", "matched", "skipped (",
                "First event no explanation within the bounds gets past\n  " + where, "Longest matched prefix",
                "<- not explained", "Spec state reached: after step", "changed in step",
                "Enabled actions there", "Actions that can log source_return_path_thread_pong",
                "would log source_return_path_thread_pong(val=0x42)", "the log has source_return_path_thread_pong(val=0x43)",
                "```mermaid\nsequenceDiagram\n", "participant src_return_path as src/return-path",
                "Note over src_return_path: ✗ src.trace.log:" + m.expectedLine()}) {
            assertTrue(out.contains(s), "missing \"" + s + "\" in\n" + out);
        }
        var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        var failure = (org.w3c.dom.Element) xml.getElementsByTagName("failure").item(0);
        assertEquals("undecided", failure.getAttribute("type"));
        assertTrue(failure.getAttribute("message").startsWith("undecided: a bound cut the search: "), failure.getAttribute("message"));
        assertTrue(failure.getAttribute("message").contains(where), failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("Longest matched prefix"));
    }

    /** A disabled candidate's conjuncts, the false one marked. */
    @Test
    void falseConjunctIsMarked() throws Exception {
        Mutations.Mutant m = Mutations.of("qemu-7.2/a_precopy_success", tmp).stream()
                .filter(x -> x.kind().equals("never-state")).findFirst().orElseThrow();
        var r = child("--variant", "legacy", m.dir().resolve("src.trace.log").toString(),
                m.dir().resolve("dst.trace.log").toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().startsWith("REJECTED  "), r.out());
        assertTrue(r.out().contains("migrate_set_state(new_state=postcopy-device): no legal behaviour explains it"), r.out());
        assertTrue(r.out().contains("Exhaustive: no bound cut the search"), r.out());
        assertTrue(r.out().matches("(?s).*disabled: conjunct \\d+ is FALSE.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n    ✗ +\\d+  FALSE .*"), r.out());
    }
}
