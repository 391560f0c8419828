package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;

import org.migspec.impl.common.ProcessExit;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigRpMessage;
import org.migspec.impl.wire.StreamFormat;

/**
 * loadvm_postcopy_handle_run_bh (savevm.c:2123-2160): the RUN bottom half on the main loop.
 * 10.2: with autostart, activate the image and start the vCPUs; an activation failure leaves the VM
 * stopped with no state change (C6). 7.2 activates whether or not autostart is set. FIX F3 activates
 * first, then POSTCOPY_DEVICE -> POSTCOPY_ACTIVE and the deferred PONG 0x42, or FAILED without it.
 */
final class PostcopyRunBh implements Runnable {
    private final MigrationIncomingState mis;
    private final Guest guest;
    private final Variant variant;
    private final MigTrace trace;
    private final ProcessExit exit;

    PostcopyRunBh(MigrationIncomingState mis, Guest guest, Variant variant, MigTrace trace, ProcessExit exit) {
        this.mis = mis;
        this.guest = guest;
        this.variant = variant;
        this.trace = trace;
        this.exit = exit;
    }

    @Override
    public void run() {
        if (variant.qemu72CodePath()) {
            runLegacy();
            return;
        }
        trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-enter");
        trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-cpu-synced");
        trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-announced");
        if (variant.isFix()) {
            runFix();
            return;
        }
        runV4();
    }

    /** 10.2 (and v1): with autostart activate and start; -S: runstate paused, cont does the rest. */
    private void runV4() {
        if (guest.runState().autostart()) {
            String err = guest.block().activate();
            trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-cache-invalidated");
            if (err == null) {
                guest.runState().vmStart();
                trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-vm-started");
            } else {
                // error_report_err: the VM stays stopped and nothing tells the source (C6)
                System.err.println(err);
            }
        } else {
            guest.runState().runstateSet(RunState.PAUSED);
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
    private void runFix() {
        if (!mis.takeDeferredPong()) {
            runV4();
            return;
        }
        if (!mis.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_ACTIVE)) {
            // F5: the listen thread's failure won the race: it exits; nothing to start
            System.err.println("postcopy run: the migration already failed (" + mis.get().qapi() + "); not starting");
            return;
        }
        String err = guest.block().activate();
        trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-cache-invalidated");
        if (err == null) {
            mis.migrateSendRpMessage(MigRpMessage.PONG, Frames.be32(StreamFormat.PING_PACKAGED_LOADED));
            if (guest.runState().autostart()) {
                guest.runState().vmStart();
                trace.vmstateDowntimeCheckpoint("dst-postcopy-bh-vm-started");
            } else {
                guest.runState().runstateSet(RunState.PAUSED);
            }
            return;
        }
        System.err.println(err);
        mis.migrateSetState(POSTCOPY_ACTIVE, FAILED);
        mis.setError(err);
        // no PONG 0x42: SHUT(1) tells the source, which still has the whole guest, to resume;
        // exit-on-error then ends the process (which closes the channel)
        mis.migrateSendRpMessage(MigRpMessage.SHUT, Frames.be32(1));
        if (mis.exitOnError()) {
            exit.exit(1);
        }
    }

    private void runLegacy() {
        trace.loadvmPostcopyHandleRunBh("enter");
        trace.loadvmPostcopyHandleRunBh("after cpu sync");
        trace.loadvmPostcopyHandleRunBh("after announce");
        boolean start = guest.runState().autostart();
        String err = guest.block().activate();
        if (err != null) {
            System.err.println(err);
            start = false;
        }
        trace.loadvmPostcopyHandleRunBh("after invalidate cache");
        if (start) {
            guest.runState().vmStart();
        } else {
            guest.runState().runstateSet(RunState.PAUSED);
        }
        trace.loadvmPostcopyHandleRunBh("return");
    }
}
