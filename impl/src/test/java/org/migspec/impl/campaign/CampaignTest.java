package org.migspec.impl.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.impl.common.Variant;
import org.migspec.impl.scenario.ImplBackend;
import org.migspec.impl.scenario.Scenario;
import org.migspec.impl.scenario.ScenarioRunner;

/**
 * The campaign's schedules come from the seed alone and are valid scenarios for their backend;
 * a small fixed-seed campaign on the implementation finishes every run within its bound. (That
 * the trace checker accepts the runs is {@code make campaign-ci}: the checker is another module.)
 */
class CampaignTest {
    private static final long SEED = 20261204L;
    private static final long LIMIT_MS = 60_000;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sameSeedSameSchedules() {
        List<Schedule> a = new ScheduleGenerator(SEED, false).generate(30);
        assertEquals(a, new ScheduleGenerator(SEED, false).generate(30));
        // schedule i does not depend on how many are drawn
        assertEquals(a.subList(0, 6), new ScheduleGenerator(SEED, false).generate(6));
        assertNotEquals(a, new ScheduleGenerator(SEED + 1, false).generate(30));
        for (Schedule s : a) {
            assertEquals(s, Schedule.fromJson(s.toJson(json)), "JSON round trip of " + s.describe());
            assertFalse(s.actions().isEmpty());
        }
    }

    @Test
    void qemuSchedulesHaveNoEventPoints() {
        for (Schedule s : new ScheduleGenerator(SEED, true).generate(40)) {
            for (Schedule.Action a : s.actions()) {
                assertTrue(a.point() == null || !a.point().isEvent(), s.describe());
            }
        }
    }

    @Test
    void everyScheduleIsAScenarioTheImplementationCanRun(@TempDir Path dir) throws Exception {
        ScenarioWriter w = new ScenarioWriter(json);
        for (Variant v : List.of(Variant.parse("legacy"), Variant.parse("v4"))) {
            for (Schedule s : new ScheduleGenerator(SEED, false).generate(40)) {
                Path f = dir.resolve(v.cliName() + "-" + s.index() + ".json");
                json.writeValue(f.toFile(), w.scenario(s, v, "impl", "t"));
                Scenario sc = Scenario.load(f);
                assertEquals(List.of(), ScenarioRunner.unsupportedSteps(sc, new ImplBackend(v)), s.describe());
            }
        }
    }

    @Test
    void aBlockActivationFailureIsMadeByTheHolderNotByAskingTheDestination() {
        ScenarioWriter w = new ScenarioWriter(json);
        int seen = 0;
        for (Schedule s : new ScheduleGenerator(SEED, false).generate(200)) {
            if (s.actions().stream().noneMatch(a -> a.what().equals("block-activation-failure"))) continue;
            seen++;
            String text = w.scenario(s, Variant.parse("v4"), "impl", "t").toString();
            assertTrue(text.contains("\"hold_image\""), s.describe());
            assertFalse(text.contains("\"block-activation-failure\""), s.describe() + ": " + text);
        }
        assertTrue(seen > 0, "no schedule of 200 has a block-activation-failure");
    }

    @Test
    void pointsMoveEarlier() {
        Schedule s = new ScheduleGenerator(SEED, false).schedule(1);
        Schedule.Point e = Schedule.Point.event("dst", "mig/dst/fault", "postcopy_ram_fault_thread_request", 40);
        assertEquals(20, Shrinker.earlier(e, s).count());
        Schedule.Point first = Schedule.Point.event("src", "mig/src/main", "savevm_state_setup", 1);
        assertEquals(null, Shrinker.earlier(first, s));
        assertEquals(300, Shrinker.earlier(Schedule.Point.status("src", "active", 600), s).delayMs());
        assertEquals("setup", Shrinker.earlier(Schedule.Point.status("src", "active", 10), s).status());
    }

    /** Six runs of v4 from a fixed seed: each ends within its bound with an outcome class. */
    @Test
    void smallCampaignRunsWithinBound() throws Exception {
        Path out = Path.of("target", "campaign-test");
        Variant v = Variant.parse("v4");
        CampaignRunner runner = new CampaignRunner(v, "impl", () -> new ImplBackend(v), LIMIT_MS);
        List<Schedule> schedules = new ScheduleGenerator(SEED, false).generate(6);
        List<RunRecord> runs = runner.runAll(schedules, out.resolve("runs"), out, 1);
        assertEquals(6, runs.size());
        for (RunRecord r : runs) {
            assertTrue(r.wallMs() < LIMIT_MS, r.dir() + " took " + r.wallMs() + " ms");
            assertTrue(r.error() == null || !r.error().contains("time limit"), r.dir() + ": " + r.error());
            assertNotNull(r.outcome());
            assertTrue(Files.exists(out.resolve(r.dir()).resolve("scenario.json")));
            assertTrue(Files.exists(out.resolve(r.dir()).resolve("result.json")));
        }
    }
}
