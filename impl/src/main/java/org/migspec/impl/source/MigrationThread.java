package org.migspec.impl.source;

import static org.migspec.impl.common.MigrationStatus.ACTIVE;
import static org.migspec.impl.common.MigrationStatus.CANCELLING;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;
import static org.migspec.impl.common.MigrationStatus.SETUP;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.MigrationParameters;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigCmd;
import org.migspec.impl.wire.StreamFormat;

/**
 * The source migration thread ({@code mig/src/main}): migration_thread (migration.c:3478) with
 * migration_iteration_run, the rate limit, migration_detect_error and migration_iteration_finish.
 * The switchover steps are in {@link PostcopyStart} and {@link MigrationCompletion} (sharing
 * {@link Switchover}), the pause and recovery in {@link PostcopyPause}, the stream's commands in
 * {@link Savevm}, as QEMU splits them between migration.c and savevm.c.
 */
final class MigrationThread implements Runnable {
    private enum Iterate { RESUME, SKIP, BREAK }

    /** BUFFER_DELAY: the rate-limit window. */
    private static final long WINDOW_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** At most this much per iteration, so page requests are served between sections. */
    private static final long MAX_SECTION = 1L << 20;

    private final MigrationState s;
    private final Variant variant;
    private final MigTrace trace;
    private final Capabilities caps;
    private final MigrationParameters params;
    private final Guest guest;
    private final MainLoop mainLoop;
    private final ReentrantLock bql;
    private final RamSaver ram;
    private final Runnable migrationCleanupBh;
    private final Savevm savevm;
    private final PostcopyStart postcopyStart;
    private final MigrationCompletion completion;
    private final PostcopyPause pause;
    private long windowStart;
    private long windowBytes;
    private long measuredBandwidth;
    private boolean inPostcopyBandwidth;

    /** {@code migrationCleanupBh}: migration_cleanup, scheduled as a bottom half at the end. */
    MigrationThread(MigrationState s, Variant variant, MigTrace trace, Capabilities caps, MigrationParameters params,
                    Guest guest, MainLoop mainLoop, Runnable migrationCleanupBh) {
        this.s = s;
        this.variant = variant;
        this.trace = trace;
        this.caps = caps;
        this.params = params;
        this.guest = guest;
        this.mainLoop = mainLoop;
        this.bql = mainLoop.bql();
        this.ram = s.ramSaver();
        this.migrationCleanupBh = migrationCleanupBh;
        this.savevm = new Savevm(s, trace, guest.dev());
        Switchover switchover = new Switchover(s, variant, trace, caps, guest, bql, savevm);
        this.postcopyStart = new PostcopyStart(s, variant, trace, guest, bql, ram, savevm, switchover);
        this.completion = new MigrationCompletion(s, variant, trace, caps, guest, bql, ram, savevm, switchover);
        this.pause = new PostcopyPause(s, variant, trace, guest.block(), guest.runState(), bql, savevm);
    }

    /** migration_thread (migration.c:3478-3590). */
    @Override
    public void run() {
        trace.savevmStateHeader();
        savevm.f().putBe32(StreamFormat.QEMU_VM_FILE_MAGIC);
        savevm.f().putBe32(StreamFormat.QEMU_VM_FILE_VERSION);
        // OPEN_RETURN_PATH is sent iff the return-path thread exists (3503-3505, C13)
        if (s.rpThreadCreated()) {
            trace.savevmSendOpenReturnPath();
            savevm.sendCommand(MigCmd.OPEN_RETURN_PATH, new byte[0]);
            savevm.sendPing(1);
        }
        if (caps.postcopyRam()) {
            trace.qemuSavevmSendPostcopyAdvise();
            byte[] advise = new byte[16];
            Frames.putBe64(advise, 0, guest.ram().pageSize());
            Frames.putBe64(advise, 8, guest.ram().pageSize());
            savevm.sendCommand(MigCmd.POSTCOPY_ADVISE, advise);
        }
        trace.savevmStateSetup();
        ram.setup(savevm.f());
        // S10: SETUP -> ACTIVE; a cancel meanwhile makes this CAS a no-op and the loop never runs
        s.migrateSetState(SETUP, ACTIVE);
        trace.migrationThreadSetupComplete();
        windowStart = System.nanoTime();

        while (s.get().isActive()) {
            boolean urgent = s.pageRequests().nonEmpty();
            if (urgent || !rateExceeded()) {
                Iterate it = migrationIterationRun();
                if (it == Iterate.BREAK) {
                    break;
                }
                if (it == Iterate.SKIP) {
                    continue;
                }
            }
            MigThrError e = migrationDetectError();
            if (e == MigThrError.FATAL) {
                break;
            }
            if (e == MigThrError.RECOVERED) {
                windowStart = System.nanoTime();
                windowBytes = 0;
                continue;
            }
            rateLimitWait();
        }
        trace.migrationThreadAfterLoop();
        migrationIterationFinish();
    }

    // ---------------------------------------------------------------- iteration

