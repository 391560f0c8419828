package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.NONE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_PAUSED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_RECOVER;
import static org.migspec.impl.common.MigrationStatus.SETUP;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.ProcessExit;
import org.migspec.impl.common.QapiEvents;
import org.migspec.impl.common.QmpError;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.fault.FaultInjector;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.MigrationChannel;
import org.migspec.impl.wire.MigrationUri;

/** The destination's main-loop side: migrate-incoming, migrate-recover, migrate-pause (dst half). */
public final class IncomingCommands {
    private final MigrationIncomingState mis;
    private final Guest guest;
    private final MainLoop mainLoop;
    private final Capabilities caps;
    private final Variant variant;
    private final MigTrace trace;
    private final QapiEvents events;
    private final FaultInjector faults;
    private final ProcessExit exit;
    private final long pid;

    /**
     * {@code faults}: the device-load-failure fault; {@code exit}: exit-on-error; {@code pid}: the
     * fault thread's trace. The incoming coroutine and the threads it starts get them from here.
     */
    public IncomingCommands(MigrationIncomingState mis, Guest guest, MainLoop mainLoop, Capabilities caps,
                            Variant variant, MigTrace trace, QapiEvents events, FaultInjector faults, ProcessExit exit,
                            long pid) {
        this.mis = mis;
        this.guest = guest;
        this.mainLoop = mainLoop;
        this.caps = caps;
        this.variant = variant;
        this.trace = trace;
        this.events = events;
        this.faults = faults;
        this.exit = exit;
        this.pid = pid;
    }

    /** qmp_migrate_incoming (1750-1790) -> migration_incoming_state_setup (D2). */
    public void qmpMigrateIncoming(String uri) throws QmpError {
        if (mis.incomingStarted()) {
            throw QmpError.generic("The incoming migration has already been started");
        }
        if (!guest.runState().is(RunState.INMIGRATE)) {
            throw QmpError.generic("'-incoming' was not specified on the command line");
        }
        ServerSocket ss = listen(uri);
        mis.setIncomingStarted();
        if (!variant.incomingHasSetupState()) {
            // 7.2: qemu_start_incoming_migration emits the event itself; no state change, untraced
            events.emit("MIGRATION", Map.of("status", "setup"));
        } else {
            mis.migrateSetState(NONE, SETUP);
        }
        acceptAsync(ss, false);
    }

    /** qmp_migrate_recover (1795-1821): only in POSTCOPY_PAUSED; D11 when the channel arrives. */
    public void qmpMigrateRecover(String uri) throws QmpError {
        if (mis.get() != POSTCOPY_PAUSED) {
            throw QmpError.generic("Migrate recover can only be run when postcopy is paused.");
        }
        ServerSocket ss = listen(uri);
        if (!variant.incomingHasSetupState()) {
            events.emit("MIGRATION", Map.of("status", "setup"));
        }
        acceptAsync(ss, true);
    }

    /** The destination half of qmp_migrate_pause (1855-1861). */
    public boolean migratePause() {
        boolean ok = variant.migratePauseInRecover() ? mis.get().postcopyIsAlive()
                : mis.get() == MigrationStatus.POSTCOPY_ACTIVE;
        if (!ok) {
            return false;
        }
        MigrationChannel ch = mis.channel();
        if (ch != null) {
            ch.shutdown();
        }
        return true;
    }

    private ServerSocket listen(String uri) throws QmpError {
        InetSocketAddress addr = MigrationUri.parse(uri);
        try {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(addr);
            return ss;
        } catch (IOException e) {
            throw QmpError.generic("Failed to bind socket: " + e.getMessage());
        }
    }

    private void acceptAsync(ServerSocket ss, boolean recover) {
        Thread t = new Thread(() -> {
            MigrationChannel ch;
            try {
                Socket sock = ss.accept();
                ch = new MigrationChannel(sock);
            } catch (IOException e) {
                return;
            } finally {
                try {
                    ss.close();
                } catch (IOException ignored) {
                    // one connection per listener
                }
            }
            mainLoop.scheduleBh(() -> {
                trace.migrationSocketIncomingAccepted();
                if (recover) {
                    postcopyTryRecover(ch);
                } else {
                    startIncoming(ch);
                }
            });
        }, "qio-accept");
        t.setDaemon(true);
        t.start();
    }

    /** migration_ioc_process_incoming -> migration_incoming_process: start the coroutine. */
    private void startIncoming(MigrationChannel ch) {
        mis.setChannel(ch);
        guest.vcpu().resetOwnWrites();
        Thread co = new Thread(new IncomingCoroutine(mis, guest, mainLoop, caps, variant, trace, faults, exit, pid),
                "main");
        co.setDaemon(true);
        co.start();
    }

    /** postcopy_try_recover (migration.c:885-905): D11 and wake the listen thread. */
    private void postcopyTryRecover(MigrationChannel ch) {
        mis.setRecoveredChannel(ch);
        mis.migrateSetState(POSTCOPY_PAUSED, POSTCOPY_RECOVER);
        mis.postcopyPauseSemDst().release();
    }
}
