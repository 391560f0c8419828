package org.migspec.checker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.checker.search.Bound;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.inProcess;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.real;
import static org.migspec.checker.CheckerTestSupport.repo;

/**
 * Each bound of the search, on a small input where it bites: the run is UNDECIDED (exit
 * 1), and the text, JSON and JUnit reports name the bound, where it first cut a branch and
 * the flag that raises it; with the bound at its default the same input gets its exact
 * verdict.  The inputs: s1a (QEMU 10.2 precopy) with a `postcopy-recover` the v4 source
 * never makes inserted after `active` (REJECTED: the search is exhaustive, no bound cuts
 * it), s3a (QEMU 10.2 postcopy, ACCEPTED), and a v4 postcopy-cancel run of the
 * implementation (named threads, ACCEPTED; test resource bounds/postcopy-cancel-v4, made
 * with `./migspec run impl/scenarios/postcopy-cancel.json --variant v4` and cut to the
 * events the checker reads: the spec's and QMP's).
 */
class BoundsTest {
    @TempDir
    Path tmp;

    /** The s1a copy no v4 behaviour explains (in-process configuration "v4"). */
    private Path[] rejectedS1a() throws Exception {
        Mutations.Mutant m = Mutations.of("qemu-10.2/s1a_precopy_success", tmp).stream()
                .filter(x -> x.kind().equals("never-state")).findFirst().orElseThrow();
        return new Path[] {m.dir().resolve("src.trace.log"), m.dir().resolve("dst.trace.log")};
    }

    private record Checked(CheckerTestSupport.Result r, JsonNode run, JsonNode doc, Path junit) {
    }

    private Checked check(boolean here, Path[] logs, String... flags) throws Exception {
        Path json = tmp.resolve("out-" + System.nanoTime() + ".json");
        Path junit = tmp.resolve("junit-" + System.nanoTime() + ".xml");
        List<String> a = new ArrayList<>(List.of("--json", json.toString(), "--junit", junit.toString()));
        if (logs[0].toString().endsWith(".log") && !List.of(flags).contains("--variant")) a.addAll(List.of("--variant", "v4"));
        a.addAll(List.of(flags));
        a.add(logs[0].toString());
        a.add(logs[1].toString());
        String[] args = a.toArray(new String[0]);
        CheckerTestSupport.Result r = here ? inProcess(args) : child(args);
        JsonNode doc = readJson(json);
        return new Checked(r, doc.path("runs").get(0), doc, junit);
    }

    /** UNDECIDED because of {@code b}, said in every report. */
    private static void undecidedBy(Checked c, Bound b, String flagValue) throws Exception {
        String all = c.r().all();
        assertEquals(1, c.r().exit(), all);
        assertEquals("undecided", c.run().path("verdict").asText(), all);
        assertEquals("undecided", c.doc().path("verdict").asText(), all);
        assertFalse(c.run().path("exhaustive").asBoolean(), all);
        JsonNode hit = null;
        for (JsonNode h : c.run().path("bounds")) if (h.path("bound").asText().equals(b.key())) hit = h;
        assertNotNull(hit, b.key() + " not among the bounds: " + c.run().path("bounds"));
        assertEquals(b.flag, hit.path("flag").asText());
        assertEquals(Long.parseLong(flagValue), hit.path("limit").asLong());
        // where it bit: a line of a log and its event
        assertTrue(hit.path("line").asLong() > 0, hit.toString());
        assertTrue(hit.path("file").asText().endsWith(".log") || hit.path("file").asText().endsWith(".ndjson"), hit.toString());
        assertFalse(hit.path("detail").asText().isEmpty(), hit.toString());
        // the text report: the verdict line, the bound with its flag and place; never "no legal behaviour"
        String out = c.r().out();
        assertTrue(out.startsWith("UNDECIDED  "), out);
        assertTrue(out.contains(b.key() + " = " + flagValue + " ("), out);
        assertTrue(out.contains("raise with " + b.flag), out);
        assertTrue(out.contains("first at " + hit.path("file").asText() + ":" + hit.path("line").asLong()), out);
        assertFalse(out.contains("no legal behaviour explains"), out);
        assertTrue(c.run().path("reason").asText().contains(b.flag), c.run().path("reason").asText());
        // JUnit: a failure of type "undecided" whose message names the flag
        var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(c.junit().toFile());
        var failure = (org.w3c.dom.Element) xml.getElementsByTagName("failure").item(0);
        assertNotNull(failure, all);
        assertEquals("undecided", failure.getAttribute("type"));
        assertTrue(failure.getAttribute("message").contains(b.flag), failure.getAttribute("message"));
    }

