package org.migspec.impl.source;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.QemuEvent;
import org.migspec.impl.common.RunState;
import org.migspec.impl.guest.GuestDigest;
import org.migspec.impl.vm.VmProcess;
import org.migspec.impl.wire.MigrationChannel;

/**
 * The outgoing {@code MigrationState} ({@code s->state} and the variables the migration thread,
 * return-path thread and main loop share, ground truth §3c).
 */
public final class MigrationState {
    private final VmProcess vm;
    private final AtomicReference<MigrationStatus> state = new AtomicReference<>(MigrationStatus.NONE);
    private volatile String error;

    /** s->start_postcopy, set by migrate-start-postcopy. */
    public volatile boolean startPostcopy;
    /** s->pause_event: migrate-continue (or cancel) releases PRE_SWITCHOVER. */
    public final QemuEvent pauseEvent = new QemuEvent();
    public final Semaphore postcopyPauseSem = new Semaphore(0);
    /** s->rp_state.rp_sem (migration_rp_kick / migration_rp_wait). */
    public final Semaphore rpSem = new Semaphore(0);
    /** 7.2's postcopy_pause_rp_sem: the paused return-path thread waits on it. */
    public final Semaphore postcopyPauseRpSem = new Semaphore(0);
    /** s->postcopy_package_loaded + s->postcopy_package_loaded_event (10.2, §3c). */
    public volatile boolean postcopyPackageLoaded;
    public final QemuEvent postcopyPackageLoadedEvent = new QemuEvent();

    /** to_dst_file and the return path over the same socket. */
    public volatile MigrationChannel channel;
    public volatile boolean rpThreadCreated;
    public volatile Thread rpThread;
    /** s->rp_state.error (7.2 mark_source_rp_bad / an RP error in 10.2). */
    public volatile boolean rpError;
    public volatile Thread migrationThread;
    public volatile RunState vmOldState = RunState.RUNNING;
    public volatile boolean resumeRequested;
    public volatile String uri;
    public final PageRequestQueue pageRequests;
    public volatile RamSaver ramSaver;
    public volatile GuestDigest switchoverRecord;
    public volatile long startNs;
    public volatile long setupNs;
    public volatile long totalTimeMs;
    public volatile long downtimeMs;

    public MigrationState(VmProcess vm, int pages) {
        this.vm = vm;
        this.pageRequests = new PageRequestQueue(Math.max(1024, pages));
    }

    public MigrationStatus get() {
        return state.get();
    }

    /** migrate_init's direct write {@code s->state = NONE} (S1): no trace, no event. */
    void resetToNone() {
        state.set(MigrationStatus.NONE);
    }

    /**
     * migrate_set_state (migration.c:1269-1277): compare-and-swap; only on success emit the trace
     * event and the QMP MIGRATION event. A failed CAS is a silent no-op.
     */
    public boolean migrateSetState(MigrationStatus old, MigrationStatus next) {
        if (!state.compareAndSet(old, next)) {
            return false;
        }
        vm.trace.migrateSetState(next.qapi());
        if (vm.caps.events()) {
            vm.events.emit("MIGRATION", java.util.Map.of("status", next.qapi()));
        }
        return true;
    }

    /** migrate_set_error: the first error is kept (10.2 traces migrate_error). */
    public synchronized void migrateSetError(String desc) {
        if (vm.variant.modernTraceNames()) {
            vm.trace.migrateError(desc);
        }
        if (error == null) {
            error = desc;
        }
    }

    public synchronized void clearError() {
        error = null;
    }

    public String error() {
        return error;
    }

    public boolean hasError() {
        return error != null;
    }

    /**
     * FIX F4: join the return-path thread without shutting its file down first (it reads what the
     * destination sent before the error, then the end of the stream).
     */
    public int joinReturnPathOnSource() {
        if (!rpThreadCreated) {
            return 0;
        }
        vm.trace.migrationReturnPathEndBefore();
        joinReturnPathThread();
        vm.trace.migrationReturnPathEndAfter();
        return rpError ? -1 : 0;
    }

    /**
     * close_return_path_on_source (2416-2443): join the return-path thread, which exits at SHUT
     * (C11) or on error; shut its socket first if the stream already failed.
     */
    public int closeReturnPathOnSource() {
        if (!rpThreadCreated) {
            return 0;
        }
        vm.trace.migrationReturnPathEndBefore();
        MigrationChannel ch = channel;
        if (ch != null && ch.out().error() != null) {
            ch.shutdownInput();
        }
        joinReturnPathThread();
        if (vm.variant == org.migspec.impl.common.Variant.LEGACY) {
            vm.trace.migrationReturnPathEndAfterRpError(rpError ? -1 : 0);
        } else {
            vm.trace.migrationReturnPathEndAfter();
        }
        return rpError ? -1 : 0;
    }

    /** Waits for the return-path thread to exit (unless this is it); it is gone afterwards. */
    private void joinReturnPathThread() {
        Thread rp = rpThread;
        if (rp != null && rp != Thread.currentThread()) {
            try {
                rp.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        rpThreadCreated = false;
    }
}
