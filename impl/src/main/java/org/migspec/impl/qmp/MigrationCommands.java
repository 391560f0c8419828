package org.migspec.impl.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.vm.VmProcess;

/** QMP migrate* commands and query-migrate, with each variant's acceptance rules (§7). */
public final class MigrationCommands {
    private final VmProcess vm;

    public MigrationCommands(VmProcess vm) {
        this.vm = vm;
    }

    public void register(QmpServer q) {
        q.register("migrate", this::migrate);
        q.register("migrate-incoming", this::migrateIncoming);
        q.register("migrate_cancel", this::migrateCancel);
        q.register("migrate-start-postcopy", this::migrateStartPostcopy);
        q.register("migrate-pause", this::migratePause);
        q.register("migrate-recover", this::migrateRecover);
        q.register("migrate-continue", this::migrateContinue);
        q.register("migrate-set-capabilities", this::migrateSetCapabilities);
        q.register("migrate-set-parameters", this::migrateSetParameters);
        q.register("query-migrate", this::queryMigrate);
    }

    private Object migrate(JsonNode a) throws QmpError {
        Args.only(a, Set.of("uri", "resume", "detach"));
        vm.sourceCommands.qmpMigrate(Args.string(a, "uri"), Args.bool(a, "resume", false));
        return Map.of();
    }

    private Object migrateIncoming(JsonNode a) throws QmpError {
        Args.only(a, Set.of("uri", "exit-on-error"));
        vm.mis.exitOnError = Args.bool(a, "exit-on-error", true);
        vm.incomingCommands.qmpMigrateIncoming(Args.string(a, "uri"));
        return Map.of();
    }

    private Object migrateCancel(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        vm.sourceCommands.qmpMigrateCancel();
        return Map.of();
    }

    private Object migrateStartPostcopy(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        vm.sourceCommands.qmpMigrateStartPostcopy();
        return Map.of();
    }

    /** qmp_migrate_pause: the source first, then the destination (1823-1864). */
    private Object migratePause(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        if (vm.sourceCommands.migratePause() || vm.incomingCommands.migratePause()) {
            return Map.of();
        }
        throw QmpError.generic(vm.variant == org.migspec.impl.common.Variant.LEGACY
                ? "migrate-pause is currently only supported during postcopy-active state"
                : "migrate-pause is currently only supported during postcopy-active or postcopy-recover state");
    }

    private Object migrateRecover(JsonNode a) throws QmpError {
        Args.only(a, Set.of("uri"));
        vm.incomingCommands.qmpMigrateRecover(Args.string(a, "uri"));
        return Map.of();
    }

    private Object migrateContinue(JsonNode a) throws QmpError {
        Args.only(a, Set.of("state"));
        vm.sourceCommands.qmpMigrateContinue(Args.string(a, "state"));
        return Map.of();
    }

    private Object migrateSetCapabilities(JsonNode a) throws QmpError {
        Args.only(a, Set.of("capabilities"));
        JsonNode list = a.get("capabilities");
        if (list == null || !list.isArray()) {
            throw QmpError.generic("Parameter 'capabilities' is missing");
        }
        if (vm.ms.get().isRunning() || (vm.mis.get() != MigrationStatus.NONE && vm.mis.get().isRunning())) {
            throw QmpError.generic("There's a migration process in progress");
        }
        for (JsonNode c : list) {
            String name = Args.string(c, "capability");
            if (!Capabilities.known(name)) {
                throw QmpError.generic("Parameter 'capability' does not accept value '" + name + "'");
            }
            if (!c.has("state") || !c.get("state").isBoolean()) {
                throw QmpError.generic("Parameter 'state' is missing");
            }
        }
        for (JsonNode c : list) {
            vm.caps.set(c.get("capability").asText(), c.get("state").asBoolean());
        }
        return Map.of();
    }

    private Object migrateSetParameters(JsonNode a) throws QmpError {
        Args.only(a, Set.of("max-bandwidth", "max-postcopy-bandwidth", "downtime-limit"));
        if (a.has("max-bandwidth")) {
            vm.params.setMaxBandwidth(Args.size(a, "max-bandwidth"));
        }
        if (a.has("max-postcopy-bandwidth")) {
            vm.params.setMaxPostcopyBandwidth(Args.size(a, "max-postcopy-bandwidth"));
        }
        if (a.has("downtime-limit")) {
            vm.params.setDowntimeLimitMs(Args.size(a, "downtime-limit"));
        }
        return Map.of();
    }

    /** query-migrate: the destination's info first, overwritten by a non-NONE source (C16). */
    private Object queryMigrate(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        Map<String, Object> r = new LinkedHashMap<>();
        MigrationStatus src = vm.ms.get();
        MigrationStatus dst = vm.mis.get();
        if (src != MigrationStatus.NONE) {
            r.put("status", src.qapi());
            Map<String, Object> ram = new LinkedHashMap<>();
            ram.put("total", vm.ram.ramSize());
            ram.put("remaining", vm.ms.ramSaver == null ? 0 : vm.ms.ramSaver.pendingBytes());
            ram.put("transferred", vm.ms.channel == null ? 0 : vm.ms.channel.out().transferred());
            ram.put("page-size", vm.ram.pageSize());
            ram.put("postcopy-requests", vm.ms.ramSaver == null ? 0 : vm.ms.ramSaver.postcopyRequests());
            r.put("ram", ram);
            if (src == MigrationStatus.COMPLETED) {
                r.put("total-time", vm.ms.totalTimeMs);
                r.put("downtime", vm.ms.downtimeMs);
            }
            if (vm.ms.error() != null && (src == MigrationStatus.FAILED || src == MigrationStatus.POSTCOPY_PAUSED)) {
                r.put("error-desc", vm.ms.error());
            }
        } else if (dst != MigrationStatus.NONE) {
            r.put("status", dst.qapi());
            if (vm.mis.error != null && dst == MigrationStatus.FAILED) {
                r.put("error-desc", vm.mis.error);
            }
        }
        return r;
    }
}
