package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.ACTIVE;
import static org.migspec.impl.common.MigrationStatus.COMPLETED;
import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_PAUSED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_RECOVER;

import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.ProcessExit;
import org.migspec.impl.common.Variant;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.MigrationChannel;
import org.migspec.impl.wire.QemuFileIn;

/**
 * postcopy_listen_thread (postcopy-ram.c:2109-2190), thread {@code mig/dst/listen}: takes over the
 * main stream at LISTEN, pauses on a stream error once RUN was processed, fails otherwise.
 */
final class ListenThread implements Runnable {
    private final Loadvm loadvm;
    private final MigrationIncomingState mis;
    private final MigTrace trace;
    private final Variant variant;
    private final Capabilities caps;
    private final MainLoop mainLoop;
    private final ProcessExit exit;

    ListenThread(MigrationIncomingState mis, Loadvm loadvm, Capabilities caps, Variant variant, MigTrace trace,
                 MainLoop mainLoop, ProcessExit exit) {
        this.loadvm = loadvm;
        this.mis = mis;
        this.trace = trace;
        this.variant = variant;
        this.caps = caps;
        this.mainLoop = mainLoop;
        this.exit = exit;
    }

    @Override
    public void run() {
        // D6: ACTIVE -> POSTCOPY_DEVICE iff the return path is open (10.2), else POSTCOPY_ACTIVE
        if (variant.destinationPostcopyDevice() && mis.toSrcFile() != null) {
            mis.migrateSetState(ACTIVE, POSTCOPY_DEVICE);
        } else {
            mis.migrateSetState(ACTIVE, POSTCOPY_ACTIVE);
        }
        mis.listenThreadStarted().set();
        trace.postcopyRamListenThreadStart();
        QemuFileIn f = mis.fromSrcFile();
        int ret;
        while (true) {
            ret = loadvm.loadvmStateMain(f, Loadvm.Who.LISTEN_THREAD, false);
            if (ret >= 0) {
                break;
            }
            // Pause or fail is decided by PostcopyState (only RUNNING pauses, savevm.c:3020),
            // read without the BQL in every QEMU version (7.2 savevm.c qemu_loadvm_state_main's
            // error path, 10.2 postcopy-ram.c:2146): the decision may come while the coroutine,
            // which holds the BQL, is still inside the package, before RUN is handled (C2, C12).
            // fix: F5 settles that race with the RUN bottom half's claim.
            MigrationStatus seen = mis.get();
            PostcopyState ps = mis.postcopyState();
            // FIX (F5): RUN handled but its bottom half has not claimed the switchover (still
            // POSTCOPY_DEVICE): the VM never ran, so fail; the fixed-old CAS below races the
            // bottom half's claim and exactly one of them wins.
            boolean unclaimed = variant.isFix() && seen == POSTCOPY_DEVICE;
            if (ps == PostcopyState.RUNNING && caps.postcopyRam() && !unclaimed) {
                if (postcopyPauseIncoming()) {
                    f = mis.fromSrcFile();
                    continue;
                }
                break;
            }
            // the decision to fail (postcopy-ram.c:2146-2168)
            trace.postcopyRamListenThreadExit();
            if (variant.isFix() && !mis.migrateSetState(seen, FAILED)) {
                // F5: D8 is a fixed-old CAS with the state read at the decision. The RUN bottom
                // half claimed the switchover meanwhile (POSTCOPY_ACTIVE): the VM may run, so
                // pause instead of failing and exiting.
                if (postcopyPauseIncoming()) {
                    f = mis.fromSrcFile();
                    continue;
                }
            }
            listenThreadFailed(ret);
            return;
        }
        if (ret < 0) {
            // interrupted while paused
            trace.postcopyRamListenThreadExit();
            listenThreadFailed(ret);
            return;
        }
        trace.postcopyRamListenThreadExit();
        FaultThread ft = mis.faultThread();
        try {
            mis.mainThreadLoadEvent().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (variant.listenThreadEndsWithoutBh()) {
            if (ft != null) {
                ft.quit();
            }
        }
        // D9 (a silent no-op in POSTCOPY_DEVICE: RUN never processed, C12)
        mis.migrateSetState(POSTCOPY_ACTIVE, COMPLETED);
        mis.setPostcopyState(PostcopyState.END);
        if (variant.listenThreadEndsWithoutBh()) {
            mis.migrationIncomingStateDestroy(false);
            trace.loadvmStateCleanup();
            return;
        }
        mainLoop.scheduleBh(() -> {
            if (ft != null) {
                ft.quit();
            }
            mis.migrationIncomingStateDestroy(false);
        });
    }

    /**
     * The listen thread's failure (postcopy-ram.c:2146-2168, D8): 10.x read-then-CAS to FAILED
     * (fix: the caller did the fixed-old CAS), then its BH destroys the incoming state (SHUT(1))
     * and exit-on-error ends the process; 7.2 exits at once.
     */
    private void listenThreadFailed(int ret) {
        FaultThread ft = mis.faultThread();
        String why = "loadvm failed during postcopy: " + ret + ": " + loadvm.lastError();
        if (variant.modernTraceNames()) {
            mis.setError(why);
        } else {
            System.err.println("postcopy_ram_listen_thread: " + why);
        }
        if (!variant.isFix()) {
            // D8: read-then-CAS
            MigrationStatus cur = mis.get();
            mis.migrateSetState(cur, FAILED);
        }
        if (ft != null) {
            ft.quit();
        }
        if (variant.listenThreadEndsWithoutBh()) {
            exit.exit(1);
            return;
        }
        mainLoop.scheduleBh(() -> {
            mis.migrationIncomingStateDestroy(true);
            if (mis.exitOnError()) {
                exit.exit(1);
            }
        });
    }

    /** postcopy_pause_incoming (savevm.c:2880-2948): D10, then sleep until migrate-recover. */
    private boolean postcopyPauseIncoming() {
        trace.postcopyPauseIncoming();
        MigrationChannel ch = mis.channel();
        if (ch != null) {
            ch.close();
        }
        mis.closeReturnPath();
        // D10: read-then-CAS; "Current state can be either ACTIVE or RECOVER" (savevm.c:2897).
        MigrationStatus cur = mis.get();
        if (cur == POSTCOPY_ACTIVE || cur == POSTCOPY_RECOVER) {
            mis.migrateSetState(cur, POSTCOPY_PAUSED);
        }
        FaultThread ft = mis.faultThread();
        if (ft != null) {
            ft.notifyPaused();
        }
        // woken by postcopy_try_recover (D11)
        while (mis.get() != POSTCOPY_RECOVER) {
            try {
                mis.postcopyPauseSemDst().acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        trace.postcopyPauseIncomingContinued();
        return true;
    }
}
