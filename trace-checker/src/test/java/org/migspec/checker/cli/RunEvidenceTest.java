package org.migspec.checker.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.checker.search.AllowedFaults;
import org.migspec.checker.spec.TraceConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a run's records allow an explanation to assume, and which of it the records say
 * happened (a SIGKILL: the search does not rank that crash as an assumption to minimise).
 */
class RunEvidenceTest {
    @TempDir
    Path dir;

    @Test
    void aSigkillExitCodeMakesTheCrashCertainAnErrorExitOnlyAllowsIt() throws Exception {
        Files.writeString(dir.resolve("summary.json"),
                "{\"src\": {\"exit_code\": 1}, \"dst\": {\"exit_code\": -9}}");
        AllowedFaults a = RunEvidence.of(List.of(dir), List.of());
        assertTrue(a.allows("dst-crash"));
        assertTrue(a.isCertain("dst-crash"));
        assertTrue(a.allows("src-crash"));
        assertFalse(a.isCertain("src-crash"), "an exit(1) is the process's own, not a kill");
        assertEquals("summary.json: dst exit code -9 (SIGKILL)", a.basis("dst-crash"));
    }

    @Test
    void theRunnersKillStepIsCertainAQuitOrAnAssumptionIsNot() throws Exception {
        Files.writeString(dir.resolve("result.json"),
                "{\"steps\": [{\"what\": \"kill\", \"side\": \"dst\", \"detail\": \"SIGKILL pid 1\"},"
                        + " {\"what\": \"quit\", \"side\": \"src\"}]}");
        AllowedFaults a = RunEvidence.of(List.of(dir), List.of("channel-break"));
        assertTrue(a.isCertain("dst-crash"));
        assertTrue(a.allows("src-quit"));
        assertFalse(a.isCertain("src-quit"));
        assertTrue(a.allows("channel-break"));
        assertFalse(a.isCertain("channel-break"), "--assume widens, it records nothing");
    }

    @Test
    void theHolderLetsGoOnlyWhereTheRecordsShowARelease() throws Exception {
        Files.writeString(dir.resolve("result.json"),
                "{\"steps\": [{\"what\": \"hold_image\", \"side\": \"runner\"}]}");
        assertTrue(RunEvidence.of(List.of(dir), List.of()).isCertain("lock-holder"));
        assertFalse(RunEvidence.holderReleased(List.of(dir)), "a holder with no release keeps the locks");
        Files.writeString(dir.resolve("result.json"),
                "{\"steps\": [{\"what\": \"hold_image\", \"side\": \"runner\"},"
                        + " {\"what\": \"release_image\", \"side\": \"runner\"}]}");
        assertTrue(RunEvidence.holderReleased(List.of(dir)));
        Files.writeString(dir.resolve("result.json"),
                "{\"steps\": [{\"what\": \"release_image\", \"side\": \"runner\"}]}");
        assertFalse(RunEvidence.holderReleased(List.of(dir)), "a release with no hold before it releases nothing");
    }

    @Test
    void theSpecsHolderLetsGoOnlyWithTheRecordAndOnlyWithAHolder() {
        TraceConfig held = new TraceConfig("fix", true, true, false, false, false, 3, true, false);
        TraceConfig released = new TraceConfig("fix", true, true, false, false, false, 3, true, true);
        TraceConfig none = new TraceConfig("fix", true, true, false, false, false, 3, false, true);
        assertTrue(held.cfg().contains("LockHolderReleases = FALSE\n"), held.cfg());
        assertTrue(released.cfg().contains("LockHolderReleases = TRUE\n"), released.cfg());
        assertTrue(none.cfg().contains("LockHolderReleases = FALSE\n"), none.cfg());
        assertEquals("fix+postcopy+rp+holder-released", released.key());
        assertEquals("fix+postcopy+rp+holder", held.key());
    }

    @Test
    void noRecordsAllowNothing() {
        AllowedFaults a = RunEvidence.of(List.of(dir), List.of());
        assertEquals(AllowedFaults.none(), a);
    }
}
