package org.migspec.impl.source;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.QapiEvents;
import org.migspec.impl.common.QemuEvent;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.GuestDigest;
import org.migspec.impl.guest.GuestRam;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.MigrationChannel;

/**
 * The outgoing {@code MigrationState} ({@code s->state} and the variables the migration thread,
 * return-path thread and main loop share, ground truth §3c). Every field is private; the methods
 * are named after QEMU's fields and the operations on them, and each says which thread writes it.
 * "main loop" is a QMP handler or bottom half with the BQL held.
 */
public final class MigrationState {
    private final Variant variant;
    private final MigTrace trace;
    private final Capabilities caps;
    private final QapiEvents events;
    private final AtomicReference<MigrationStatus> state = new AtomicReference<>(MigrationStatus.NONE);
    private volatile String error;

    /** s->start_postcopy: written by the main loop (migrate-start-postcopy, migrate_init). */
    private volatile boolean startPostcopy;
    /** s->pause_event: migrate-continue (or cancel) releases PRE_SWITCHOVER. */
    private final QemuEvent pauseEvent = new QemuEvent();
    /** s->postcopy_pause_sem: the paused migration thread sleeps on it until the recovery connects. */
    private final Semaphore postcopyPauseSem = new Semaphore(0);
    /** s->rp_state.rp_sem (migration_rp_kick / migration_rp_wait). */
    private final Semaphore rpSem = new Semaphore(0);
    /** 7.2's postcopy_pause_rp_sem: the paused return-path thread waits on it. */
    private final Semaphore postcopyPauseRpSem = new Semaphore(0);
    /**
     * s->postcopy_package_loaded (10.2, §3c): written by the return-path thread on PONG 0x42 and by
     * migrate_init; read by the migration thread after postcopy_package_loaded_event.
     */
    private volatile boolean postcopyPackageLoaded;
    private final QemuEvent postcopyPackageLoadedEvent = new QemuEvent();

    /** to_dst_file and the return path over the same socket: written by the main loop (migration_connect). */
    private volatile MigrationChannel channel;
    /** s->rp_state.rp_thread_created: the main loop sets it, whoever joins the thread clears it. */
    private volatile boolean rpThreadCreated;
    /** s->rp_state.rp_thread: written by the main loop (open_return_path_on_source). */
    private volatile Thread rpThread;
    /** s->rp_state.error: set by the return-path thread, cleared by the main loop when it starts one. */
    private volatile boolean rpError;
    /** fix (F4'): the destination said it failed (SHUT 1). Written by the return-path thread. */
    private volatile boolean dstFailed;
    /** s->thread: written by the main loop (migration_connect), joined by migration_cleanup. */
    private volatile Thread migrationThread;
    /** s->vm_old_state: written and read by the migration thread (migration_stop_vm, iteration finish). */
    private volatile RunState vmOldState = RunState.RUNNING;
    /** The page requests the return-path thread queues and the migration thread serves first. */
    private final PageRequestQueue pageRequests;
    /** The RAM saver (ram_state): created by migrate_init on the main loop, used by the migration thread. */
    private volatile RamSaver ramSaver;
    /** What the source handed over at the switchover: written by the migration thread, read by x-query-guest. */
    private volatile GuestDigest switchoverRecord;
    /** s->start_time: written by migrate_init (main loop). */
    private volatile long startNs;
    /** s->total_time and s->downtime: written by the migration thread, read by query-migrate. */
    private volatile long totalTimeMs;
    private volatile long downtimeMs;

    public MigrationState(Variant variant, MigTrace trace, Capabilities caps, QapiEvents events, int pages) {
        this.variant = variant;
        this.trace = trace;
        this.caps = caps;
        this.events = events;
        this.pageRequests = new PageRequestQueue(Math.max(1024, pages));
    }

    public MigrationStatus get() {
        return state.get();
    }

    /**
     * migrate_init (main loop): the direct write {@code s->state = NONE} (S1, no trace, no event)
     * and the reset of what the previous migration left; the caller then writes S2.
     */
    void migrateInit(GuestRam ram) {
        state.set(MigrationStatus.NONE);
        startPostcopy = false;
        rpError = false;
        rpThreadCreated = false;
        postcopyPackageLoaded = false;
        postcopyPackageLoadedEvent.reset();
        pauseEvent.reset();
        clearError();
        pageRequests.clear();
        switchoverRecord = null;
        ramSaver = new RamSaver(ram, pageRequests);
        startNs = System.nanoTime();
    }

    /**
     * migrate_set_state (migration.c:1269-1277): compare-and-swap; only on success emit the trace
     * event and the QMP MIGRATION event. A failed CAS is a silent no-op.
     */
    public boolean migrateSetState(MigrationStatus old, MigrationStatus next) {
        if (!state.compareAndSet(old, next)) {
            return false;
        }
        trace.migrateSetState(next.qapi());
        if (caps.events()) {
            events.emit("MIGRATION", Map.of("status", next.qapi()));
        }
        return true;
    }

