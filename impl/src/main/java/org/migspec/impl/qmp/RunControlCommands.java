package org.migspec.impl.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.ProcessExit;
import org.migspec.impl.common.QapiEvents;
import org.migspec.impl.common.QmpError;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.BlockDevices;
import org.migspec.impl.guest.VmRunState;
import org.migspec.impl.source.SourceCommands;

/** cont, stop, quit, query-status (monitor/qmp-cmds.c, system/runstate.c). */
public final class RunControlCommands {
    private final VmRunState runState;
    private final BlockDevices block;
    private final Variant variant;
    private final MainLoop mainLoop;
    private final QapiEvents events;
    private final SourceCommands sourceCommands;
    private final ProcessExit exit;
    /** The server these commands are registered with: quit exits only after its reply went out. */
    private QmpServer qmp;

    /** {@code sourceCommands}: quit's migration_shutdown cancels an outgoing migration. */
    public RunControlCommands(VmRunState runState, BlockDevices block, Variant variant, MainLoop mainLoop,
                              QapiEvents events, SourceCommands sourceCommands, ProcessExit exit) {
        this.runState = runState;
        this.block = block;
        this.variant = variant;
        this.mainLoop = mainLoop;
        this.events = events;
        this.sourceCommands = sourceCommands;
        this.exit = exit;
    }

    public void register(QmpServer q) {
        this.qmp = q;
        q.register("cont", this::cont);
        q.register("stop", this::stop);
        q.register("quit", this::quit);
        q.register("query-status", this::queryStatus);
    }

    /** qmp_cont (monitor/qmp-cmds.c:85-115). */
    private Object cont(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        RunState st = runState.get();
        if (st == RunState.FINISH_MIGRATE) {
            throw QmpError.generic("Migration is not finalized yet");
        }
        if (st == RunState.SHUTDOWN) {
            throw QmpError.generic("Resetting the Virtual Machine is required");
        }
        if (variant.contInIncomingOnlySetsAutostart() && st == RunState.INMIGRATE) {
            // 10.x: only remember to start; the RUN / incoming bottom half activates and starts
            runState.setAutostart(true);
            return Map.of();
        }
        String err = block.activate();
        if (err != null) {
            throw QmpError.generic(err);
        }
        if (st == RunState.INMIGRATE) {
            runState.setAutostart(true);
        } else {
            runState.vmStart();
        }
        return Map.of();
    }

    private Object stop(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        if (runState.is(RunState.INMIGRATE)) {
            runState.setAutostart(false);
        } else {
            runState.vmStop(RunState.PAUSED);
        }
        return Map.of();
    }

    /** quit: reply, SHUTDOWN event, migration_shutdown (the internal cancel, no postcopy gate: C7), exit 0. */
    private Object quit(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        qmp.afterReply(() -> {
            events.emit("SHUTDOWN", Map.of("guest", false, "reason", "host-qmp-quit"));
            try {
                mainLoop.call(() -> {
                    sourceCommands.migrationCancel();
                    if (runState.is(RunState.RUNNING)) {
                        runState.vmShutdown();
                    }
                    return null;
                });
            } catch (Exception e) {
                System.err.println("quit: " + e);
            }
            exit.exit(0);
        });
        return Map.of();
    }

    private Object queryStatus(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("status", runState.get().qapi());
        r.put("running", runState.is(RunState.RUNNING));
        return r;
    }
}
