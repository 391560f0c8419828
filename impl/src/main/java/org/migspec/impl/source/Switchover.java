package org.migspec.impl.source;

import static org.migspec.impl.common.MigrationStatus.CANCELLING;
import static org.migspec.impl.common.MigrationStatus.PRE_SWITCHOVER;

import java.util.concurrent.locks.ReentrantLock;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.guest.GuestDigest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.MigCmd;

/**
 * The steps both switchovers share, precopy completion and postcopy start (migration.c): stop the
 * vCPUs, the optional pause before the switchover, inactivate the image, SWITCHOVER_START. The
 * migration thread calls them with the BQL held (switchoverPrepare drops it while paused).
 */
final class Switchover {
    private final MigrationState s;
    private final Variant variant;
    private final MigTrace trace;
    private final Capabilities caps;
    private final Guest guest;
    private final ReentrantLock bql;
    private final Savevm savevm;

    Switchover(MigrationState s, Variant variant, MigTrace trace, Capabilities caps, Guest guest, ReentrantLock bql,
               Savevm savevm) {
        this.s = s;
        this.variant = variant;
        this.trace = trace;
        this.caps = caps;
        this.guest = guest;
        this.bql = bql;
        this.savevm = savevm;
    }

    /**
     * migration_stop_vm (migration.c:277-292): downtime starts, vm_old_state saved. 7.2's
     * migration_completion did the same without the downtime checkpoints (10.x trace events).
     */
    void migrationStopVm() {
        if (variant.modernTraceNames()) {
            trace.vmstateDowntimeCheckpoint("src-downtime-start");
        }
        s.setVmOldState(guest.runState().get());
        guest.runState().vmStop(RunState.FINISH_MIGRATE);
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
    boolean switchoverPrepare(MigrationStatus from, MigrationStatus target) {
        if (s.get() == CANCELLING) {
            return false;
        }
        if (!caps.pauseBeforeSwitchover()) {
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
            s.pauseEvent().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            bql.lock();
        }
        s.pauseEvent().reset();
        s.migrateSetState(PRE_SWITCHOVER, target);
        return s.get() == target;
    }

    /**
     * migration_switchover_start (2707-2735): prepare, inactivate the image, and (10.x, where DEVICE
     * is part of every switchover) SWITCHOVER_START; 7.2 has no such command and traces
     * savevm_state_complete_precopy instead.
     */
    boolean migrationSwitchoverStart(MigrationStatus from, MigrationStatus target) {
        if (!switchoverPrepare(from, target)) {
            return false;
        }
        guest.block().inactivate();
        if (variant.deviceInEverySwitchover()) {
            trace.savevmSendSwitchoverStart();
            savevm.sendCommand(MigCmd.SWITCHOVER_START, new byte[0]);
        } else {
            trace.savevmStateCompletePrecopy();
        }
        return true;
    }

    /** The guest's state as the source hands it over (vCPUs stopped). */
    void recordSwitchover() {
        s.setSwitchoverRecord(GuestDigest.take(guest.ram(), guest.dev(), guest.vcpu()));
    }
}