    /** migrate_set_error: the first error is kept (10.2 traces migrate_error). */
    public synchronized void migrateSetError(String desc) {
        if (variant.modernTraceNames()) {
            trace.migrateError(desc);
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

    // ---------------------------------------------------------------- start_postcopy

    /** qmp_migrate_start_postcopy's {@code qatomic_set(&s->start_postcopy, true)} (main loop). */
    void setStartPostcopy() {
        startPostcopy = true;
    }

    /** Read by the migration thread's iteration. */
    boolean startPostcopy() {
        return startPostcopy;
    }

    // ---------------------------------------------------------------- QEMU's semaphores and events

    /** s->pause_event. */
    QemuEvent pauseEvent() {
        return pauseEvent;
    }

    /** s->postcopy_pause_sem: posted by the main loop when the recovery has connected. */
    Semaphore postcopyPauseSem() {
        return postcopyPauseSem;
    }

    /** 7.2's s->postcopy_pause_rp_sem: posted by the migration thread when it resumes. */
    Semaphore postcopyPauseRpSem() {
        return postcopyPauseRpSem;
    }

    /** s->postcopy_package_loaded_event (10.2). */
    QemuEvent postcopyPackageLoadedEvent() {
        return postcopyPackageLoadedEvent;
    }

    /** migration_rp_kick: return-path thread or main loop (migrate-pause). */
    void migrationRpKick() {
        rpSem.release();
    }

    /** migration_rp_wait (migration.c:2102-2117), in the migration thread: -1 if an error is set after the wait. */
    int migrationRpWait() {
        try {
            rpSem.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return hasError() ? -1 : 0;
    }

    // ---------------------------------------------------------------- postcopy_package_loaded

    /** The return-path thread on PONG 0x42 (10.2): the flag, then the event. */
    void postcopyPackageLoaded() {
        postcopyPackageLoaded = true;
        postcopyPackageLoadedEvent.set();
    }

    boolean isPostcopyPackageLoaded() {
        return postcopyPackageLoaded;
    }

    // ---------------------------------------------------------------- channel and threads

    /** to_dst_file's channel, or null before migration_connect. */
    public MigrationChannel channel() {
        return channel;
    }

    /** migration_connect (main loop): the new channel, also after a recovery. */
    void setChannel(MigrationChannel ch) {
        channel = ch;
    }

    boolean rpThreadCreated() {
        return rpThreadCreated;
    }

    /** open_return_path_on_source (main loop): the thread exists from here, not yet started. */
    void rpThreadCreate(Thread rp) {
        rpError = false;
        rpThread = rp;
        rpThreadCreated = true;
    }

    /** The return-path thread's error exit (7.2 mark_source_rp_bad; 10.x rp_state.error = true). */
    void markSourceRpBad() {
        rpError = true;
    }

    /** fix (F4'): the return-path thread read the destination's SHUT(1). */
    void markDestinationFailed() {
        dstFailed = true;
    }

    /** fix (F4'): read by the migration thread after it joined the return-path thread. */
    boolean destinationFailed() {
        return dstFailed;
    }

    Thread migrationThread() {
        return migrationThread;
    }

    void setMigrationThread(Thread t) {
        migrationThread = t;
    }

    RunState vmOldState() {
        return vmOldState;
    }

    void setVmOldState(RunState st) {
        vmOldState = st;
    }

    PageRequestQueue pageRequests() {
        return pageRequests;
    }

    /** The RAM saver of the current migration, or null before the first migrate. */
    public RamSaver ramSaver() {
        return ramSaver;
    }

    // ---------------------------------------------------------------- what query-migrate and x-query-guest read

    /** The guest as the source handed it over, or null before the switchover. */
    public GuestDigest switchoverRecord() {
        return switchoverRecord;
    }

    void setSwitchoverRecord(GuestDigest d) {
        switchoverRecord = d;
    }

    long startNs() {
        return startNs;
    }

    public long totalTimeMs() {
        return totalTimeMs;
    }

    void setTotalTimeMs(long ms) {
        totalTimeMs = ms;
    }

    public long downtimeMs() {
        return downtimeMs;
    }

    void setDowntimeMs(long ms) {
        downtimeMs = ms;
    }

    // ---------------------------------------------------------------- the return path's end

    /**
     * FIX F4: join the return-path thread without shutting its file down first (it reads what the
     * destination sent before the error, then the end of the stream).
     */
    int joinReturnPathOnSource() {
        if (!rpThreadCreated) {
            return 0;
        }
        trace.migrationReturnPathEndBefore();
        joinReturnPathThread();
        trace.migrationReturnPathEndAfter();
        return rpError ? -1 : 0;
    }

    /**
     * close_return_path_on_source (2416-2443): join the return-path thread, which exits at SHUT
     * (C11) or on error; shut its socket first if the stream already failed.
     */
    int closeReturnPathOnSource() {
        if (!rpThreadCreated) {
            return 0;
        }
        trace.migrationReturnPathEndBefore();
        MigrationChannel ch = channel;
        if (ch != null && ch.out().error() != null) {
            ch.shutdownInput();
        }
        joinReturnPathThread();
        if (variant == Variant.LEGACY) {
            trace.migrationReturnPathEndAfterRpError(rpError ? -1 : 0);
        } else {
            trace.migrationReturnPathEndAfter();
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
