package org.migspec.impl.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The guest's fate on the end states the scenarios record, the same for every backend. */
class GuestFateTest {
    private static GuestFate.Side alive(String status, boolean running, boolean ran, boolean complete, boolean partial) {
        return new GuestFate.Side(true, status, running, ran, complete, partial);
    }

    @Test
    void completedMigrationRunsOnTheDestination() {
        GuestFate.Verdict v = GuestFate.decide(alive("completed", false, false, false, false),
                alive("completed", true, true, true, true));
        assertTrue(v.intact());
        assertEquals("dst", v.latestState());
        assertEquals(List.of("dst"), v.runningOn());
    }

    @Test
    void failedBeforeTheDestinationRanKeepsTheSource() {
        GuestFate.Verdict v = GuestFate.decide(alive("failed", true, false, false, false), GuestFate.Side.gone(false));
        assertTrue(v.intact());
        assertEquals("src", v.latestState());
    }

    @Test
    void bothRanIsSplitBrain() {
        GuestFate.Verdict v = GuestFate.decide(alive("failed", true, true, false, false), alive("completed", true, true, true, true));
        assertFalse(v.intact());
        assertTrue(v.latestState().startsWith("nowhere (split brain"));
    }

    @Test
    void destinationRanThenDiedIsLost() {
        GuestFate.Verdict v = GuestFate.decide(alive("postcopy-paused", false, false, false, false), GuestFate.Side.gone(true));
        assertFalse(v.intact());
        assertEquals("nowhere", v.latestState());
    }

    @Test
    void bothPausedInPostcopyIsRecoverable() {
        GuestFate.Verdict v = GuestFate.decide(alive("postcopy-paused", false, false, false, false),
                alive("postcopy-paused", false, true, false, true));
        assertTrue(v.intact());
        assertTrue(v.recoverable());
        assertEquals("split (pages on both sides)", v.latestState());
    }

    @Test
    void stoppedOnBothSidesIsLostEvenWithTheStateSomewhere() {
        // C5: the source holds the latest state but cannot run it, the destination is gone
        GuestFate.Verdict c5 = GuestFate.decide(alive("postcopy-device", false, false, false, false), GuestFate.Side.gone(false));
        assertFalse(c5.intact());
        assertEquals("src", c5.latestState());
        // C6: both completed, the destination never started its vCPUs
        GuestFate.Verdict c6 = GuestFate.decide(alive("completed", false, false, false, false),
                alive("completed", false, false, true, true));
        assertFalse(c6.intact());
        assertEquals("both", c6.latestState());
    }
}
