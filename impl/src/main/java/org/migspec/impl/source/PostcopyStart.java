package org.migspec.impl.source;

import static org.migspec.impl.common.MigrationStatus.ACTIVE;
import static org.migspec.impl.common.MigrationStatus.CANCELLING;
import static org.migspec.impl.common.MigrationStatus.DEVICE;
import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;

import java.util.concurrent.locks.ReentrantLock;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.QemuFileOut;
import org.migspec.impl.wire.StreamFormat;

/**
 * postcopy_start (migration.c:2456-2644; QEMU 7.2's for legacy), on the migration thread: stop the
 * vCPUs, switch over, send the discard bitmap and the package (LISTEN, device state, PINGs, RUN),
 * then S18. One path for every variant; where QEMU 7.2 and 10.x differ, the variant's named
 * decision is asked ({@link Variant#postcopyActiveBeforeVmStop()},
 * {@link Variant#postcopyStartFailureRestartsSource()},
 * {@link Variant#postcopyStartChecksBeforePackage()}, {@link Variant#deviceInEverySwitchover()},
 * {@link Variant#sourcePostcopyDevice()}; {@link Variant#modernTraceNames()} for 10.x's trace events).
 */
final class PostcopyStart {
    private final MigrationState s;
    private final Variant variant;
    private final MigTrace trace;
    private final Guest guest;
    private final ReentrantLock bql;
    private final RamSaver ram;
    private final Savevm savevm;
    private final Switchover switchover;

    PostcopyStart(MigrationState s, Variant variant, MigTrace trace, Guest guest, ReentrantLock bql, RamSaver ram,
                  Savevm savevm, Switchover switchover) {
        this.s = s;
        this.variant = variant;
        this.trace = trace;
        this.guest = guest;
        this.bql = bql;
        this.ram = ram;
        this.savevm = savevm;
        this.switchover = switchover;
    }

    /** postcopy_start: 0, or -1 after its fail path. */
    int postcopyStart() {
        boolean activeFirst = variant.postcopyActiveBeforeVmStop();
        if (activeFirst) {
            // 7.2: POSTCOPY_ACTIVE before the BQL is taken and the vCPUs stop
            s.migrateSetState(ACTIVE, POSTCOPY_ACTIVE);
            trace.postcopyStart();
        }
        long downtimeStart = System.nanoTime();
        bql.lock();
        try {
            if (!activeFirst) {
                trace.postcopyStart();
            }
            trace.postcopyStartSetRun();
            if (variant.postcopyStartFailureRestartsSource()) {
                switchover.migrationStopVm();
            } else {
                // 7.2 sets vm_was_running only in migration_completion: a failed or cancelled
                // postcopy leaves the VM stopped (postmigrate)
                s.setVmOldState(RunState.POSTMIGRATE);
                guest.runState().vmStop(RunState.FINISH_MIGRATE);
            }
            // 10.x: ACTIVE -> DEVICE (S14-S16); 7.2: only the optional pause, back to POSTCOPY_ACTIVE
            MigrationStatus from = activeFirst ? POSTCOPY_ACTIVE : ACTIVE;
            if (!switchover.migrationSwitchoverStart(from, variant.deviceInEverySwitchover() ? DEVICE : from)) {
                return postcopyStartFail();
            }
            if (variant.modernTraceNames()) {
                trace.vmstateDowntimeCheckpoint("src-iterable-saved");
            }
            switchover.recordSwitchover();
            ram.sendDiscardBitmap(savevm.f(), trace);
            savevm.sendPing(2);
            QemuFileOut fb = QemuFileOut.buffer();
            savevm.sendPostcopyListen(fb);
            if (!variant.modernTraceNames()) {
                trace.savevmStateCompletePrecopy();
            }
            savevm.saveDeviceState(fb);
            if (variant.modernTraceNames()) {
                trace.vmstateDowntimeCheckpoint("src-non-iterable-saved");
            }
            savevm.sendPing(fb, 3);
            // v1: always; 10.2: only with a return path (2557-2565, C13); 7.2: never
            if (entersPostcopyDevice()) {
                savevm.sendPing(fb, StreamFormat.PING_PACKAGED_LOADED);
            }
            savevm.sendPostcopyRun(fb);
            if (variant.postcopyStartChecksBeforePackage() && savevm.f().error() != null) {
                return postcopyStartFail();
            }
            savevm.sendPackaged(fb.bufferBytes());
            if (variant.modernTraceNames()) {
                trace.vmstateDowntimeCheckpoint("src-downtime-end");
            }
            s.setDowntimeMs((System.nanoTime() - downtimeStart) / 1_000_000);
            savevm.sendPing(4);
            trace.postcopyPreemptEnabled(false);
            if (savevm.f().error() != null && !(variant.isFix() && s.rpThreadCreated() && s.get() == DEVICE)) {
                return postcopyStartFail();
            }
            // FIX F4: once the package may have reached the destination, an error is one in
            // POSTCOPY_DEVICE: S18 anyway, and the loop's error check (F4) decides
            if (!activeFirst) {
                // S18: DEVICE -> POSTCOPY_DEVICE iff the return path exists (v1: always)
                s.migrateSetState(DEVICE, entersPostcopyDevice() ? POSTCOPY_DEVICE : POSTCOPY_ACTIVE);
            }
            return 0;
        } finally {
            bql.unlock();
        }
    }

    /** Whether this postcopy start goes through POSTCOPY_DEVICE (PING 0x42 in the package, S18). */
    private boolean entersPostcopyDevice() {
        return variant.sourcePostcopyDevice() && (variant.postcopyDeviceWithoutReturnPath() || s.rpThreadCreated());
    }

    /**
     * postcopy_start's fail path. 10.x (S19): FAILED (11.x: FAILING) unless CANCELLING, then
     * re-activate the image. 7.2: a fixed-old CAS from POSTCOPY_ACTIVE; its restart_block is
     * false at both of its fail points here, so the image stays inactive.
     */
    private int postcopyStartFail() {
        if (variant.postcopyActiveBeforeVmStop()) {
            s.migrateSetState(POSTCOPY_ACTIVE, FAILED);
        } else {
            MigrationStatus cur = s.get();
            if (cur != CANCELLING) {
                s.migrateSetState(cur, variant.sourceFailState());
            }
        }
        if (variant.postcopyStartFailureRestartsSource()) {
            guest.block().activate();
        }
        return -1;
    }
}
