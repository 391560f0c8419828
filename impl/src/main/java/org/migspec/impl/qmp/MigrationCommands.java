package org.migspec.impl.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MigrationParameters;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.QmpError;
import org.migspec.impl.common.Variant;
import org.migspec.impl.destination.IncomingCommands;
import org.migspec.impl.destination.MigrationIncomingState;
import org.migspec.impl.guest.GuestRam;
import org.migspec.impl.source.MigrationState;
import org.migspec.impl.source.RamSaver;
import org.migspec.impl.source.SourceCommands;
import org.migspec.impl.wire.MigrationChannel;

/** QMP migrate* commands and query-migrate, with each variant's acceptance rules (§7). */
public final class MigrationCommands {
    private final SourceCommands sourceCommands;
    private final IncomingCommands incomingCommands;
    private final MigrationState ms;
    private final MigrationIncomingState mis;
    private final Capabilities caps;
    private final MigrationParameters params;
    private final GuestRam ram;
    private final Variant variant;

    /** {@code ram}: only for query-migrate's sizes. */
    public MigrationCommands(SourceCommands sourceCommands, IncomingCommands incomingCommands, MigrationState ms,
                             MigrationIncomingState mis, Capabilities caps, MigrationParameters params, GuestRam ram,
                             Variant variant) {
        this.sourceCommands = sourceCommands;
        this.incomingCommands = incomingCommands;
        this.ms = ms;
        this.mis = mis;
        this.caps = caps;
        this.params = params;
        this.ram = ram;
        this.variant = variant;
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
        sourceCommands.qmpMigrate(Args.string(a, "uri"), Args.bool(a, "resume", false));
        return Map.of();
    }

    private Object migrateIncoming(JsonNode a) throws QmpError {
        Args.only(a, Set.of("uri", "exit-on-error"));
        mis.setExitOnError(Args.bool(a, "exit-on-error", true));
        incomingCommands.qmpMigrateIncoming(Args.string(a, "uri"));
        return Map.of();
    }

    private Object migrateCancel(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        sourceCommands.qmpMigrateCancel();
        return Map.of();
    }

    private Object migrateStartPostcopy(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        sourceCommands.qmpMigrateStartPostcopy();
        return Map.of();
    }

    /** qmp_migrate_pause: the source first, then the destination (1823-1864). */
    private Object migratePause(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        if (sourceCommands.migratePause() || incomingCommands.migratePause()) {
            return Map.of();
        }
        throw QmpError.generic(variant == Variant.LEGACY
                ? "migrate-pause is currently only supported during postcopy-active state"
                : "migrate-pause is currently only supported during postcopy-active or postcopy-recover state");
    }

    private Object migrateRecover(JsonNode a) throws QmpError {
        Args.only(a, Set.of("uri"));
        incomingCommands.qmpMigrateRecover(Args.string(a, "uri"));
        return Map.of();
    }

    private Object migrateContinue(JsonNode a) throws QmpError {
        Args.only(a, Set.of("state"));
        sourceCommands.qmpMigrateContinue(Args.string(a, "state"));
        return Map.of();
    }

    private Object migrateSetCapabilities(JsonNode a) throws QmpError {
        Args.only(a, Set.of("capabilities"));
        JsonNode list = a.get("capabilities");
        if (list == null || !list.isArray()) {
            throw QmpError.generic("Parameter 'capabilities' is missing");
        }
        if (ms.get().isRunning() || (mis.get() != MigrationStatus.NONE && mis.get().isRunning())) {
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
            caps.set(c.get("capability").asText(), c.get("state").asBoolean());
        }
        return Map.of();
    }

    private Object migrateSetParameters(JsonNode a) throws QmpError {
        Args.only(a, Set.of("max-bandwidth", "max-postcopy-bandwidth", "downtime-limit"));
        if (a.has("max-bandwidth")) {
            params.setMaxBandwidth(Args.size(a, "max-bandwidth"));
        }
        if (a.has("max-postcopy-bandwidth")) {
            params.setMaxPostcopyBandwidth(Args.size(a, "max-postcopy-bandwidth"));
        }
        if (a.has("downtime-limit")) {
            params.setDowntimeLimitMs(Args.size(a, "downtime-limit"));
        }
        return Map.of();
    }

    /** query-migrate: the destination's info first, overwritten by a non-NONE source (C16). */
    private Object queryMigrate(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        Map<String, Object> r = new LinkedHashMap<>();
        MigrationStatus src = ms.get();
        MigrationStatus dst = mis.get();
        if (src != MigrationStatus.NONE) {
            r.put("status", src.qapi());
            RamSaver saver = ms.ramSaver();
            MigrationChannel ch = ms.channel();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("total", ram.ramSize());
            info.put("remaining", saver == null ? 0 : saver.pendingBytes());
            info.put("transferred", ch == null ? 0 : ch.out().transferred());
            info.put("page-size", ram.pageSize());
            info.put("postcopy-requests", saver == null ? 0 : saver.postcopyRequests());
            r.put("ram", info);
            if (src == MigrationStatus.COMPLETED) {
                r.put("total-time", ms.totalTimeMs());
                r.put("downtime", ms.downtimeMs());
            }
            if (ms.error() != null && (src == MigrationStatus.FAILED || src == MigrationStatus.POSTCOPY_PAUSED)) {
                r.put("error-desc", ms.error());
            }
        } else if (dst != MigrationStatus.NONE) {
            r.put("status", dst.qapi());
            String err = mis.error();
            if (err != null && dst == MigrationStatus.FAILED) {
                r.put("error-desc", err);
            }
        }
        return r;
    }
}
