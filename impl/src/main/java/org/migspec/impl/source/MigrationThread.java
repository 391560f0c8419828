package org.migspec.impl.source;

import static org.migspec.impl.common.MigrationStatus.ACTIVE;
import static org.migspec.impl.common.MigrationStatus.CANCELLING;
import static org.migspec.impl.common.MigrationStatus.DEVICE;
import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_PAUSED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_RECOVER;
import static org.migspec.impl.common.MigrationStatus.PRE_SWITCHOVER;
import static org.migspec.impl.common.MigrationStatus.SETUP;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.GuestDigest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.vm.VmProcess;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigCmd;
import org.migspec.impl.wire.QemuFileOut;
import org.migspec.impl.wire.StreamFormat;

/**
 * The source migration thread ({@code mig/src/main}): migration_thread (migration.c:3478) with
 * migration_iteration_run, postcopy_start, migration_completion, migration_detect_error,
 * postcopy_pause and migration_iteration_finish. Variant differences are small, marked branches.
 */
public final class MigrationThread implements Runnable {
    private enum Iterate { RESUME, SKIP, BREAK }

    private enum ThrError { NONE, RECOVERED, FATAL }

    /** BUFFER_DELAY: the rate-limit window. */
    private static final long WINDOW_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** At most this much per iteration, so page requests are served between sections. */
    private static final long MAX_SECTION = 1L << 20;

    private final VmProcess vm;
    private final MigrationState s;
    private final Variant variant;
    private final MigTrace trace;
    private final ReentrantLock bql;
    private final RamSaver ram;
    private long windowStart;
    private long windowBytes;
    private long measuredBandwidth;
    private boolean inPostcopyBandwidth;

    public MigrationThread(VmProcess vm) {
        this.vm = vm;
        this.s = vm.ms;
        this.variant = vm.variant;
        this.trace = vm.trace;
        this.bql = vm.mainLoop.bql();
        this.ram = s.ramSaver;
    }

    private QemuFileOut f() {
        return s.channel.out();
    }

