package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What libvirt does around a migration, over QMP, the same for every backend: capabilities on both
 * sides, parameters, {@code migrate-incoming}, {@code migrate}, the postcopy switch with
 * {@code cont} on the destination, and at the end of the job {@code cont} where the guest should
 * run, or the abort: kill the destination, restart the source.
 */
final class LibvirtDriver {
    private final ObjectMapper json = new ObjectMapper();
    private final Scenario sc;
    private final ScenarioSide src;
    private final ScenarioSide dst;
    private final Backend backend;
    private final RunLog log;
    private final boolean management;

    LibvirtDriver(Scenario sc, ScenarioSide src, ScenarioSide dst, Backend backend, RunLog log, boolean management) {
        this.sc = sc;
        this.src = src;
        this.dst = dst;
        this.backend = backend;
        this.log = log;
        this.management = management;
    }

    /** libvirt's preparation: capabilities on both sides, parameters, migrate-incoming. */
    void prepare() throws ScenarioException, IOException, InterruptedException {
        for (ScenarioSide p : List.of(src, dst)) {
            ArrayNode caps = json.createArrayNode();
            caps.add(json.createObjectNode().put("capability", "events").put("state", true));
            for (String c : sc.capabilities()) {
                caps.add(capability(c));
            }
            if (p == src) {
                for (String c : sc.srcCapabilities()) {
                    caps.add(capability(c));
                }
            } else if (management) {
                // libvirt sets late-block-activate with -S: the image is activated by cont
                caps.add(json.createObjectNode().put("capability", "late-block-activate").put("state", true));
            }
            expectOk(p, "migrate-set-capabilities", json.createObjectNode().set("capabilities", caps));
        }
        if (sc.parameters().isObject() && sc.parameters().size() > 0) {
            expectOk(src, "migrate-set-parameters", sc.parameters());
        }
        expectOk(dst, "migrate-incoming", json.createObjectNode().put("uri", backend.uri("main", true)));
    }

    void migrate() throws ScenarioException, IOException, InterruptedException {
        expectOk(src, "migrate", json.createObjectNode().put("uri", backend.uri("main", false)));
    }

    /** "NAME" turns a capability on, "!NAME" off (the no-return-path case). */
    private ObjectNode capability(String c) {
        boolean on = !c.startsWith("!");
        return json.createObjectNode().put("capability", on ? c : c.substring(1)).put("state", on);
    }

    /**
     * libvirt's postcopy switch: migrate-start-postcopy, wait for the destination's postcopy-active
     * (or a failure), then (under management only) {@code cont} on the destination unless it runs.
     */
    void startPostcopy(long timeout) throws ScenarioException, IOException, InterruptedException {
        expectOk(src, "migrate-start-postcopy", null);
        JsonNode ev = dst.qmp().waitEvent(
                e -> isMigration(e, Set.of("postcopy-active", "postcopy-paused", "failed", "completed")), timeout);
        if (ev == null) {
            log.note("start_postcopy", "dst", "no postcopy-active within " + timeout + " ms");
            return;
        }
        String st = ev.at("/data/status").asText();
        log.note("start_postcopy", "dst", st);
        // only libvirt sends this cont (at once: its destination, started with -S, cannot run yet);
        // a destination with autostart (no management) starts by itself
        if (management && Set.of("postcopy-active", "completed").contains(st) && !dst.qmp().eof()) {
            cont(dst);
        }
    }

