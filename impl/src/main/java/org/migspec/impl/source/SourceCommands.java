package org.migspec.impl.source;

import static org.migspec.impl.common.MigrationStatus.CANCELLED;
import static org.migspec.impl.common.MigrationStatus.CANCELLING;
import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.NONE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_PAUSED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_RECOVER;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_RECOVER_SETUP;
import static org.migspec.impl.common.MigrationStatus.PRE_SWITCHOVER;
import static org.migspec.impl.common.MigrationStatus.SETUP;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.qmp.QmpError;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.vm.VmProcess;
import org.migspec.impl.wire.MigrationChannel;
import org.migspec.impl.wire.StreamFormat;

/**
 * The source's main-loop side: QMP migrate / migrate_cancel / migrate-continue /
 * migrate-start-postcopy / migrate-pause, the connect callback and the cleanup bottom half. Every
 * method runs on the main loop with the BQL held.
 */
public final class SourceCommands {
    private final VmProcess vm;
    private final MigrationState s;
    private final MigTrace trace;
    private final Variant variant;

    public SourceCommands(VmProcess vm) {
        this.vm = vm;
        this.s = vm.ms;
        this.trace = vm.trace;
        this.variant = vm.variant;
    }

    /** tcp:HOST:PORT, the only transport. */
    public static InetSocketAddress parseUri(String uri) throws QmpError {
        if (uri == null || !uri.startsWith("tcp:")) {
            throw QmpError.generic("Invalid URI '" + uri + "': only tcp:HOST:PORT is supported");
        }
        String rest = uri.substring(4);
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) {
            throw QmpError.generic("Invalid URI '" + uri + "': missing port");
        }
        try {
            int port = Integer.parseInt(rest.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(rest.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw QmpError.generic("Invalid URI '" + uri + "': bad port");
        }
    }

    /** qmp_migrate -> migrate_prepare / migrate_init (S1, S2, S7), then an asynchronous connect. */
    public void qmpMigrate(String uri, boolean resume) throws QmpError {
        InetSocketAddress addr = parseUri(uri);
        if (resume) {
            if (s.get() != POSTCOPY_PAUSED) {
                throw QmpError.generic("Cannot resume if there is no paused migration");
            }
            s.clearError();
            s.resumeRequested = true;
            if (variant.hasRecoverSetupState()) {
                // S7 (migration.c:1911)
                s.migrateSetState(POSTCOPY_PAUSED, POSTCOPY_RECOVER_SETUP);
            }
        } else {
            if (s.get().isRunning()) {
                throw QmpError.generic("There's a migration process in progress");
            }
            if (vm.runState.is(RunState.INMIGRATE)) {
                throw QmpError.generic("Guest is waiting for an incoming migration");
            }
            // migrate_init: S1 (direct write, untraced), resets, S2
            s.resetToNone();
            s.resumeRequested = false;
            s.startPostcopy = false;
            s.rpError = false;
            s.rpThreadCreated = false;
            s.postcopyPackageLoaded = false;
            s.postcopyPackageLoadedEvent.reset();
            s.pauseEvent.reset();
            s.clearError();
            s.pageRequests.clear();
            s.switchoverRecord = null;
            s.ramSaver = new RamSaver(vm.ram, s.pageRequests);
            s.startNs = System.nanoTime();
            s.uri = uri;
            s.migrateSetState(NONE, SETUP);
        }
        final boolean isResume = resume;
        Thread t = new Thread(() -> {
            Socket sock = new Socket();
            String err = null;
            MigrationChannel ch = null;
            try {
                sock.connect(addr, 5000);
                ch = new MigrationChannel(sock);
            } catch (IOException e) {
                err = "Failed to connect to '" + addr.getHostString() + ":" + addr.getPort() + "': "
                        + (e.getMessage() == null ? e.toString() : e.getMessage());
                try {
                    sock.close();
                } catch (IOException ignored) {
                    // nothing was opened
                }
            }
            final String error = err;
            final MigrationChannel channel = ch;
            vm.mainLoop.scheduleBh(() -> migrationConnect(addr.getHostString(), channel, error, isResume));
        }, "qio-connect");
        t.setDaemon(true);
        t.start();
    }

    /** migration_channel_connect -> migration_connect (S3, S8): start the threads. */
    private void migrationConnect(String host, MigrationChannel ch, String error, boolean resume) {
        if (error != null) {
            trace.migrationSocketOutgoingError(error);
            if (!variant.modernTraceNames()) {
                trace.migrateFdError(error);
            }
            s.migrateSetError(error);
            // S3 migration_connect_error_propagate: "Never fail a postcopy migration".  11.x:
            // SETUP -> FAILING, and the cleanup right after writes FAILED
            if (s.get() == SETUP) {
                s.migrateSetState(SETUP, variant.sourceFailState());
                migrationCleanup();
            } else if (s.get() == POSTCOPY_RECOVER_SETUP) {
                s.migrateSetState(POSTCOPY_RECOVER_SETUP, POSTCOPY_PAUSED);
            }
            return;
        }
        trace.migrationSocketOutgoingConnected(host);
        MigrationStatus st = s.get();
        boolean expected = resume ? (st == POSTCOPY_RECOVER_SETUP || (!variant.hasRecoverSetupState() && st == POSTCOPY_PAUSED))
                : st == SETUP;
        if (!expected) {
            // cancelled while connecting
            ch.close();
            if (!resume) {
                migrationCleanup();
            }
            return;
        }
        s.channel = ch;
        if (resume) {
            if (variant.returnPathThreadPauses()) {
                // 7.2: the paused return-path thread picks the new channel up itself
                s.migrateSetState(POSTCOPY_PAUSED, POSTCOPY_RECOVER);
            } else {
                openReturnPathOnSource(ch);
                // S8 (migration.c:3791)
                s.migrateSetState(POSTCOPY_RECOVER_SETUP, POSTCOPY_RECOVER);
            }
            s.postcopyPauseSem.release();
            return;
        }
        if (vm.caps.returnPath()) {
            openReturnPathOnSource(ch);
        }
        Thread mt = new Thread(new MigrationThread(vm), "mig/src/main");
        mt.setDaemon(true);
        s.migrationThread = mt;
        mt.start();
    }

    /** open_return_path_on_source (2402-2414): the return-path thread on the same socket. */
    private void openReturnPathOnSource(MigrationChannel ch) {
        if (variant.modernTraceNames()) {
            trace.openReturnPathOnSource();
            trace.openReturnPathOnSourceContinue();
        }
        s.rpError = false;
        Thread rp = new Thread(new ReturnPathThread(vm, ch), "mig/src/return");
        rp.setDaemon(true);
        s.rpThread = rp;
        s.rpThreadCreated = true;
        rp.start();
    }

    /** qmp_migrate_cancel (2075-2089): refused in postcopy since QEMU 8 (C7). */
    public void qmpMigrateCancel() throws QmpError {
        if (variant.cancelRefusedInPostcopy() && s.get().inPostcopy()) {
            throw QmpError.generic("Postcopy migration in progress, cannot cancel.");
        }
        migrationCancel();
    }

    /** migration_cancel (1427-1481, S5): CAS retry loop to CANCELLING, then shut the stream. */
    public void migrationCancel() {
        if (variant.modernTraceNames()) {
            trace.migrationCancel();
        } else {
            trace.migrateFdCancel();
        }
        MigrationChannel ch = s.channel;
        if (s.rpThreadCreated && ch != null) {
            ch.shutdownInput();
        }
        MigrationStatus old;
        do {
            old = s.get();
            if (!old.isRunning()) {
                break;
            }
            if (old == PRE_SWITCHOVER) {
                s.pauseEvent.set();
            }
            s.migrateSetState(old, CANCELLING);
        } while (s.get() != CANCELLING);
        if (s.get() == CANCELLING && ch != null) {
            ch.out().setError(-StreamFormat.EIO, "Channel error: Input/output error");
            ch.shutdown();
        }
    }

    /** qmp_migrate_continue (2091-2100). */
    public void qmpMigrateContinue(String state) throws QmpError {
        MigrationStatus want;
        try {
            want = MigrationStatus.fromQapi(state);
        } catch (IllegalArgumentException e) {
            throw QmpError.generic("Parameter 'state' does not accept value '" + state + "'");
        }
        if (s.get() != want) {
            throw QmpError.generic("Migration not in expected state: " + s.get().qapi());
        }
        s.pauseEvent.set();
    }

    /** qmp_migrate_start_postcopy (1245-1265). */
    public void qmpMigrateStartPostcopy() throws QmpError {
        if (!vm.caps.postcopyRam()) {
            throw QmpError.generic("Enable postcopy with migrate_set_capability before the start of migration");
        }
        if (s.get() == NONE) {
            throw QmpError.generic("Postcopy must be started after migration has been started");
        }
        s.startPostcopy = true;
    }

    /** The source half of qmp_migrate_pause (1823-1853). Returns false if not applicable. */
    public boolean migratePause() {
        // 7.2 accepts it only in postcopy-active; 10.x also in postcopy-recover (C8)
        boolean ok = variant.migratePauseInRecover() ? s.get().postcopyIsAlive() : s.get() == MigrationStatus.POSTCOPY_ACTIVE;
        if (!ok) {
            return false;
        }
        s.migrateSetError("Postcopy migration is paused by the user");
        MigrationChannel ch = s.channel;
        if (ch != null) {
            ch.out().setError(-StreamFormat.EIO, "Channel error: Input/output error");
            ch.shutdown();
        }
        s.rpSem.release();
        return true;
    }

    /** migration_cleanup (1280-1345, S4), the cleanup bottom half. */
    public void migrationCleanup() {
        if (variant.modernTraceNames()) {
            trace.migrationCleanup();
            trace.savevmStateCleanup();
        } else {
            trace.savevmStateCleanup();
            trace.migrateFdCleanup();
        }
        Thread mt = s.migrationThread;
        if (mt != null && mt != Thread.currentThread()) {
            try {
                mt.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        MigrationChannel ch = s.channel;
        if (ch != null) {
            ch.shutdown();
            if (!variant.returnPathThreadPauses()) {
                // 10.x migration_cleanup closes the return path (s3a); 7.2's migrate_fd_cleanup
                // does not join it (a paused 7.2 return-path thread would never return)
                s.closeReturnPathOnSource();
            }
            ch.close();
        }
        if (s.get() == CANCELLING) {
            s.migrateSetState(CANCELLING, CANCELLED);
        } else if (s.get() == MigrationStatus.FAILING) {
            // 11.x: the error paths wrote FAILING; FAILED only once the cleanup is done
            // (migration.c:1337-1339 at d1ab9655fd), after the return path was joined
            s.migrateSetState(MigrationStatus.FAILING, FAILED);
        }
    }
}