    /** migration_iteration_run (migration.c:3195-3270). */
    private Iterate migrationIterationRun() {
        MigrationStatus st = s.get();
        boolean inPostcopy = st == POSTCOPY_ACTIVE || (variant.sourcePostcopyDevice() && st == POSTCOPY_DEVICE);
        long pending = ram.pendingBytes();
        long mustPrecopy = caps.postcopyRam() ? 0 : pending;
        boolean completeReady;
        if (inPostcopy) {
            completeReady = pending == 0;
            if (st == POSTCOPY_DEVICE && variant.waitsForPackageLoaded()
                    && (s.isPostcopyPackageLoaded() || completeReady)) {
                // S20 (3212-3230): wait for PONG 0x42 (no timeout, no error wake-up in 10.2: C5)
                try {
                    s.postcopyPackageLoadedEvent().await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return Iterate.BREAK;
                }
                if (variant.isFix() && !s.isPostcopyPackageLoaded()) {
                    // FIX F1: woken by the return path's exit, not by PONG 0x42: an error while in
                    // POSTCOPY_DEVICE (F4)
                    return pause.postcopyDeviceError() == MigThrError.RECOVERED ? Iterate.SKIP : Iterate.BREAK;
                }
                s.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_ACTIVE);
            }
        } else {
            completeReady = pending <= threshold();
        }
        if (completeReady) {
            trace.migrationThreadLowPending(pending);
            if (completion.migrationCompletion()) {
                // FIX F6: the completion failed in POSTCOPY_ACTIVE: pause, not fail
                return pause.postcopyPause() == MigThrError.RECOVERED ? Iterate.SKIP : Iterate.BREAK;
            }
            return Iterate.BREAK;
        }
        if (!inPostcopy && mustPrecopy <= threshold() && s.startPostcopy()) {
            if (postcopyStart.postcopyStart() < 0) {
                s.migrateSetError("postcopy_start failed");
            } else {
                inPostcopyBandwidth = true;
            }
            return Iterate.SKIP;
        }
        long budget = Math.min(MAX_SECTION, windowBudget());
        windowBytes += ram.iterate(savevm.f(), budget);
        return Iterate.RESUME;
    }

    private long threshold() {
        long bw = measuredBandwidth;
        if (bw == 0) {
            bw = params.maxBandwidth();
        }
        if (bw == 0) {
            bw = 1L << 30;
        }
        return bw * params.downtimeLimitMs() / 1000;
    }

    private long currentLimit() {
        return inPostcopyBandwidth ? params.maxPostcopyBandwidth() : params.maxBandwidth();
    }

    private long windowBudget() {
        long limit = currentLimit();
        if (limit == 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, limit / 10 - windowBytes);
    }

    private boolean rateExceeded() {
        rollWindow();
        long limit = currentLimit();
        return limit != 0 && windowBytes >= limit / 10;
    }

    private void rollWindow() {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NS) {
            measuredBandwidth = windowBytes * 1_000_000_000L / Math.max(1, now - windowStart);
            windowStart = now;
            windowBytes = 0;
        }
    }

    /** migration_rate_limit: sleep to the end of the window unless a page request is urgent. */
    private void rateLimitWait() {
        if (!rateExceeded()) {
            return;
        }
        long left = WINDOW_NS - (System.nanoTime() - windowStart);
        if (left > 0) {
            try {
                s.pageRequests().awaitUrgent(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- errors

    /** migration_detect_error (3025-3075): S24 via postcopy_pause, or S25. */
    private MigThrError migrationDetectError() {
        MigrationStatus st = s.get();
        if (st == CANCELLING || st == MigrationStatus.CANCELLED) {
            return MigThrError.FATAL;
        }
        String err = savevm.f().error();
        if (err == null) {
            return MigThrError.NONE;
        }
        s.migrateSetError(err);
        if (st == POSTCOPY_ACTIVE) {
            return pause.postcopyPause();
        }
        if (variant.isFix() && st == POSTCOPY_DEVICE) {
            // FIX F4'': tell the destination before joining its return path (a local error
            // leaves the socket healthy, and nothing else would end the return path)
            pause.halfCloseMainStream();
            return pause.postcopyDeviceError();
        }
        // S25: read-then-CAS, POSTCOPY_DEVICE included (the source resumes in 10.2); 11.x: FAILING
        s.migrateSetState(st, variant.sourceFailState());
        trace.migrationThreadFileErr();
        return MigThrError.FATAL;
    }

    // ---------------------------------------------------------------- finish

    /** migration_iteration_finish (3285-3340). */
    private void migrationIterationFinish() {
        bql.lock();
        try {
            MigrationStatus st = s.get();
            switch (st) {
                case COMPLETED:
                    guest.runState().runstateSet(RunState.POSTMIGRATE);
                    break;
                case FAILED:
                case FAILING: // 11.x tests FAILING here: FAILED comes with the cleanup
                case CANCELLED:
                case CANCELLING:
                    String err = guest.block().activate();
                    if (err != null && variant.noStartIfActivationFails()) {
                        // 26f65c01ed: the destination may own the image and run: leave the VM stopped
                        System.err.println("migration: not restarting the VM: " + err);
                        break;
                    }
                    if (s.vmOldState().isLive()) {
                        if (!guest.runState().is(RunState.SHUTDOWN)) {
                            guest.runState().vmStart();
                        }
                    } else if (guest.runState().is(RunState.FINISH_MIGRATE)) {
                        guest.runState().runstateSet(s.vmOldState());
                    }
                    break;
                default:
                    System.err.println("migration: unexpected state at finish: " + st.qapi());
            }
            mainLoop.scheduleBh(migrationCleanupBh);
        } finally {
            bql.unlock();
        }
    }
}