    /**
     * libvirt's end of job: wait for the source to finish; on success {@code cont} the destination
     * if it is not running yet; on failure kill the destination and {@code cont} the source.
     */
    void finish(long timeout) throws IOException, InterruptedException {
        // postcopy-paused ends the job only once the destination is gone (else a recovery may follow)
        String st = waitLatestStatus(src, Set.of("completed", "failed", "cancelled"), timeout,
                () -> "postcopy-paused".equals(src.lastStatus()) && !dst.process().isAlive());
        log.note("finish", "src", st);
        if ("completed".equals(st)) {
            // COMPLETED is written in migration_completion; the runstate becomes postmigrate only
            // in migration_iteration_finish after it: wait for that, or the result can catch the
            // source between the two (finish-migrate)
            settleRunstate(src, "finish-migrate", 2_000);
            if (dst.alive()) {
                dst.qmp().waitEvent(e -> isMigration(e, Set.of("completed", "failed")), timeout);
                if (!running(dst)) {
                    cont(dst);
                }
            }
            return;
        }
        if ("timeout".equals(st) || "gone".equals(st)) {
            // a stuck job is the scenario's finding; a gone source leaves libvirt only the destination
            dst.process().waitFor(2, TimeUnit.SECONDS);
            return;
        }
        // a destination that failed exits by itself (exit-on-error): give it the time to do so
        dst.process().waitFor(2, TimeUnit.SECONDS);
        if (dst.process().isAlive()) {
            if (management) {
                // libvirt's abort: a SIGKILL by PID, which QEMU does not trace (spec MgmtAbort)
                dst.process().destroyForcibly();
                dst.process().waitFor(10, TimeUnit.SECONDS);
                log.note("kill", "dst", "SIGKILL by libvirt's abort (migration " + st + ")");
            } else {
                // no libvirt here: someone kills it, a crash as far as the spec is concerned
                log.note("kill", "dst", backend.kill(dst));
            }
        }
        if (Set.of("postcopy-paused", "failed", "cancelled").contains(st)) {
            // the migration thread restarts the VM itself after a failure; wait for its cleanup first
            src.qmp().waitEvent(e -> "RESUME".equals(e.path("event").asText()), 2_000);
            if (!running(src)) {
                cont(src);
            }
        }
    }

    /** Polls query-status until the runstate is no longer {@code transient}, at most {@code ms}. */
    private void settleRunstate(ScenarioSide p, String transientState, long ms) throws IOException, InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000;
        while (p.alive() && System.nanoTime() < end) {
            String rs = p.qmp().execute("query-status", null).path("return").path("status").asText();
            if (!transientState.equals(rs)) return;
            Thread.sleep(10);
        }
    }

    private boolean running(ScenarioSide p) throws IOException, InterruptedException {
        return p.qmp().execute("query-status", null).path("return").path("running").asBoolean(false);
    }

    private void cont(ScenarioSide p) throws IOException, InterruptedException {
        JsonNode r = p.qmp().execute("cont", null);
        log.note("cont", p.side(), r.has("error") ? "error: " + r.at("/error/desc").asText() : "ok");
    }

    /** Waits until the side's latest MIGRATION status is one of {@code want}; "timeout" or "gone" if not. */
    private static String waitLatestStatus(ScenarioSide p, Set<String> want, long timeoutMs,
                                           java.util.function.BooleanSupplier alsoDone) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            String last = p.lastStatus();
            if (want.contains(last) || alsoDone.getAsBoolean()) {
                return last;
            }
            long left = deadline - System.currentTimeMillis();
            if (p.qmp().eof()) {
                return "gone";
            }
            if (left <= 0) {
                return "timeout";
            }
            int seen = p.qmp().events().size();
            p.qmp().waitEventCount(seen + 1, Math.min(left, 200));
        }
    }

    /** ${uri} and ${recover_uri} in command arguments: what the side listens on, or connects to. */
    JsonNode substitute(JsonNode args, String side) throws IOException {
        if (args == null) {
            return null;
        }
        boolean listen = "dst".equals(side);
        String text = args.toString().replace("${uri}", backend.uri("main", listen))
                .replace("${recover_uri}", backend.uri("recover", listen));
        return json.readTree(text);
    }

    private void expectOk(ScenarioSide p, String cmd, JsonNode args) throws ScenarioException, IOException, InterruptedException {
        QmpReplies.check(p, cmd, p.qmp().execute(cmd, args), null, log);
    }

    static boolean isMigration(JsonNode e, Set<String> statuses) {
        return "MIGRATION".equals(e.path("event").asText()) && statuses.contains(e.at("/data/status").asText());
    }
}
