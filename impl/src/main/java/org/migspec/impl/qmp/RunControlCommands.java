package org.migspec.impl.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.migspec.impl.common.RunState;
import org.migspec.impl.vm.VmProcess;

/** cont, stop, quit, query-status (monitor/qmp-cmds.c, system/runstate.c). */
public final class RunControlCommands {
    private final VmProcess vm;

    public RunControlCommands(VmProcess vm) {
        this.vm = vm;
    }

    public void register(QmpServer q) {
        q.register("cont", this::cont);
        q.register("stop", this::stop);
        q.register("quit", this::quit);
        q.register("query-status", this::queryStatus);
    }

    /** qmp_cont (monitor/qmp-cmds.c:85-115). */
    private Object cont(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        RunState st = vm.runState.get();
        if (st == RunState.FINISH_MIGRATE) {
            throw QmpError.generic("Migration is not finalized yet");
        }
        if (st == RunState.SHUTDOWN) {
            throw QmpError.generic("Resetting the Virtual Machine is required");
        }
        if (vm.variant.contInIncomingOnlySetsAutostart() && st == RunState.INMIGRATE) {
            // 10.x: only remember to start; the RUN / incoming bottom half activates and starts
            vm.runState.setAutostart(true);
            return Map.of();
        }
        String err = vm.block.activate();
        if (err != null) {
            throw QmpError.generic(err);
        }
        if (st == RunState.INMIGRATE) {
            vm.runState.setAutostart(true);
        } else {
            vm.runState.vmStart();
        }
        return Map.of();
    }

    private Object stop(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        if (vm.runState.is(RunState.INMIGRATE)) {
            vm.runState.setAutostart(false);
        } else {
            vm.runState.vmStop(RunState.PAUSED);
        }
        return Map.of();
    }

    /** quit: reply, SHUTDOWN event, migration_shutdown (the internal cancel, no postcopy gate: C7), exit 0. */
    private Object quit(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        vm.qmp.afterReply(() -> {
            vm.events.emit("SHUTDOWN", Map.of("guest", false, "reason", "host-qmp-quit"));
            try {
                vm.mainLoop.call(() -> {
                    vm.sourceCommands.migrationCancel();
                    if (vm.runState.is(RunState.RUNNING)) {
                        vm.runState.vmShutdown();
                    }
                    return null;
                });
            } catch (Exception e) {
                System.err.println("quit: " + e);
            }
            vm.exit(0);
        });
        return Map.of();
    }

    private Object queryStatus(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("status", vm.runState.get().qapi());
        r.put("running", vm.runState.is(RunState.RUNNING));
        return r;
    }
}
