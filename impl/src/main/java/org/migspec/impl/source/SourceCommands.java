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
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.MigrationParameters;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.QmpError;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.MigrationChannel;
import org.migspec.impl.wire.MigrationUri;
import org.migspec.impl.wire.StreamFormat;

/**
 * The source's main-loop side: QMP migrate / migrate_cancel / migrate-continue /
 * migrate-start-postcopy / migrate-pause, the connect callback and the cleanup bottom half. Every
 * method runs on the main loop with the BQL held.
 */
public final class SourceCommands {
    private final MigrationState s;
    private final Guest guest;
    private final MainLoop mainLoop;
    private final Capabilities caps;
    private final MigrationParameters params;
    private final Variant variant;
    private final MigTrace trace;

    public SourceCommands(MigrationState s, Guest guest, MainLoop mainLoop, Capabilities caps,
                          MigrationParameters params, Variant variant, MigTrace trace) {
        this.s = s;
        this.guest = guest;
        this.mainLoop = mainLoop;
        this.caps = caps;
        this.params = params;
        this.variant = variant;
        this.trace = trace;
    }

    /** qmp_migrate -> migrate_prepare / migrate_init (S1, S2, S7), then an asynchronous connect. */
    public void qmpMigrate(String uri, boolean resume) throws QmpError {
        InetSocketAddress addr = MigrationUri.parse(uri);
        if (resume) {
            if (s.get() != POSTCOPY_PAUSED) {
                throw QmpError.generic("Cannot resume if there is no paused migration");
            }
            s.clearError();
            if (variant.hasRecoverSetupState()) {
                // S7 (migration.c:1911)
                s.migrateSetState(POSTCOPY_PAUSED, POSTCOPY_RECOVER_SETUP);
            }
        } else {
            if (s.get().isRunning()) {
                throw QmpError.generic("There's a migration process in progress");
            }
            if (guest.runState().is(RunState.INMIGRATE)) {
                throw QmpError.generic("Guest is waiting for an incoming migration");
            }
            // migrate_init: S1 (direct write, untraced), resets, S2
            s.migrateInit(guest.ram());
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
            mainLoop.scheduleBh(() -> migrationConnect(addr.getHostString(), channel, error, isResume));
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
        s.setChannel(ch);
        if (resume) {
            if (variant.returnPathThreadPauses()) {
                // 7.2: the paused return-path thread picks the new channel up itself
                s.migrateSetState(POSTCOPY_PAUSED, POSTCOPY_RECOVER);
            } else {
                openReturnPathOnSource(ch);
                // S8 (migration.c:3791)
                s.migrateSetState(POSTCOPY_RECOVER_SETUP, POSTCOPY_RECOVER);
            }
            s.postcopyPauseSem().release();
            return;
        }
        if (caps.returnPath()) {
            openReturnPathOnSource(ch);
        }
        Thread mt = new Thread(new MigrationThread(s, variant, trace, caps, params, guest, mainLoop,
                this::migrationCleanup), "mig/src/main");
        mt.setDaemon(true);
        s.setMigrationThread(mt);
        mt.start();
    }

    /** open_return_path_on_source (2402-2414): the return-path thread on the same socket. */
    private void openReturnPathOnSource(MigrationChannel ch) {
        if (variant.modernTraceNames()) {
            trace.openReturnPathOnSource();
            trace.openReturnPathOnSourceContinue();
        }
        Thread rp = new Thread(new ReturnPathThread(s, variant, trace, guest.ram(), ch), "mig/src/return");
        rp.setDaemon(true);
        s.rpThreadCreate(rp);
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
        MigrationChannel ch = s.channel();
        if (s.rpThreadCreated() && ch != null) {
            ch.shutdownInput();
        }
        MigrationStatus old;
        do {
            old = s.get();
            if (!old.isRunning()) {
                break;
            }
            if (old == PRE_SWITCHOVER) {
                s.pauseEvent().set();
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
        s.pauseEvent().set();
    }

    /** qmp_migrate_start_postcopy (1245-1265). */
    public void qmpMigrateStartPostcopy() throws QmpError {
        if (!caps.postcopyRam()) {
            throw QmpError.generic("Enable postcopy with migrate_set_capability before the start of migration");
        }
        if (s.get() == NONE) {
            throw QmpError.generic("Postcopy must be started after migration has been started");
        }
        s.setStartPostcopy();
    }

    /** The source half of qmp_migrate_pause (1823-1853). Returns false if not applicable. */
    public boolean migratePause() {
        // 7.2 accepts it only in postcopy-active; 10.x also in postcopy-recover (C8)
        boolean ok = variant.migratePauseInRecover() ? s.get().postcopyIsAlive() : s.get() == MigrationStatus.POSTCOPY_ACTIVE;
        if (!ok) {
            return false;
        }
        s.migrateSetError("Postcopy migration is paused by the user");
        MigrationChannel ch = s.channel();
        if (ch != null) {
            ch.out().setError(-StreamFormat.EIO, "Channel error: Input/output error");
            ch.shutdown();
        }
        s.migrationRpKick();
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
        Thread mt = s.migrationThread();
        if (mt != null && mt != Thread.currentThread()) {
            try {
                mt.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        MigrationChannel ch = s.channel();
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
