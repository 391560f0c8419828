package org.migspec.checker.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.checker.CheckerTestSupport;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.checker.spec.TraceConfig;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLC's side of conformance coverage on the in-process configuration (v4, precopy): the
 * projection TLC evaluates, the pass over the state graph, its cache, and that a real run's
 * explanation stays inside the set (the union of an accepted run's abstract states is a subset
 * of TLC's, computed here independently of batch mode's cache).
 */
class TlcReachableTest {
    static LoadedSpec spec() throws Exception {
        return LoadedSpec.load(CheckerTestSupport.specDir(), new TraceConfig(CheckerTestSupport.IN_PROCESS_KEY, false, false,
                false, false));
    }

    @Test
    void theInitialStateProjectsToNothingStartedYet() throws Exception {
        LoadedSpec spec = spec();
        assertEquals("src=none/prelaunch mt=none rp=none | dst=none/inmigrate co=none lt=none | lock=none",
                spec.abstractState(spec.init()));
    }

    @Test
    void anAcceptedRunsAbstractStatesAreTlcs(@TempDir Path tmp) throws Exception {
        Path run = CheckerTestSupport.real("qemu-10.2/s1a_precopy_success");
        CheckerTestSupport.requireInput(run);
        CheckerTestSupport.copyRun(run, tmp.resolve("runs").resolve("s1a_precopy_success"));
        Path json = tmp.resolve("out.json");
        // the build switches TLC's sets off for the other tests (trace-checker/pom.xml): on here
        String was = System.getProperty("migspec.tlcCoverage");
        System.setProperty("migspec.tlcCoverage", "true");
        CheckerTestSupport.Result r;
        try {
            r = CheckerTestSupport.inProcess("--batch", tmp.resolve("runs").toString(), "--json", json.toString(), "--jobs", "1");
        } finally {
            if (was == null) System.clearProperty("migspec.tlcCoverage");
            else System.setProperty("migspec.tlcCoverage", was);
        }
        assertEquals(0, r.exit(), r.all());
        JsonNode c = CheckerTestSupport.readJson(json).path("coverage").path("conformance");
        assertEquals(CheckerTestSupport.IN_PROCESS_KEY, c.path("models").get(0).path("model").asText(), r.all());
        Set<String> reached = new TreeSet<>();
        c.path("abstractStates").path("reached").forEach(x -> reached.add(x.asText()));
        Set<String> taken = new TreeSet<>();
        CheckerTestSupport.readJson(json).path("coverage").path("actionsTaken").forEach(x -> taken.add(x.asText()));
        // a precopy that completes passes through setup, active, device and completed at least
        assertTrue(reached.size() >= 5, reached.toString());
        assertTrue(reached.stream().anyMatch(s -> s.startsWith("src=completed/")), reached.toString());

        TlcReachable own = TlcReachable.explore(spec());
        assertFalse(own.cached());
        Set<String> outside = new TreeSet<>(reached);
        outside.removeAll(own.abstractStates());
        assertEquals(Set.of(), outside, "abstract states of the run TLC does not reach");
        Set<String> actionsOutside = new TreeSet<>(taken);
        actionsOutside.removeAll(own.actions());
        assertEquals(Set.of(), actionsOutside, "actions of the run TLC's model never takes");
        assertTrue(own.abstractStates().size() > reached.size());
        assertEquals(own.abstractStates().size(), c.path("abstractStates").path("tlc").asInt());
        assertTrue(c.path("discrepancies").path("abstractStatesBeyondTlc").isEmpty());
        assertTrue(r.out().contains("Conformance coverage against TLC's reachable sets"), r.out());
    }

    @Test
    void theCacheGivesBackTheSameSets(@TempDir Path cache) throws Exception {
        LoadedSpec spec = spec();
        TlcReachable first = TlcReachable.of(spec, CheckerTestSupport.specDir(), cache);
        TlcReachable again = TlcReachable.of(spec, CheckerTestSupport.specDir(), cache);
        assertTrue(again.cached());
        assertEquals(first.abstractStates(), again.abstractStates());
        assertEquals(first.actions(), again.actions());
        assertEquals(first.distinctStates(), again.distinctStates());
        assertTrue(first.actions().contains("QmpMigrate") && first.abstractStates().size() > 10);
    }
}
