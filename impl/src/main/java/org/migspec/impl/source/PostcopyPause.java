package org.migspec.impl.source;

import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_PAUSED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_RECOVER;

import java.util.concurrent.locks.ReentrantLock;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.Variant;
import org.migspec.impl.common.RunState;
import org.migspec.impl.guest.BlockDevices;
import org.migspec.impl.guest.VmRunState;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.MigCmd;
import org.migspec.impl.wire.MigrationChannel;
import org.migspec.impl.wire.StreamFormat;

/**
 * The migration thread's pause and recovery (migration.c): postcopy_pause (S24), its sleep until
 * migrate-recover's channel arrives, postcopy_do_resume's handshake, and fix's F4 decision for an
 * error in POSTCOPY_DEVICE.
 */
final class PostcopyPause {
    private final MigrationState s;
    private final Variant variant;
    private final MigTrace trace;
    private final BlockDevices block;
    private final VmRunState runState;
    private final ReentrantLock bql;
    private final Savevm savevm;

    PostcopyPause(MigrationState s, Variant variant, MigTrace trace, BlockDevices block, VmRunState runState,
                  ReentrantLock bql, Savevm savevm) {
        this.s = s;
        this.variant = variant;
        this.trace = trace;
        this.block = block;
        this.runState = runState;
        this.bql = bql;
        this.savevm = savevm;
    }

    /**
     * FIX F4 (spec MigrationPostcopyDeviceError): an error while in POSTCOPY_DEVICE. Join the
     * return-path thread without shutting its file down, so that it reads what the destination
     * sent before the error (PONG 0x42 survives a graceful close). PONG 0x42 arrived: the
     * destination may run, this is postcopy: POSTCOPY_ACTIVE, then postcopy_pause. Otherwise
     * re-activate the image: if that works the destination never took it (it activates before it
     * answers PING 0x42, F3): FAILED, and migration_iteration_finish restarts the VM; if not, the
     * destination holds it and may run: POSTCOPY_PAUSED (recoverable), no restart. Unless (F4')
     * the destination said it failed (SHUT 1, no PONG 0x42 before it): then it never ran the guest
     * and the locks are someone else's; FAILED, and (F7) PAUSED instead of FINISH_MIGRATE so that
     * {@code cont} can take the image back once it is free.
     */
    MigThrError postcopyDeviceError() {
        s.joinReturnPathOnSource();
        if (s.isPostcopyPackageLoaded()) {
            s.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_ACTIVE);
            return postcopyPause();
        }
        String err;
        bql.lock();
        try {
            err = block.activate();
        } finally {
            bql.unlock();
        }
        if (err == null) {
            s.migrateSetState(POSTCOPY_DEVICE, FAILED);
            return MigThrError.FATAL;
        }
        if (variant.failsWhenDestinationReportedFailure() && s.destinationFailed()) {
            System.err.println("migration: the destination failed before it ran the guest; failing, the VM stays"
                    + " paused until cont can take the image back: " + err);
            s.migrateSetState(POSTCOPY_DEVICE, FAILED);
            bql.lock();
            try {
                runState.runstateSet(RunState.PAUSED);
            } finally {
                bql.unlock();
            }
            return MigThrError.FATAL;
        }
        System.err.println("migration: the destination holds the image, pausing instead of failing: " + err);
        releaseChannel();
        s.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_PAUSED);
        return postcopyPause(true);
    }

    /**
     * FIX F4'' (spec MigrationDetectError): shutdown(SHUT_WR) of the main stream before F4 joins
     * the return path. What was sent is still delivered, then end of stream; the destination
     * pauses (it ran the guest) or fails (it did not), and either ends the return path.
     */
    void halfCloseMainStream() {
        MigrationChannel ch = s.channel();
        if (ch != null) {
            ch.shutdownOutput();
        }
    }

    private void releaseChannel() {
        MigrationChannel ch = s.channel();
        if (ch != null) {
            ch.shutdown();
            ch.close();
        }
    }

    /** postcopy_pause (2945-3013): release the channel, PAUSED, sleep until recovery. */
    MigThrError postcopyPause() {
        return postcopyPause(false);
    }

    /** {@code paused}: the state is POSTCOPY_PAUSED already (F4), go straight to the sleep. */
    private MigThrError postcopyPause(boolean paused) {
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
                    s.postcopyPauseSem().acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return MigThrError.FATAL;
                }
            }
            if (s.get() != POSTCOPY_RECOVER) {
                return MigThrError.FATAL;
            }
            if (variant.returnPathThreadPauses()) {
                s.postcopyPauseRpSem().release();
            }
            if (postcopyDoResume() == 0) {
                trace.postcopyPauseContinued();
                return MigThrError.RECOVERED;
            }
        }
    }

    /** postcopy_do_resume (2898-2938): RECV_BITMAP handshake, then POSTCOPY_RESUME / RESUME_ACK. */
    private int postcopyDoResume() {
        trace.savevmStateResumePrepare();
        s.pageRequests().clear();
        byte[] name = StreamFormat.RAMBLOCK.getBytes();
        byte[] data = new byte[1 + name.length];
        data[0] = (byte) name.length;
        System.arraycopy(name, 0, data, 1, name.length);
        trace.savevmSendRecvBitmap(StreamFormat.RAMBLOCK);
        savevm.sendCommand(MigCmd.RECV_BITMAP, data);
        if (s.migrationRpWait() < 0) {
            return -1;
        }
        trace.savevmSendPostcopyResume();
        savevm.sendCommand(MigCmd.POSTCOPY_RESUME, new byte[0]);
        while (s.get() == POSTCOPY_RECOVER) {
            if (s.migrationRpWait() < 0) {
                return -1;
            }
        }
        return s.get() == POSTCOPY_ACTIVE ? 0 : -1;
    }
}
