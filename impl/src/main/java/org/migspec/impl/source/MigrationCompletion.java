package org.migspec.impl.source;

import static org.migspec.impl.common.MigrationStatus.ACTIVE;
import static org.migspec.impl.common.MigrationStatus.CANCELLING;
import static org.migspec.impl.common.MigrationStatus.DEVICE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;

import java.util.concurrent.locks.ReentrantLock;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.StreamFormat;

/**
 * migration_completion (migration.c:2780-2835; 7.2 for legacy), on the migration thread: the
 * precopy switchover (stop, final RAM, device state, EOF) or the end of postcopy (the remaining
 * pages, EOF), the return path's end, then COMPLETED or the fail path (S22).
 */
final class MigrationCompletion {
    private final MigrationState s;
    private final Variant variant;
    private final MigTrace trace;
    private final Capabilities caps;
    private final Guest guest;
    private final ReentrantLock bql;
    private final RamSaver ram;
    private final Savevm savevm;
    private final Switchover switchover;

    MigrationCompletion(MigrationState s, Variant variant, MigTrace trace, Capabilities caps, Guest guest,
                        ReentrantLock bql, RamSaver ram, Savevm savevm, Switchover switchover) {
        this.s = s;
        this.variant = variant;
        this.trace = trace;
        this.caps = caps;
        this.guest = guest;
        this.bql = bql;
        this.ram = ram;
        this.savevm = savevm;
        this.switchover = switchover;
    }

    /** migration_completion. Returns true when the migration must pause instead (FIX F6). */
    boolean migrationCompletion() {
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
        if (savevm.f().error() != null) {
            trace.migrationCompletionFileErr();
            return completionFailed();
        }
        s.setTotalTimeMs((System.nanoTime() - s.startNs()) / 1_000_000);
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
     * S22: migration_completion's fail path: FAILED (11.x: FAILING) unless CANCELLING. FIX F6: in
     * POSTCOPY_ACTIVE the destination may have run the guest, so no state change here: the caller
     * pauses.
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
            switchover.migrationStopVm();
            if (variant.qemu72CodePath()) {
                // 7.2's migration_maybe_pause runs only with pause-before-switchover
                if (caps.pauseBeforeSwitchover() && !switchover.switchoverPrepare(ACTIVE, DEVICE)) {
                    return -1;
                }
                guest.block().inactivate();
                trace.savevmStateCompletePrecopy();
            } else if (!switchover.migrationSwitchoverStart(ACTIVE, DEVICE)) {
                return -1;
            }
            ram.complete(savevm.f());
            if (variant.modernTraceNames()) {
                trace.vmstateDowntimeCheckpoint("src-iterable-saved");
            }
            switchover.recordSwitchover();
            savevm.saveDeviceState(savevm.f());
            if (variant.modernTraceNames()) {
                trace.vmstateDowntimeCheckpoint("src-non-iterable-saved");
            }
            savevm.f().putByte(StreamFormat.QEMU_VM_EOF);
            savevm.f().flush();
            s.setDowntimeMs((System.nanoTime() - downtimeStart) / 1_000_000);
            return savevm.f().error() != null ? -1 : 0;
        } finally {
            bql.unlock();
        }
    }

    /** migration_completion_postcopy: the remaining pages and QEMU_VM_EOF. */
    private void migrationCompletionPostcopy() {
        trace.migrationCompletionPostcopyEnd();
        bql.lock();
        try {
            ram.complete(savevm.f());
            savevm.f().putByte(StreamFormat.QEMU_VM_EOF);
            savevm.f().flush();
        } finally {
            bql.unlock();
        }
        trace.migrationCompletionPostcopyEndAfterComplete();
    }
}
