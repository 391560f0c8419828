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
import org.migspec.impl.common.RunState;
import org.migspec.impl.qmp.QmpError;
import org.migspec.impl.source.SourceCommands;
import org.migspec.impl.vm.VmProcess;
import org.migspec.impl.wire.MigrationChannel;

/** The destination's main-loop side: migrate-incoming, migrate-recover, migrate-pause (dst half). */
public final class IncomingCommands {
    private final VmProcess vm;
    private final MigrationIncomingState mis;

    public IncomingCommands(VmProcess vm) {
        this.vm = vm;
        this.mis = vm.mis;
    }

    /** qmp_migrate_incoming (1750-1790) -> migration_incoming_state_setup (D2). */
    public void qmpMigrateIncoming(String uri) throws QmpError {
        if (mis.incomingStarted) {
            throw QmpError.generic("The incoming migration has already been started");
        }
        if (!vm.runState.is(RunState.INMIGRATE)) {
            throw QmpError.generic("'-incoming' was not specified on the command line");
        }
        ServerSocket ss = listen(uri);
        mis.incomingStarted = true;
        if (!vm.variant.incomingHasSetupState()) {
            // 7.2: qemu_start_incoming_migration emits the event itself; no state change, untraced
            vm.events.emit("MIGRATION", Map.of("status", "setup"));
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
        if (!vm.variant.incomingHasSetupState()) {
            vm.events.emit("MIGRATION", Map.of("status", "setup"));
        }
        acceptAsync(ss, true);
    }

    /** The destination half of qmp_migrate_pause (1855-1861). */
    public boolean migratePause() {
        boolean ok = vm.variant.migratePauseInRecover() ? mis.get().postcopyIsAlive()
                : mis.get() == org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
        if (!ok) {
            return false;
        }
        MigrationChannel ch = mis.channel;
        if (ch != null) {
            ch.shutdown();
        }
        return true;
    }

    private ServerSocket listen(String uri) throws QmpError {
        InetSocketAddress addr = SourceCommands.parseUri(uri);
        try {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(addr);
            mis.listener = ss;
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
            vm.mainLoop.scheduleBh(() -> {
                vm.trace.migrationSocketIncomingAccepted();
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
        mis.channel = ch;
        mis.toSrcFile = null;
        vm.vcpu.resetOwnWrites();
        Thread co = new Thread(new IncomingCoroutine(vm), "main");
        co.setDaemon(true);
        co.start();
    }

    /** postcopy_try_recover (migration.c:885-905): D11 and wake the listen thread. */
    private void postcopyTryRecover(MigrationChannel ch) {
        mis.channel = ch;
        mis.toSrcFile = ch.out();
        mis.migrateSetState(POSTCOPY_PAUSED, POSTCOPY_RECOVER);
        mis.postcopyPauseSemDst.release();
    }
}
