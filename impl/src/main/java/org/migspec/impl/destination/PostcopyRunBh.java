package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;

import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.vm.VmProcess;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigRpMessage;
import org.migspec.impl.wire.StreamFormat;

/**
 * loadvm_postcopy_handle_run_bh (savevm.c:2123-2160): the RUN bottom half on the main loop.
 * 10.2: with autostart, activate the image and start the vCPUs; an activation failure leaves the VM
 * stopped with no state change (C6). 7.2 activates whether or not autostart is set. FIX F3 activates
 * first, then POSTCOPY_DEVICE -> POSTCOPY_ACTIVE and the deferred PONG 0x42, or FAILED without it.
 */
public final class PostcopyRunBh implements Runnable {
    private final VmProcess vm;
    private final Loadvm loadvm;

    public PostcopyRunBh(VmProcess vm, Loadvm loadvm) {
        this.vm = vm;
        this.loadvm = loadvm;
    }

    @Override
    public void run() {
        if (vm.variant == Variant.LEGACY) {
            runLegacy();
            return;
        }
        MigTrace trace = vm.trace;
        trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-enter");
        trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-cpu-synced");
        trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-announced");
        if (vm.variant.isFix()) {
            runFix(trace);
            return;
        }
        if (vm.runState.autostart()) {
            String err = vm.block.activate();
            trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-cache-invalidated");
            if (err == null) {
                vm.runState.vmStart();
                trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-vm-started");
            } else {
                // error_report_err: the VM stays stopped and nothing tells the source (C6)
                System.err.println(err);
            }
        } else {
            vm.runState.runstateSet(RunState.PAUSED);
        }
    }

    /** FIX F3. */
    private void runFix(MigTrace trace) {
        String err = vm.block.activate();
        trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-cache-invalidated");
        MigrationIncomingState mis = vm.mis;
        if (err == null) {
            mis.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_ACTIVE);
            if (mis.pongDeferred) {
                mis.pongDeferred = false;
                loadvm.sendRp(MigRpMessage.PONG, Frames.be32(StreamFormat.PING_PACKAGED_LOADED));
            }
            if (vm.runState.autostart()) {
                vm.runState.vmStart();
                trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-vm-started");
            } else {
                vm.runState.runstateSet(RunState.PAUSED);
            }
            return;
        }
        System.err.println(err);
        if (mis.migrateSetState(POSTCOPY_DEVICE, FAILED)) {
            mis.setError(err);
            // no PONG 0x42: SHUT(1) tells the source, which still has the whole guest, to resume
            loadvm.sendRp(MigRpMessage.SHUT, Frames.be32(1));
            if (mis.channel != null) {
                mis.channel.shutdown();
            }
            if (mis.exitOnError) {
                vm.exit(1);
            }
        }
    }

    private void runLegacy() {
        MigTrace trace = vm.trace;
        trace.loadvmPostcopyHandleRunBh("enter");
        trace.loadvmPostcopyHandleRunBh("after cpu sync");
        trace.loadvmPostcopyHandleRunBh("after announce");
        boolean start = vm.runState.autostart();
        String err = vm.block.activate();
        if (err != null) {
            System.err.println(err);
            start = false;
        }
        trace.loadvmPostcopyHandleRunBh("after invalidate cache");
        if (start) {
            vm.runState.vmStart();
        } else {
            vm.runState.runstateSet(RunState.PAUSED);
        }
        trace.loadvmPostcopyHandleRunBh("return");
    }
}