    /** migration_thread (migration.c:3478-3590). */
    @Override
    public void run() {
        trace.savevmStateHeader();
        f().putBe32(StreamFormat.QEMU_VM_FILE_MAGIC);
        f().putBe32(StreamFormat.QEMU_VM_FILE_VERSION);
        // OPEN_RETURN_PATH is sent iff the return-path thread exists (3503-3505, C13)
        if (s.rpThreadCreated) {
            trace.savevmSendOpenReturnPath();
            sendCommand(MigCmd.OPEN_RETURN_PATH, new byte[0]);
            sendPing(1);
        }
        if (vm.caps.postcopyRam()) {
            trace.qemuSavevmSendPostcopyAdvise();
            byte[] advise = new byte[16];
            Frames.putBe64(advise, 0, vm.ram.pageSize());
            Frames.putBe64(advise, 8, vm.ram.pageSize());
            sendCommand(MigCmd.POSTCOPY_ADVISE, advise);
        }
        trace.savevmStateSetup();
        ram.setup(f());
        s.setupNs = System.nanoTime() - s.startNs;
        // S10: SETUP -> ACTIVE; a cancel meanwhile makes this CAS a no-op and the loop never runs
        s.migrateSetState(SETUP, ACTIVE);
        trace.migrationThreadSetupComplete();
        windowStart = System.nanoTime();

        while (s.get().isActive()) {
            boolean urgent = s.pageRequests.nonEmpty();
            if (urgent || !rateExceeded()) {
                Iterate it = migrationIterationRun();
                if (it == Iterate.BREAK) {
                    break;
                }
                if (it == Iterate.SKIP) {
                    continue;
                }
            }
            ThrError e = migrationDetectError();
            if (e == ThrError.FATAL) {
                break;
            }
            if (e == ThrError.RECOVERED) {
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
        long mustPrecopy = vm.caps.postcopyRam() ? 0 : pending;
        boolean completeReady;
        if (inPostcopy) {
            completeReady = pending == 0;
            if (st == POSTCOPY_DEVICE && variant.waitsForPackageLoaded() && (s.postcopyPackageLoaded || completeReady)) {
                // S20 (3212-3230): wait for PONG 0x42 (no timeout, no error wake-up in 10.2: C5)
                try {
                    s.postcopyPackageLoadedEvent.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return Iterate.BREAK;
                }
                if (variant.isFix() && !s.postcopyPackageLoaded) {
                    // FIX F1: woken by the return path's exit, not by PONG 0x42: an error while in
                    // POSTCOPY_DEVICE (F4)
                    return postcopyDeviceError() == ThrError.RECOVERED ? Iterate.SKIP : Iterate.BREAK;
                }
                s.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_ACTIVE);
            }
        } else {
            completeReady = pending <= threshold();
        }
        if (completeReady) {
            trace.migrationThreadLowPending(pending);
            if (migrationCompletion()) {
                // FIX F6: the completion failed in POSTCOPY_ACTIVE: pause, not fail
                return postcopyPause() == ThrError.RECOVERED ? Iterate.SKIP : Iterate.BREAK;
            }
            return Iterate.BREAK;
        }
        if (!inPostcopy && mustPrecopy <= threshold() && s.startPostcopy) {
            if (postcopyStart() < 0) {
                s.migrateSetError("postcopy_start failed");
            }
            return Iterate.SKIP;
        }
        long budget = Math.min(MAX_SECTION, windowBudget());
        windowBytes += ram.iterate(f(), budget);
        return Iterate.RESUME;
    }

    private long threshold() {
        long bw = measuredBandwidth;
        if (bw == 0) {
            bw = vm.params.maxBandwidth();
        }
        if (bw == 0) {
            bw = 1L << 30;
        }
        return bw * vm.params.downtimeLimitMs() / 1000;
    }

    private long currentLimit() {
        return inPostcopyBandwidth ? vm.params.maxPostcopyBandwidth() : vm.params.maxBandwidth();
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
                s.pageRequests.awaitUrgent(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- switchover

    /** migration_stop_vm (migration.c:277-292): downtime starts, vm_old_state saved. */
    private void migrationStopVm() {
        if (variant.modernTraceNames()) {
            trace.vmstateDowntimeCheckpoint("src-downtime-start");
        }
        s.vmOldState = vm.runState.get();
        vm.runState.vmStop(RunState.FINISH_MIGRATE);
        if (variant.modernTraceNames()) {
            trace.vmstateDowntimeCheckpoint("src-vm-stopped");
        }
        trace.migrationCompletionVmStop(0);
    }

    /**
     * migration_switchover_prepare (2660-2705, S14-S16) and, for legacy, 7.2's
     * migration_maybe_pause: optional PRE_SWITCHOVER with the BQL dropped until migrate-continue.
     * Returns whether the state is now {@code target}.
     */
    private boolean switchoverPrepare(MigrationStatus from, MigrationStatus target) {
        if (s.get() == CANCELLING) {
            return false;
        }
        if (!vm.caps.pauseBeforeSwitchover()) {
            if (from != target) {
                s.migrateSetState(from, target);
            }
            return s.get() == target;
        }
        if (!s.migrateSetState(from, PRE_SWITCHOVER)) {
            return false;
        }
        bql.unlock();
        try {
            s.pauseEvent.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            bql.lock();
        }
        s.pauseEvent.reset();
        s.migrateSetState(PRE_SWITCHOVER, target);
        return s.get() == target;
    }

    /** migration_switchover_start (2707-2735): prepare, inactivate the image, SWITCHOVER_START. */
    private boolean migrationSwitchoverStart() {
        if (!switchoverPrepare(ACTIVE, DEVICE)) {
            return false;
        }
        vm.block.inactivate();
        trace.savevmSendSwitchoverStart();
        sendCommand(MigCmd.SWITCHOVER_START, new byte[0]);
        return true;
    }

    /** The device-state section (QEMU_VM_SECTION_FULL "device"). */
    private void saveDeviceState(QemuFileOut out) {
        byte[] blob = vm.dev.save();
        out.putByte(StreamFormat.QEMU_VM_SECTION_FULL);
        out.putBe32(StreamFormat.SECTION_DEVICE);
        out.putByte(StreamFormat.DEVICE_IDSTR.length());
        out.putBuffer(StreamFormat.DEVICE_IDSTR.getBytes());
        out.putBe32(0);
        out.putBe32(1);
        out.putBe32(blob.length);
        out.putBuffer(blob);
        out.putByte(StreamFormat.QEMU_VM_SECTION_FOOTER);
        out.putBe32(StreamFormat.SECTION_DEVICE);
    }

    /** The guest's state as the source hands it over (vCPUs stopped). */
    private void recordSwitchover() {
        s.switchoverRecord = GuestDigest.take(vm.ram, vm.dev, vm.vcpu);
    }

    /** postcopy_start (migration.c:2456-2644; 7.2 for legacy). Returns 0 or -1. */
    private int postcopyStart() {
        if (variant.qemu72CodePath()) {
            return postcopyStartLegacy();
        }
        long downtimeStart = System.nanoTime();
        bql.lock();
        try {
            trace.postcopyStart();
            trace.postcopyStartSetRun();
            migrationStopVm();
            if (!migrationSwitchoverStart()) {
                return postcopyStartFail();
            }
            trace.vmstateDowntimeCheckpoint("src-iterable-saved");
            recordSwitchover();
            ram.sendDiscardBitmap(f(), trace);
            sendPing(2);
            QemuFileOut fb = QemuFileOut.buffer();
            trace.savevmSendPostcopyListen();
            trace.savevmCommandSend(MigCmd.POSTCOPY_LISTEN.wire(), 0);
            Frames.writeCommand(fb, MigCmd.POSTCOPY_LISTEN, new byte[0]);
            saveDeviceState(fb);
            trace.vmstateDowntimeCheckpoint("src-non-iterable-saved");
            sendPing(fb, 3);
            // v1: always; 10.2: only with a return path (2557-2565, C13)
            if (variant.postcopyDeviceWithoutReturnPath() || s.rpThreadCreated) {
                sendPing(fb, StreamFormat.PING_PACKAGED_LOADED);
            }
            trace.savevmSendPostcopyRun();
            trace.savevmCommandSend(MigCmd.POSTCOPY_RUN.wire(), 0);
            Frames.writeCommand(fb, MigCmd.POSTCOPY_RUN, new byte[0]);
            if (f().error() != null) {
                return postcopyStartFail();
            }
            sendPackaged(fb.bufferBytes());
            trace.vmstateDowntimeCheckpoint("src-downtime-end");
            s.downtimeMs = (System.nanoTime() - downtimeStart) / 1_000_000;
            sendPing(4);
            trace.postcopyPreemptEnabled(false);
            if (f().error() != null && !(variant.isFix() && s.rpThreadCreated && s.get() == DEVICE)) {
                return postcopyStartFail();
            }
            // FIX F4: once the package may have reached the destination, an error is one in
            // POSTCOPY_DEVICE: S18 anyway, and the loop's error check (F4) decides
            inPostcopyBandwidth = true;
            // S18: DEVICE -> POSTCOPY_DEVICE iff the return path exists (v1: always)
            if (variant.postcopyDeviceWithoutReturnPath() || s.rpThreadCreated) {
                s.migrateSetState(DEVICE, POSTCOPY_DEVICE);
            } else {
                s.migrateSetState(DEVICE, POSTCOPY_ACTIVE);
            }
            return 0;
        } finally {
            bql.unlock();
        }
    }

    /**
     * S19: postcopy_start's fail path: FAILED (11.x: FAILING) unless CANCELLING, then re-activate
     * the image.
     */
    private int postcopyStartFail() {
        MigrationStatus cur = s.get();
        if (cur != CANCELLING) {
            s.migrateSetState(cur, variant.sourceFailState());
        }
        vm.block.activate();
        return -1;
    }

    /** QEMU 7.2 postcopy_start: POSTCOPY_ACTIVE is set before the vCPUs stop; no DEVICE state. */
    private int postcopyStartLegacy() {
        s.migrateSetState(ACTIVE, POSTCOPY_ACTIVE);
        trace.postcopyStart();
        long downtimeStart = System.nanoTime();
        bql.lock();
        try {
            trace.postcopyStartSetRun();
            // 7.2 sets vm_was_running only in migration_completion: a failed or cancelled postcopy
            // leaves the VM stopped (postmigrate)
            s.vmOldState = RunState.POSTMIGRATE;
            vm.runState.vmStop(RunState.FINISH_MIGRATE);
            if (!switchoverPrepare(POSTCOPY_ACTIVE, POSTCOPY_ACTIVE)) {
                s.migrateSetState(POSTCOPY_ACTIVE, FAILED);
                return -1;
            }
            vm.block.inactivate();
            trace.savevmStateCompletePrecopy();
            recordSwitchover();
            ram.sendDiscardBitmap(f(), trace);
            sendPing(2);
            QemuFileOut fb = QemuFileOut.buffer();
            trace.savevmSendPostcopyListen();
            trace.savevmCommandSend(MigCmd.POSTCOPY_LISTEN.wire(), 0);
            Frames.writeCommand(fb, MigCmd.POSTCOPY_LISTEN, new byte[0]);
            trace.savevmStateCompletePrecopy();
            saveDeviceState(fb);
            sendPing(fb, 3);
            trace.savevmSendPostcopyRun();
            trace.savevmCommandSend(MigCmd.POSTCOPY_RUN.wire(), 0);
            Frames.writeCommand(fb, MigCmd.POSTCOPY_RUN, new byte[0]);
            sendPackaged(fb.bufferBytes());
            s.downtimeMs = (System.nanoTime() - downtimeStart) / 1_000_000;
            sendPing(4);
            trace.postcopyPreemptEnabled(false);
            if (f().error() != null) {
                s.migrateSetState(POSTCOPY_ACTIVE, FAILED);
                return -1;
            }
            inPostcopyBandwidth = true;
            return 0;
        } finally {
            bql.unlock();
        }
    }

    // ---------------------------------------------------------------- completion

    /**
     * migration_completion (migration.c:2780-2835; 7.2 for legacy). Returns true when the
     * migration must pause instead (FIX F6).
     */
    private boolean migrationCompletion() {
        MigrationStatus st = s.get();
        MigrationStatus currentActive = st;
        int ret = 0;
        if (st == ACTIVE) {
            ret = migrationCompletionPrecopy();
            if (variant.completionFixedOldCas() && s.get() == DEVICE) {
                currentActive = DEVICE;
            }
        } else if (st == POSTCOPY_ACTIVE || (variant.completesFromPostcopyDevice() && st == POSTCOPY_DEVICE)) {
            migrationCompletionPostcopy();
        } else {
            ret = -1;
        }
        if (ret < 0 || s.closeReturnPathOnSource() < 0) {
            return completionFailed();
        }
        if (f().error() != null) {
            trace.migrationCompletionFileErr();
            return completionFailed();
        }
        s.totalTimeMs = (System.nanoTime() - s.startNs) / 1_000_000;
        if (variant.completionFixedOldCas()) {
            s.migrateSetState(currentActive, MigrationStatus.COMPLETED);
        } else {
            // migration_completion_end: read-then-CAS
            if (st == ACTIVE) {
                trace.vmstateDowntimeCheckpoint("src-downtime-end");
            }
            MigrationStatus cur = s.get();
            s.migrateSetState(cur, MigrationStatus.COMPLETED);
        }
        return false;
    }

    /**
     * S22: migration_completion's fail path: FAILED (11.x: FAILING) unless CANCELLING. FIX F6: in POSTCOPY_ACTIVE
     * the destination may have run the guest, so no state change here: the caller pauses.
     */
    private boolean completionFailed() {
        MigrationStatus cur = s.get();
        if (variant.isFix() && cur == POSTCOPY_ACTIVE) {
            return true;
        }
        if (cur != CANCELLING) {
            s.migrateSetState(cur, variant.sourceFailState());
        }
        return false;
    }

    /** migration_completion_precopy: stop, switchover, final RAM, device state, EOF. */
    private int migrationCompletionPrecopy() {
        long downtimeStart = System.nanoTime();
        bql.lock();
        try {
            if (variant.qemu72CodePath()) {
                s.vmOldState = vm.runState.get();
                vm.runState.vmStop(RunState.FINISH_MIGRATE);
                trace.migrationCompletionVmStop(0);
                if (vm.caps.pauseBeforeSwitchover() && !switchoverPrepare(ACTIVE, DEVICE)) {
                    return -1;
                }
                vm.block.inactivate();
                trace.savevmStateCompletePrecopy();
            } else {
                migrationStopVm();
                if (!migrationSwitchoverStart()) {
                    return -1;
                }
            }
            ram.complete(f());
            if (variant.modernTraceNames()) {
                trace.vmstateDowntimeCheckpoint("src-iterable-saved");
            }
            recordSwitchover();
            saveDeviceState(f());
            if (variant.modernTraceNames()) {
                trace.vmstateDowntimeCheckpoint("src-non-iterable-saved");
            }
            f().putByte(StreamFormat.QEMU_VM_EOF);
            f().flush();
            s.downtimeMs = (System.nanoTime() - downtimeStart) / 1_000_000;
            return f().error() != null ? -1 : 0;
        } finally {
            bql.unlock();
        }
    }

    /** migration_completion_postcopy: the remaining pages and QEMU_VM_EOF. */
    private void migrationCompletionPostcopy() {
        trace.migrationCompletionPostcopyEnd();
        bql.lock();
        try {
            ram.complete(f());
            f().putByte(StreamFormat.QEMU_VM_EOF);
            f().flush();
        } finally {
            bql.unlock();
        }
        trace.migrationCompletionPostcopyEndAfterComplete();
    }

    // ---------------------------------------------------------------- errors and pause

    /** migration_detect_error (3025-3075): S24 via postcopy_pause, or S25. */
    private ThrError migrationDetectError() {
        MigrationStatus st = s.get();
        if (st == CANCELLING || st == MigrationStatus.CANCELLED) {
            return ThrError.FATAL;
        }
        String err = f().error();
        if (err == null) {
            return ThrError.NONE;
        }
        s.migrateSetError(err);
        if (st == POSTCOPY_ACTIVE) {
            return postcopyPause();
        }
        if (variant.isFix() && st == POSTCOPY_DEVICE) {
            return postcopyDeviceError();
        }
        // S25: read-then-CAS, POSTCOPY_DEVICE included (the source resumes in 10.2); 11.x: FAILING
        s.migrateSetState(st, variant.sourceFailState());
        trace.migrationThreadFileErr();
        return ThrError.FATAL;
    }

    /**
     * FIX F4 (spec MigrationPostcopyDeviceError): an error while in POSTCOPY_DEVICE. Join the
     * return-path thread without shutting its file down, so that it reads what the destination
     * sent before the error (PONG 0x42 survives a graceful close). PONG 0x42 arrived: the
     * destination may run, this is postcopy: POSTCOPY_ACTIVE, then postcopy_pause. Otherwise
     * re-activate the image: if that works the destination never took it (it activates before it
     * answers PING 0x42, F3): FAILED, and migration_iteration_finish restarts the VM; if not, the
     * destination holds it and may run: POSTCOPY_PAUSED (recoverable), no restart.
     */
    private ThrError postcopyDeviceError() {
        s.joinReturnPathOnSource();
        if (s.postcopyPackageLoaded) {
            s.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_ACTIVE);
            return postcopyPause();
        }
        String err;
        bql.lock();
        try {
            err = vm.block.activate();
        } finally {
            bql.unlock();
        }
        if (err == null) {
            s.migrateSetState(POSTCOPY_DEVICE, FAILED);
            return ThrError.FATAL;
        }
        System.err.println("migration: the destination holds the image, pausing instead of failing: " + err);
        releaseChannel();
        s.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_PAUSED);
        return postcopyPause(true);
    }

    private void releaseChannel() {
        if (s.channel != null) {
            s.channel.shutdown();
            s.channel.close();
        }
    }

    /** postcopy_pause (2945-3013): release the channel, PAUSED, sleep until recovery. */
    private ThrError postcopyPause() {
        return postcopyPause(false);
    }

    /** {@code paused}: the state is POSTCOPY_PAUSED already (F4), go straight to the sleep. */
    private ThrError postcopyPause(boolean paused) {
        while (true) {
            if (!paused) {
                if (!variant.returnPathThreadPauses()) {
                    s.closeReturnPathOnSource();
                }
                releaseChannel();
                // S24: read-then-CAS
                MigrationStatus cur = s.get();
                s.migrateSetState(cur, POSTCOPY_PAUSED);
            }
            paused = false;
            while (s.get().postcopyIsPaused()) {
                try {
                    s.postcopyPauseSem.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ThrError.FATAL;
                }
            }
            if (s.get() != POSTCOPY_RECOVER) {
                return ThrError.FATAL;
            }
            if (variant.returnPathThreadPauses()) {
                s.postcopyPauseRpSem.release();
            }
            if (postcopyDoResume() == 0) {
                trace.postcopyPauseContinued();
                return ThrError.RECOVERED;
            }
        }
    }

    /** postcopy_do_resume (2898-2938): RECV_BITMAP handshake, then POSTCOPY_RESUME / RESUME_ACK. */
    private int postcopyDoResume() {
        trace.savevmStateResumePrepare();
        s.pageRequests.clear();
        byte[] name = StreamFormat.RAMBLOCK.getBytes();
        byte[] data = new byte[1 + name.length];
        data[0] = (byte) name.length;
        System.arraycopy(name, 0, data, 1, name.length);
        trace.savevmSendRecvBitmap(StreamFormat.RAMBLOCK);
        sendCommand(MigCmd.RECV_BITMAP, data);
        if (rpWait() < 0) {
            return -1;
        }
        trace.savevmSendPostcopyResume();
        sendCommand(MigCmd.POSTCOPY_RESUME, new byte[0]);
        while (s.get() == POSTCOPY_RECOVER) {
            if (rpWait() < 0) {
                return -1;
            }
        }
        return s.get() == POSTCOPY_ACTIVE ? 0 : -1;
    }

    /** migration_rp_wait (2102-2117). */
    private int rpWait() {
        try {
            s.rpSem.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return s.hasError() ? -1 : 0;
    }

    // ---------------------------------------------------------------- finish

    /** migration_iteration_finish (3285-3340). */
    private void migrationIterationFinish() {
        bql.lock();
        try {
            MigrationStatus st = s.get();
            switch (st) {
                case COMPLETED:
                    vm.runState.runstateSet(RunState.POSTMIGRATE);
                    break;
                case FAILED:
                case FAILING: // 11.x tests FAILING here: FAILED comes with the cleanup
                case CANCELLED:
                case CANCELLING:
                    String err = vm.block.activate();
                    if (err != null && variant.noStartIfActivationFails()) {
                        // 26f65c01ed: the destination may own the image and run: leave the VM stopped
                        System.err.println("migration: not restarting the VM: " + err);
                        break;
                    }
                    if (s.vmOldState.isLive()) {
                        if (!vm.runState.is(RunState.SHUTDOWN)) {
                            vm.runState.vmStart();
                        }
                    } else if (vm.runState.is(RunState.FINISH_MIGRATE)) {
                        vm.runState.runstateSet(s.vmOldState);
                    }
                    break;
                default:
                    System.err.println("migration: unexpected state at finish: " + st.qapi());
            }
            vm.mainLoop.scheduleBh(vm.sourceCommands::migrationCleanup);
        } finally {
            bql.unlock();
        }
    }

    // ---------------------------------------------------------------- sending

    private void sendCommand(MigCmd cmd, byte[] data) {
        trace.savevmCommandSend(cmd.wire(), data.length);
        Frames.writeCommand(f(), cmd, data);
    }

    /** qemu_savevm_send_ping (savevm.c:1101-1108). */
    private void sendPing(int val) {
        sendPing(f(), val);
    }

    private void sendPing(QemuFileOut out, int val) {
        trace.savevmSendPing(val);
        trace.savevmCommandSend(MigCmd.PING.wire(), 4);
        Frames.writeCommand(out, MigCmd.PING, Frames.be32(val));
    }

    /** qemu_savevm_send_packaged (savevm.c:1125-1148): PACKAGED(len) + blob, flushed. */
    private void sendPackaged(byte[] blob) {
        trace.qemuSavevmSendPackaged();
        trace.savevmCommandSend(MigCmd.PACKAGED.wire(), 4);
        QemuFileOut out = f();
        synchronized (out) {
            out.putByte(StreamFormat.QEMU_VM_COMMAND);
            out.putBe16(MigCmd.PACKAGED.wire());
            out.putBe16(4);
            out.putBuffer(Frames.be32(blob.length));
            out.putBuffer(blob);
            out.flush();
        }
    }
}
