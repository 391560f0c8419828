package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.ACTIVE;
import static org.migspec.impl.common.MigrationStatus.COMPLETED;

import org.migspec.impl.common.RunState;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.vm.VmProcess;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigRpMessage;

/** process_incoming_migration_bh (migration.c:720-760): activate, start or pause, D5, destroy. */
public final class ProcessIncomingMigrationBh implements Runnable {
    private final VmProcess vm;
    private final Loadvm loadvm;

    public ProcessIncomingMigrationBh(VmProcess vm, Loadvm loadvm) {
        this.vm = vm;
        this.loadvm = loadvm;
    }

    @Override
    public void run() {
        MigTrace trace = vm.trace;
        boolean modern = vm.variant.modernTraceNames();
        if (modern) {
            trace.vmstateDowntimeCheckpoint("dst-precopy-bh-enter");
            trace.vmstateDowntimeCheckpoint("dst-precopy-bh-announced");
        }
        boolean start = vm.runState.autostart();
        // migration.c:735-748: with late-block-activate (libvirt sets it with -S) the image is
        // activated here only if the VM starts now, else by cont; without it, even with -S. If the
        // activation fails, do not start the VM yet.
        if (!vm.caps.lateBlockActivate() || start) {
            String err = vm.block.activate();
            if (err != null) {
                System.err.println(err);
                start = false;
            }
        }
        if (start) {
            vm.runState.vmStart();
            if (modern) {
                trace.vmstateDowntimeCheckpoint("dst-precopy-bh-vm-started");
            }
        } else {
            vm.runState.runstateSet(RunState.PAUSED);
        }
        vm.mis.migrateSetState(ACTIVE, COMPLETED);
        incomingStateDestroy(vm, loadvm, false);
    }

    /** migration_incoming_state_destroy (migration.c:430-492): cleanup, SHUT to the source. */
    static void incomingStateDestroy(VmProcess vm, Loadvm loadvm, boolean failed) {
        if (vm.variant.modernTraceNames()) {
            vm.trace.loadvmStateCleanup();
        }
        if (vm.mis.toSrcFile != null) {
            boolean err = failed || vm.mis.fromSrcFile().error() != null;
            loadvm.sendRp(MigRpMessage.SHUT, Frames.be32(err ? 1 : 0));
        }
        if (vm.mis.channel != null) {
            vm.mis.channel.close();
        }
    }
}
