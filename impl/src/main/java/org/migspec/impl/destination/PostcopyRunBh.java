package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;

import org.migspec.impl.common.RunState;
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
        if (vm.variant.qemu72CodePath()) {
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
        runV4(trace);
    }

    /** 10.2 (and v1): with autostart activate and start; -S: runstate paused, cont does the rest. */
    private void runV4(MigTrace trace) {
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

    /**
     * FIX F3 (spec LoadvmPostcopyHandleRunBh, fix branches), when PING 0x42 was deferred: first
     * claim the switchover with a fixed-old CAS POSTCOPY_DEVICE -> POSTCOPY_ACTIVE (if the listen
     * thread failed the migration first, F5, do nothing: no activation, no start); then activate
     * the image whatever autostart says; on success send PONG 0x42, then start the vCPUs (or
     * runstate paused under -S); on failure -> FAILED, SHUT(1) and exit (exit-on-error), before
     * the source gave anything up. Without a deferred PING 0x42 (no return path) it is v4's BH.
     */
    private void runFix(MigTrace trace) {
        MigrationIncomingState mis = vm.mis;
        if (!mis.pongDeferred) {
            runV4(trace);
            return;
        }
        mis.pongDeferred = false;
        if (!mis.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_ACTIVE)) {
            // F5: the listen thread's failure won the race: it exits; nothing to start
            System.err.println("postcopy run: the migration already failed (" + mis.get().qapi() + "); not starting");
            return;
        }
        String err = vm.block.activate();
        trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-cache-invalidated");
        if (err == null) {
            loadvm.sendRp(MigRpMessage.PONG, Frames.be32(StreamFormat.PING_PACKAGED_LOADED));
            if (vm.runState.autostart()) {
                vm.runState.vmStart();
                trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-vm-started");
            } else {
                vm.runState.runstateSet(RunState.PAUSED);
            }
            return;
        }
        System.err.println(err);
        mis.migrateSetState(POSTCOPY_ACTIVE, FAILED);
        mis.setError(err);
        // no PONG 0x42: SHUT(1) tells the source, which still has the whole guest, to resume;
        // exit-on-error then ends the process (which closes the channel)
        loadvm.sendRp(MigRpMessage.SHUT, Frames.be32(1));
        if (mis.exitOnError) {
            vm.exit(1);
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
