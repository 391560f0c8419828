package org.migspec.checker.search;

import org.junit.jupiter.api.Test;
import org.migspec.checker.spec.SpecEvent;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Pending}, the events the spec emitted that no line matched yet: one FIFO per spec
 * thread (README rule R4) and the creation barriers (R11).
 */
class PendingTest {
    private static SpecEvent ev(String thread, String state) {
        return new SpecEvent(thread, "migrate_set_state", Map.of("new_state", state));
    }

    private static final SpecEvent SETUP = ev("src/main", "setup");
    private static final SpecEvent CANCELLING = ev("src/main", "cancelling");
    private static final SpecEvent ACTIVE = ev("src/migration", "active");
    private static final SpecEvent DEVICE = ev("src/migration", "device");

    private static int index(Pending p, String thread) {
        for (int i = 0; i < p.threadCount(); i++) if (p.thread(i).equals(thread)) return i;
        throw new AssertionError(thread + " has nothing pending: " + p);
    }

    @Test
    void R4_eachThreadIsAQueueInEmissionOrder() {
        Pending p = Pending.EMPTY.push(List.of(ACTIVE, SETUP)).push(List.of(DEVICE, CANCELLING));
        assertEquals(4, p.size());
        assertEquals(2, p.threadCount());
        // threads sorted by name; within a thread, the order the steps emitted
        assertEquals("src/main", p.thread(0));
        assertEquals(List.of(SETUP, CANCELLING), p.queue(0));
        assertEquals(List.of(ACTIVE, DEVICE), p.queue(1));
        assertEquals(SETUP, p.head(index(p, "src/main")));
        assertEquals(ACTIVE, p.head(index(p, "src/migration")));
        assertEquals(2, p.queueLength("src/migration"));
        assertEquals(0, p.queueLength("dst/main"));
    }

    @Test
    void R4_onlyTheHeadIsTakenAndAnEmptyQueueDisappears() {
        Pending p = Pending.EMPTY.push(List.of(SETUP, ACTIVE, DEVICE));
        Pending q = p.pop(index(p, "src/migration"));
        assertEquals(List.of(DEVICE), q.queue(index(q, "src/migration")));
        assertEquals(List.of(SETUP), q.queue(index(q, "src/main")));
        Pending r = q.pop(index(q, "src/main"));
        assertEquals(1, r.threadCount());
        assertEquals("src/migration", r.thread(0));
        assertTrue(r.pop(0).isEmpty());
        assertEquals(Pending.EMPTY, r.pop(0));
        // immutable: the earlier states are unchanged
        assertEquals(3, p.size());
        assertEquals(2, q.size());
    }

