package org.migspec.checker.coverage;

import org.junit.jupiter.api.Test;
import org.migspec.checker.report.Coverage;
import org.migspec.checker.report.RunRecord;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison of the runs' side with TLC's, on hand-made sets. */
class ConformanceTest {
    static RunRecord run(String name, int exit, String key, Set<String> actions, Set<String> states) {
        return new RunRecord(name, exit == 0 ? "accepted" : "rejected", exit, "", key, null, "", actions, new long[0],
                states, Set.of("A", "B", "C", "D"), 0, 0);
    }

    /** An abstract state in the checker's written form, named by its source status. */
    static String st(String name) {
        return "src=" + name + "/running mt=loop rp=none | dst=none/inmigrate co=none lt=none | lock=src";
    }

    static TlcReachable tlc(String key, Set<String> actions, Set<String> states) {
        return new TlcReachable(key, actions, states, 100, 1.5, 1.2, false);
    }

    @Test
    void coveredNeverReachedAndPercentPerModelAndOverall() {
        Map<String, TlcReachable> reach = Map.of(
                "v4", tlc("v4", Set.of("A", "B", "C"), Set.of(st("s1"), st("s2"), st("s3"), st("s4"))),
                "v4+postcopy+rp", tlc("v4+postcopy+rp", Set.of("A", "D"), Set.of(st("s1"), st("p1"))));
        List<RunRecord> runs = List.of(
                run("a", 0, "v4", Set.of("A", "B"), Set.of(st("s1"), st("s2"))),
                run("b", 1, "v4", Set.of("C"), Set.of(st("s3"))),                       // rejected: counts for nothing
                run("c", 0, "v4+postcopy+rp", Set.of("A"), Set.of(st("s1"))));
        Conformance c = Conformance.of(runs, reach);
        assertEquals(Set.of("A", "B", "C", "D"), c.tlcActions());
        assertEquals(Set.of("A", "B"), c.actionsCovered());
        assertEquals(Set.of("C", "D"), c.actionsNeverTaken());
        assertEquals(Set.of(st("p1"), st("s1"), st("s2"), st("s3"), st("s4")), c.tlcStates());
        assertEquals(Set.of(st("s1"), st("s2")), c.statesCovered());
        assertEquals(Set.of(st("p1"), st("s3"), st("s4")), c.statesNeverReached());
        assertTrue(c.statesBeyond().isEmpty() && c.actionsBeyond().isEmpty());
        var j = c.json();
        assertEquals(40.0, j.path("abstractStates").path("percent").asDouble());
        assertEquals(50.0, j.path("actions").path("percent").asDouble());
        assertEquals(1, j.path("models").get(0).path("acceptedRuns").asInt());
        String text = c.text(2);
        assertTrue(text.contains("actions 2 of 4 (50.0%), abstract states 2 of 5 (40.0%)"), text);
        assertTrue(text.contains("abstract states never reached (3, the first 2; all in --json)"), text);
        assertTrue(!text.contains("DISCREPANCY"), text);
    }

    @Test
    void aStateARunReachedOutsideItsModelIsADiscrepancyShownLoudly() {
        // s9 is in the other model's set: a state counts against the run's own model only
        Map<String, TlcReachable> reach = Map.of(
                "v4", tlc("v4", Set.of("A"), Set.of(st("s1"))),
                "v4+pbs", tlc("v4+pbs", Set.of("A"), Set.of(st("s1"), st("s9"))));
        Conformance c = Conformance.of(List.of(run("a", 0, "v4", Set.of("A", "B"), Set.of(st("s1"), st("s9")))), reach);
        assertEquals(Map.of("v4", Set.of(st("s9"))), c.statesBeyond());
        assertEquals(Map.of("v4", Set.of("B")), c.actionsBeyond());
        String text = c.text(10);
        assertTrue(text.contains("DISCREPANCY: 1 abstract states reached by accepted runs of v4 that TLC's model does not reach"), text);
        assertTrue(text.contains("    " + st("s9")), text);
        assertEquals(st("s9"), c.json().path("discrepancies").path("abstractStatesBeyondTlc").path("v4").get(0).asText());
    }

    @Test
    void statesWithBothProcessesAliveAreCountedApart() {
        String alive = "src=active/running mt=loop rp=running | dst=active/inmigrate co=loading lt=none | lock=src";
        String srcGone = "src=active/exited mt=loop rp=running | dst=active/inmigrate co=loading lt=none | lock=none";
        String dstGone = "src=active/running mt=loop rp=running | dst=active/exited co=loading lt=none | lock=src";
        Conformance c = Conformance.of(List.of(run("a", 0, "v4", Set.of("A"), Set.of(alive, srcGone))),
                Map.of("v4", tlc("v4", Set.of("A"), Set.of(alive, srcGone, dstGone))));
        assertEquals(Set.of(alive), Conformance.bothAlive(c.tlcStates()));
        assertTrue(c.text(5).contains("abstract states with both processes alive: 1 of 1 (100.0%)"), c.text(5));
        assertEquals(1, c.json().path("abstractStates").path("bothAlive").path("tlc").asInt());
    }

    @Test
    void batchCoverageCarriesConformanceOnlyWithTlcSets() {
        List<RunRecord> runs = List.of(run("a", 0, "v4", Set.of("A"), Set.of(st("s1"))));
        assertEquals(null, Coverage.of(runs).conformance());
        assertTrue(Coverage.of(runs).json().path("conformance").isMissingNode());
        Coverage with = Coverage.of(runs, Map.of("v4", tlc("v4", Set.of("A"), Set.of(st("s1"), st("s2")))));
        assertEquals(50.0, with.json().path("conformance").path("abstractStates").path("percent").asDouble());
        assertTrue(with.text().contains("Conformance coverage against TLC's reachable sets"), with.text());
    }
}
