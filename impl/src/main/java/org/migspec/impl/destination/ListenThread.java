package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.ACTIVE;
import static org.migspec.impl.common.MigrationStatus.COMPLETED;
import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_PAUSED;

import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.Variant;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.vm.VmProcess;
import org.migspec.impl.wire.QemuFileIn;

/**
 * postcopy_listen_thread (postcopy-ram.c:2109-2190), thread {@code mig/dst/listen}: takes over the
 * main stream at LISTEN, pauses on a stream error once RUN was processed, fails otherwise.
 */
public final class ListenThread implements Runnable {
    private final VmProcess vm;
    private final Loadvm loadvm;
    private final MigrationIncomingState mis;
    private final MigTrace trace;
    private final Variant variant;

    public ListenThread(VmProcess vm, Loadvm loadvm) {
        this.vm = vm;
        this.loadvm = loadvm;
        this.mis = vm.mis;
        this.trace = vm.trace;
        this.variant = vm.variant;
    }

    @Override
    public void run() {
        // D6: ACTIVE -> POSTCOPY_DEVICE iff the return path is open (10.2), else POSTCOPY_ACTIVE
        if (variant.destinationPostcopyDevice() && mis.toSrcFile != null) {
            mis.migrateSetState(ACTIVE, POSTCOPY_DEVICE);
        } else {
            mis.migrateSetState(ACTIVE, POSTCOPY_ACTIVE);
        }
        mis.listenThreadStarted.set();
        trace.postcopyRamListenThreadStart();
        QemuFileIn f = mis.fromSrcFile();
        int ret;
        while (true) {
            ret = loadvm.loadvmStateMain(f, Loadvm.Who.LISTEN_THREAD, false);
            if (ret >= 0) {
                break;
            }
            // Pause or fail is decided by PostcopyState (only RUNNING pauses, savevm.c:3020). Read
            // under the BQL: a coroutine still inside the package (it holds the BQL) finishes first.
            PostcopyState ps;
            vm.mainLoop.bql().lock();
            try {
                ps = mis.postcopyState();
            } finally {
                vm.mainLoop.bql().unlock();
            }
            if (ps == PostcopyState.RUNNING && vm.caps.postcopyRam() && postcopyPauseIncoming()) {
                f = mis.fromSrcFile();
                continue;
            }
            break;
        }
        trace.postcopyRamListenThreadExit();
        FaultThread ft = mis.faultThread;
        if (ret < 0) {
            String why = "loadvm failed during postcopy: " + ret + ": " + loadvm.lastError();
            if (variant.modernTraceNames()) {
                mis.setError(why);
            } else {
                System.err.println("postcopy_ram_listen_thread: " + why);
            }
            // D8: read-then-CAS
            MigrationStatus cur = mis.get();
            mis.migrateSetState(cur, FAILED);
            if (ft != null) {
                ft.quit();
            }
            if (variant == Variant.LEGACY || variant == Variant.V1) {
                vm.exit(1);
                return;
            }
            vm.mainLoop.scheduleBh(() -> {
                ProcessIncomingMigrationBh.incomingStateDestroy(vm, loadvm, true);
                if (mis.exitOnError) {
                    vm.exit(1);
                }
            });
            return;
        }
        try {
            mis.mainThreadLoadEvent.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (variant == Variant.LEGACY) {
            if (ft != null) {
                ft.quit();
            }
        }
        // D9 (a silent no-op in POSTCOPY_DEVICE: RUN never processed, C12)
        mis.migrateSetState(POSTCOPY_ACTIVE, COMPLETED);
        mis.setPostcopyState(PostcopyState.END);
        if (variant == Variant.LEGACY) {
            ProcessIncomingMigrationBh.incomingStateDestroy(vm, loadvm, false);
            trace.loadvmStateCleanup();
            return;
        }
        vm.mainLoop.scheduleBh(() -> {
            if (ft != null) {
                ft.quit();
            }
            ProcessIncomingMigrationBh.incomingStateDestroy(vm, loadvm, false);
        });
    }

    /** postcopy_pause_incoming (savevm.c:2880-2948): D10, then sleep until migrate-recover. */
    private boolean postcopyPauseIncoming() {
        trace.postcopyPauseIncoming();
        if (mis.channel != null) {
            mis.channel.close();
        }
        mis.toSrcFile = null;
        MigrationStatus cur = mis.get();
        mis.migrateSetState(cur, POSTCOPY_PAUSED);
        FaultThread ft = mis.faultThread;
        if (ft != null) {
            ft.notifyPaused();
        }
        while (mis.get() == POSTCOPY_PAUSED) {
            try {
                mis.postcopyPauseSemDst.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        trace.postcopyPauseIncomingContinued();
        return true;
    }
}