    @Test
    void R4_equalQueuesAreEqualStates() {
        Pending a = Pending.EMPTY.push(List.of(SETUP)).push(List.of(ACTIVE));
        Pending b = Pending.EMPTY.push(List.of(ACTIVE, SETUP));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Pending.EMPTY.push(List.of(SETUP, ev("src/main", "active"))));
        assertSame(a, a.push(List.of()));
    }

    @Test
    void R11_aCreatedThreadWaitsForWhatItsCreatorHadPending() {
        // QmpMigrate left qmp_enter_migrate and setup pending; MigrationConnect creates the migration thread
        SpecEvent enter = new SpecEvent("src/main", "qmp_enter_migrate", Map.of());
        Pending p = Pending.EMPTY.push(List.of(enter, SETUP)).spawn("src/main", List.of("src/migration"));
        assertTrue(p.isBlocked("src/migration"));
        assertFalse(p.isBlocked("src/main"));
        p = p.push(List.of(ACTIVE));   // MigrationThreadSetup
        assertTrue(p.isBlocked("src/migration"));
        p = p.pop(index(p, "src/main"));
        assertTrue(p.isBlocked("src/migration"), "one of the creator's two events is still pending: " + p);
        p = p.pop(index(p, "src/main"));
        assertFalse(p.isBlocked("src/migration"), p.toString());
        assertEquals(List.of(ACTIVE), p.all());
    }

    @Test
    void R11_aCreatorWithNothingPendingSetsNoBarrier() {
        Pending p = Pending.EMPTY.push(List.of(ACTIVE));
        assertSame(p, p.spawn("src/main", List.of("src/return-path")));
        assertFalse(p.spawn("src/main", List.of("src/return-path")).isBlocked("src/return-path"));
        Pending q = Pending.EMPTY.push(List.of(SETUP));
        assertSame(q, q.spawn("src/main", List.of()));
    }

    @Test
    void R11_theCreatingStepsOwnEventsDoNotCount() {
        // TraceSearch spawns before it pushes the step's events: they may follow the created thread's
        Pending p = Pending.EMPTY.spawn("src/main", List.of("src/migration")).push(List.of(SETUP, ACTIVE));
        assertFalse(p.isBlocked("src/migration"));
    }

    @Test
    void R11_matchingOtherThreadsDoesNotRelease() {
        Pending p = Pending.EMPTY.push(List.of(SETUP, ev("dst/main", "active")))
                .spawn("src/main", List.of("src/migration"));
        p = p.pop(index(p, "dst/main"));
        assertTrue(p.isBlocked("src/migration"));
    }

    @Test
    void R11_aThreadCreatedAgainWaitsForItsNewCreatorOnly() {
        // a new return-path thread (postcopy recovery): the later barrier replaces the earlier one
        SpecEvent ping = new SpecEvent("src/migration", "savevm_send_ping", Map.of("val", 1L));
        Pending p = Pending.EMPTY.push(List.of(SETUP, CANCELLING)).spawn("src/main", List.of("src/return-path"))
                .push(List.of(ping)).spawn("src/migration", List.of("src/return-path"));
        p = p.pop(index(p, "src/migration"));
        assertFalse(p.isBlocked("src/return-path"), "the main thread's events no longer hold it: " + p);
        assertEquals(2, p.queueLength("src/main"));
    }

    @Test
    void R11_barriersArePartOfTheState() {
        // two nodes whose queues agree but whose barriers differ are different search keys
        Pending a = Pending.EMPTY.push(List.of(SETUP, ACTIVE));
        Pending b = Pending.EMPTY.push(List.of(SETUP)).spawn("src/main", List.of("src/migration")).push(List.of(ACTIVE));
        assertEquals(a.all(), b.all());
        assertNotEquals(a, b);
        assertTrue(Pending.sameThreads(a, b));
        assertTrue(b.toString().contains("src/migration after 1 of src/main"), b.toString());
    }

    // ---- R15: a QMP command's gate ----

    private static final SpecEvent ENTER_CANCEL = new SpecEvent("src/main", "qmp_enter_migrate_cancel", Map.of());
    private static final SpecEvent AFTER_LOOP = new SpecEvent("src/migration", "migration_thread_after_loop", Map.of());

    @Test
    void R15_aGateHoldsTheOtherThreadsLaterEventsUntilTheMarker() {
        // MigrationThreadSetup left `active` pending; then QmpMigrateCancel, then the migration thread reacts
        Pending p = Pending.EMPTY.push(List.of(ACTIVE)).pushGated(List.of(ENTER_CANCEL, CANCELLING), 0)
                .push(List.of(AFTER_LOOP));
        assertFalse(p.isGated("src/migration"), "`active` was pending before the command: " + p);
        p = p.pop(index(p, "src/migration"));
        assertTrue(p.isGated("src/migration"), "after_loop waits for the marker: " + p);
        assertFalse(p.isGated("src/main"));
        assertFalse(p.isGated("dst/main"), "the other process has no order with this one");
        p = p.pop(index(p, "src/main"));   // the marker
        assertFalse(p.isGated("src/migration"), p.toString());
        assertEquals(List.of(CANCELLING, AFTER_LOOP), p.all());
    }

    @Test
    void R15_theMarkersThreadQueuedBeforeItMatchesFirst() {
        // a setup still pending on the main thread: the gate closes at the marker, not at setup
        Pending p = Pending.EMPTY.push(List.of(SETUP)).pushGated(List.of(ENTER_CANCEL), 0).push(List.of(AFTER_LOOP));
        p = p.pop(index(p, "src/main"));
        assertTrue(p.isGated("src/migration"), p.toString());
        p = p.pop(index(p, "src/main"));
        assertFalse(p.isGated("src/migration"), p.toString());
    }

    @Test
    void R15_gatesAreStateAndCompareEqualOnlyWhenEqual() {
        Pending a = Pending.EMPTY.pushGated(List.of(ENTER_CANCEL), 0).push(List.of(AFTER_LOOP));
        Pending b = Pending.EMPTY.push(List.of(ENTER_CANCEL, AFTER_LOOP));
        assertEquals(a.all().size(), b.all().size());
        assertNotEquals(a, b);
        assertEquals(a, Pending.EMPTY.pushGated(List.of(ENTER_CANCEL), 0).push(List.of(AFTER_LOOP)));
    }
}
