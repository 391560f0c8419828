package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.ACTIVE;
import static org.migspec.impl.common.MigrationStatus.COMPLETED;

import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.trace.MigTrace;

/** process_incoming_migration_bh (migration.c:720-760): activate, start or pause, D5, destroy. */
final class ProcessIncomingMigrationBh implements Runnable {
    private final MigrationIncomingState mis;
    private final Guest guest;
    private final Capabilities caps;
    private final Variant variant;
    private final MigTrace trace;

    ProcessIncomingMigrationBh(MigrationIncomingState mis, Guest guest, Capabilities caps, Variant variant,
                               MigTrace trace) {
        this.mis = mis;
        this.guest = guest;
        this.caps = caps;
        this.variant = variant;
        this.trace = trace;
    }

    @Override
    public void run() {
        boolean modern = variant.modernTraceNames();
        if (modern) {
            trace.vmstateDowntimeCheckpoint("dst-precopy-bh-enter");
            trace.vmstateDowntimeCheckpoint("dst-precopy-bh-announced");
        }
        boolean start = guest.runState().autostart();
        // migration.c:735-748: with late-block-activate (libvirt sets it with -S) the image is
        // activated here only if the VM starts now, else by cont; without it, even with -S. If the
        // activation fails, do not start the VM yet.
        if (!caps.lateBlockActivate() || start) {
            String err = guest.block().activate();
            if (err != null) {
                System.err.println(err);
                start = false;
            }
        }
        if (start) {
            guest.runState().vmStart();
            if (modern) {
                trace.vmstateDowntimeCheckpoint("dst-precopy-bh-vm-started");
            }
        } else {
            guest.runState().runstateSet(RunState.PAUSED);
        }
        mis.migrateSetState(ACTIVE, COMPLETED);
        mis.migrationIncomingStateDestroy(false);
    }
}