    /** The exact rejection: exhaustive, no bound, the line the mutation inserted. */
    private static void exactlyRejected(Checked c) {
        String all = c.r().all();
        assertEquals(1, c.r().exit(), all);
        assertEquals("rejected", c.run().path("verdict").asText(), all);
        assertEquals("rejected", c.doc().path("verdict").asText(), all);
        assertTrue(c.run().path("exhaustive").asBoolean(), all);
        assertEquals(0, c.run().path("bounds").size(), all);
        assertEquals(16, c.run().at("/rejection/failing/line").asInt(), all);
        assertTrue(c.r().out().contains("Exhaustive: no bound cut the search"), c.r().out());
        assertTrue(c.r().out().contains("no legal behaviour explains it"), c.r().out());
    }

    private static void accepted(Checked c) {
        assertEquals(0, c.r().exit(), c.r().all());
        assertEquals("accepted", c.run().path("verdict").asText(), c.r().all());
    }

    @Test
    void stepsInARow() throws Exception {
        Path[] m = rejectedS1a();
        undecidedBy(check(true, m, "--max-steps-ahead", "2"), Bound.HIDDEN_STEPS, "2");
        exactlyRejected(check(true, m));
    }

    @Test
    void pendingEvents() throws Exception {
        Path[] m = rejectedS1a();
        undecidedBy(check(true, m, "--max-pending", "2"), Bound.PENDING, "2");
        exactlyRejected(check(true, m, "--max-pending", "200"));
    }

    @Test
    void lookahead() throws Exception {
        Path[] m = rejectedS1a();
        undecidedBy(check(true, m, "--lookahead", "1"), Bound.LOOKAHEAD, "1");
        exactlyRejected(check(true, m, "--lookahead", "64"));
    }

    @Test
    void window() throws Exception {
        Path[] m = rejectedS1a();
        undecidedBy(check(true, m, "--window", "3"), Bound.WINDOW, "3");
        exactlyRejected(check(true, m, "--window", "1000"));
    }

    @Test
    void laxPassBudget() throws Exception {
        Path[] m = rejectedS1a();
        undecidedBy(check(true, m, "--max-lax-nodes", "1"), Bound.LAX_NODES, "1");
        exactlyRejected(check(true, m, "--max-lax-nodes", "300000"));
    }

    /** The search's node budget runs out: undecided, never rejected, never accepted. */
    @Test
    void nodeBudgetOutIsUndecided() throws Exception {
        Path[] m = rejectedS1a();
        undecidedBy(check(true, m, "--max-nodes", "5"), Bound.NODES, "5");
        Path s1a = real("qemu-10.2/s1a_precopy_success");
        Path[] ok = {s1a.resolve("src.trace.log"), s1a.resolve("dst.trace.log")};
        undecidedBy(check(true, ok, "--max-nodes", "5"), Bound.NODES, "5");
        accepted(check(true, ok));
    }

    /**
     * The spec's fault bound (MaxFaults): c_precopy_dest_killed needs the destination's crash,
     * which its summary.json supports; with no fault allowed it is undecided, with the default
     * (3) accepted.
     */
    @Test
    void faultsPerBehaviour() throws Exception {
        Path c = real("qemu-7.2/c_precopy_dest_killed");
        Path[] logs = {c.resolve("src.trace.log"), c.resolve("dst.trace.log")};
        Checked low = check(false, logs, "--variant", "legacy", "--max-faults", "0");
        undecidedBy(low, Bound.FAULTS, "0");
        assertEquals("legacy+faults0", low.run().at("/config/key").asText());
        Checked ok = check(false, logs, "--variant", "legacy");
        accepted(ok);
        assertTrue(ok.run().path("reason").asText().contains("unlogged faults: dst-crash"), ok.run().toString());
    }

    /** A log with thread names (the implementation's NDJSON): the lanes' lookahead. */
    @Test
    void laneLookahead() throws Exception {
        Path run = repo().resolve("trace-checker/src/test/resources/bounds/postcopy-cancel-v4");
        Path[] logs = {run.resolve("src.trace.ndjson"), run.resolve("dst.trace.ndjson")};
        undecidedBy(check(false, logs, "--lane-lookahead", "1"), Bound.LANE_LOOKAHEAD, "1");
        accepted(check(false, logs));
    }

    /** An accepted run's bounds do not matter; the window and lookahead bite on a real postcopy run too. */
    @Test
    void realPostcopyRun() throws Exception {
        Path s3a = real("qemu-10.2/s3a_postcopy_device_load_fail");
        Path[] logs = {s3a.resolve("src.trace.log"), s3a.resolve("dst.trace.log")};
        undecidedBy(check(false, logs, "--window", "2"), Bound.WINDOW, "2");
        undecidedBy(check(false, logs, "--lookahead", "1"), Bound.LOOKAHEAD, "1");
        accepted(check(false, logs));
    }
}
