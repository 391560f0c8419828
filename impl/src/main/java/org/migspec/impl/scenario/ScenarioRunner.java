package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.migspec.impl.common.Variant;

/**
 * {@code migspec run}: starts a source and a destination process, drives them over QMP the way
 * libvirt does (capabilities on both sides, migrate-incoming, migrate, migrate-start-postcopy,
 * {@code cont} on the destination, on failure kill the destination and {@code cont} the source),
 * then writes {@code result.json} with each side's final status, run state, integrity and the
 * guest's fate, and checks it against the scenario's expectation for the variant.
 */
public final class ScenarioRunner {
    private static final long DEFAULT_WAIT_MS = 20_000;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path scenarioFile;
    private final Variant variant;
    private final Path out;
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    private final ArrayNode log = json.createArrayNode();
    private final ObjectNode stuck = json.createObjectNode();
    private Scenario sc;
    private Path image;
    private int port;
    private int recoverPort;
    private FileChannel holderChannel;
    private FileLock holder;
    private Writer qmpLogSrc;
    private Writer qmpLogDst;

    /** One child process and its QMP client. */
    private static final class Proc {
        final String side;
        final Process process;
        QmpClient qmp;
        /** wait / wait_event look at the QMP events from this index on (the start of a repeat round). */
        int mark;

        Proc(String side, Process process) {
            this.side = side;
            this.process = process;
        }
    }

    public ScenarioRunner(Path scenarioFile, Variant variant, Path out) {
        this.scenarioFile = scenarioFile;
        this.variant = variant;
        this.out = out;
    }

    /** Runs, writes result.json, prints a one-line summary; 0 if the expectation holds. */
    public int runAndReport() throws IOException {
        ObjectNode result;
        try {
            result = run();
        } catch (ScenarioException e) {
            System.err.println("migspec run: " + e.getMessage());
            return 2;
        }
        boolean ok = result.path("expectation").path("met").asBoolean(false);
        System.out.println(sc.name() + " [" + variant.cliName() + "]: src " + sideSummary(result.get("src"))
                + ", dst " + sideSummary(result.get("dst")) + ", guest " + result.get("guest").asText() + " (latest state: "
                + result.get("latest_state").asText() + ") -> expectation " + (ok ? "met" : "NOT met: "
                + result.at("/expectation/mismatches")));
        return ok ? 0 : 1;
    }

    /** {@code status/runstate}, or for a process that exited {@code gone (exit N, last STATUS)}. */
    private static String sideSummary(JsonNode side) {
        if (!"gone".equals(side.path("status").asText())) {
            return side.path("status").asText() + "/" + side.path("runstate").asText();
        }
        String last = side.path("last_status").asText("");
        return "gone (exit " + side.path("exit_code").asText("?") + (last.isEmpty() ? "" : ", last " + last) + ")";
    }

    /** Runs the scenario; the returned result has also been written to out/result.json. */
    public ObjectNode run() throws ScenarioException, IOException {
        sc = Scenario.load(scenarioFile);
        if (!sc.variants().contains(variant)) {
            throw new ScenarioException(sc.name() + " does not apply to variant " + variant.cliName()
                    + " (it applies to " + sc.variants() + ")");
        }
        Files.createDirectories(out);
        image = out.resolve("disk.img");
        Files.deleteIfExists(image);
        Files.write(image, new byte[4096]);
        port = freePort();
        long t0 = System.nanoTime();
        ObjectNode result = json.createObjectNode();
        String error = null;
        try {
            qmpLogSrc = Files.newBufferedWriter(out.resolve("src.qmp.jsonl"), StandardCharsets.UTF_8);
            qmpLogDst = Files.newBufferedWriter(out.resolve("dst.qmp.jsonl"), StandardCharsets.UTF_8);
            start("src");
            start("dst");
            error = steps(sc.steps(), "");
            collect(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } finally {
            shutdown(result);
            releaseImage();
            closeQuietly(qmpLogSrc);
            closeQuietly(qmpLogDst);
        }
        result.put("scenario", sc.name());
        result.put("variant", variant.cliName());
        long wall = (System.nanoTime() - t0) / 1_000_000;
        result.put("wall_ms", wall);
        if (result.get("timings") instanceof ObjectNode t) {
            t.put("scenario_wall_ms", wall);
        }
        result.set("steps", log);
        if (!stuck.isEmpty()) {
            result.set("stuck", stuck);
        }
        if (error != null) {
            result.put("error", error);
        }
        result.set("expectation", checkExpectation(result, error));
        json.writeValue(out.resolve("result.json").toFile(), result);
        return result;
    }

    /** Runs a list of steps; returns the first failure ("step N (do): why"), or null. */
    private String steps(Iterable<JsonNode> list, String prefix)
            throws IOException, InterruptedException {
        int i = 0;
        for (JsonNode step : list) {
            i++;
            if (!appliesTo(step)) {
                continue;
            }
            String where = prefix + i;
            if ("repeat".equals(step.get("do").asText())) {
                int times = step.path("times").asInt(1);
                for (int n = 1; n <= times; n++) {
                    mark();
                    String err = steps(step.get("steps"), where + "." + n + ".");
                    if (err != null) {
                        return err;
                    }
                }
                note("repeat", "runner", times + " times");
                continue;
            }
            try {
                step(step);
            } catch (ScenarioException e) {
                return "step " + where + " (" + step.get("do").asText() + "): " + e.getMessage();
            }
        }
        return null;
    }

    /** From now on wait / wait_event look only at QMP events that come after this point. */
    private void mark() {
        for (Proc p : procs.values()) {
            if (p.qmp != null) {
                p.mark = p.qmp.events().size();
            }
        }
    }

    private boolean appliesTo(JsonNode step) {
        JsonNode vs = step.get("variants");
        if (vs == null) {
            return true;
        }
        for (JsonNode v : vs) {
            if (v.asText().equals(variant.cliName())) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ processes

    private void start(String side) throws IOException, InterruptedException, ScenarioException {
        JsonNode g = sc.guest();
        JsonNode d = sc.dst();
        boolean dst = "dst".equals(side);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xss512k");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.migspec.impl.cli.Main");
        cmd.add(side);
        cmd.addAll(List.of("--variant", variant.cliName(), "--qmp", out.resolve(side + ".qmp").toString(),
                "--trace", out.resolve(side + ".trace.ndjson").toString(), "--image", image.toString(),
                "--ram-pages", String.valueOf(sc.pages()), "--seed", String.valueOf(g.path("seed").asLong(1))));
        JsonNode src = dst ? d : g;
        cmd.addAll(List.of("--dirty-pages", String.valueOf(src.path("dirty_pages").asInt(g.path("dirty_pages").asInt(sc.pages()))),
                "--dirty-rate", String.valueOf(src.path("dirty_rate").asLong(g.path("dirty_rate").asLong(20000)))));
        if (dst && !management()) {
            cmd.add("--autostart");
        }
        cmd.addAll(List.of("--management", management() ? "on" : "off"));
        Files.deleteIfExists(out.resolve(side + ".qmp"));
        Process process;
        try {
            process = ChildProcess.start(cmd, out.resolve(side + ".log"), 30_000);
        } catch (IOException e) {
            throw new ScenarioException("cannot start the " + side + " process: " + e.getMessage());
        }
        Proc p = new Proc(side, process);
        procs.put(side, p);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + side));
        try {
            p.qmp = new QmpClient(side, out.resolve(side + ".qmp"), dst ? qmpLogDst : qmpLogSrc, 15_000);
        } catch (IOException e) {
            throw new ScenarioException("cannot start the " + side + " process: " + e.getMessage()
                    + " (see " + out.resolve(side + ".log") + ")");
        }
    }

    /**
     * The runner drives like libvirt (the destination starts with -S, gets late-block-activate and
     * a cont) unless the scenario starts the destination with autostart.
     */
    private boolean management() {
        return !sc.dst().path("autostart").asBoolean(false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String uri() {
        return "tcp:127.0.0.1:" + port;
    }

    private Proc proc(JsonNode step) throws ScenarioException {
        String side = step.path("side").asText("");
        Proc p = procs.get(side);
        if (p == null) {
            throw new ScenarioException("step needs 'side': src or dst");
        }
        return p;
    }

    // ------------------------------------------------------------------ steps

    private void step(JsonNode s) throws ScenarioException, IOException, InterruptedException {
        String kind = s.get("do").asText();
        switch (kind) {
            case "prepare":
                prepare();
                break;
            case "mark":
                mark();
                break;
            case "migrate":
                expectOk(procs.get("src"), "migrate", obj("uri", uri()));
                break;
            case "wait": {
                Proc p = proc(s);
                Set<String> want = statuses(s.get("status"));
                long timeout = s.path("timeout_ms").asLong(DEFAULT_WAIT_MS);
                JsonNode ev = p.qmp.waitEvent(e -> isMigration(e, want), timeout, p.mark);
                if (ev == null) {
                    throw new ScenarioException(p.side + " did not reach " + want + " within " + timeout + " ms");
                }
                note("wait", p.side, ev.at("/data/status").asText());
                break;
            }
            case "wait_event": {
                Proc p = proc(s);
                String name = s.path("event").asText();
                long timeout = s.path("timeout_ms").asLong(DEFAULT_WAIT_MS);
                if (p.qmp.waitEvent(e -> name.equals(e.path("event").asText()), timeout, p.mark) == null) {
                    throw new ScenarioException(p.side + " emitted no " + name + " event within " + timeout + " ms");
                }
                note("wait_event", p.side, name);
                break;
            }
            case "qmp": {
                Proc p = proc(s);
                String cmd = s.path("command").asText();
                JsonNode r = p.qmp.execute(cmd, substitute(s.get("args")));
                checkReply(p, cmd, r, s.get("expect_error"));
                break;
            }
            case "fault":
                fault(s);
                break;
            case "hold_image":
                holdImage();
                break;
            case "release_image":
                releaseImage();
                note("release_image", "runner", "released");
                break;
            case "release_stall": {
                ObjectNode a = stallArgs(s);
                waitStalled(proc(s), a, 1);
                expectOk(proc(s), "x-release-stall", a);
                note("release_stall", proc(s).side, "released" + (a == null ? "" : " " + a));
                break;
            }
            case "wait_stalled":
                waitStalled(proc(s), stallArgs(s), s.path("count").asInt(1));
                note("wait_stalled", proc(s).side, "parked");
                break;
            case "kill":
                killTraced(proc(s));
                break;
            case "start_postcopy":
                startPostcopy(s);
                break;
            case "finish":
                finish(s);
                break;
            case "stuck":
                stuck(s);
                break;
            case "wait_exit": {
                Proc p = proc(s);
                long timeout = s.path("timeout_ms").asLong(DEFAULT_WAIT_MS);
                if (!p.process.waitFor(timeout, TimeUnit.MILLISECONDS)) {
                    throw new ScenarioException(p.side + " did not exit within " + timeout + " ms");
                }
                note("wait_exit", p.side, "exit " + p.process.exitValue());
                break;
            }
            case "quit": {
                Proc p = proc(s);
                p.qmp.execute("quit", null);
                p.process.waitFor(10, TimeUnit.SECONDS);
                note("quit", p.side, "exit " + (p.process.isAlive() ? "pending" : p.process.exitValue()));
                break;
            }
            default:
                throw new ScenarioException("unknown step " + kind);
        }
    }

    /**
     * kill -9 of a process at an arbitrary moment, traced as the spec's crash
     * ({@code x_inject_fault dst-crash|src-crash}, fired at once by x-inject-fault without
     * {@code at}); a process that does not answer QMP gets a plain SIGKILL.
     */
    private void killTraced(Proc p) throws IOException, InterruptedException {
        String how = "SIGKILL";
        if (p.process.isAlive() && !p.qmp.eof()) {
            try {
                p.qmp.execute("x-inject-fault", json.createObjectNode().put("fault", p.side + "-crash"), 5_000);
                how = "x-inject-fault " + p.side + "-crash";
            } catch (IOException e) {
                how = "SIGKILL (QMP: " + e.getMessage() + ")";
            }
        }
        if (!p.process.waitFor(5, TimeUnit.SECONDS)) {
            p.process.destroyForcibly();
            p.process.waitFor(10, TimeUnit.SECONDS);
        }
        note("kill", p.side, how + ", exit " + (p.process.isAlive() ? "pending" : p.process.exitValue()));
    }

    /** libvirt's preparation: capabilities on both sides, parameters, migrate-incoming. */
    private void prepare() throws ScenarioException, IOException, InterruptedException {
        for (String side : List.of("src", "dst")) {
            ArrayNode caps = json.createArrayNode();
            caps.add(json.createObjectNode().put("capability", "events").put("state", true));
            for (String c : sc.capabilities()) {
                caps.add(capability(c));
            }
            if ("src".equals(side)) {
                for (String c : sc.srcCapabilities()) {
                    caps.add(capability(c));
                }
            } else if (management()) {
                // libvirt sets late-block-activate with -S: the image is activated by cont
                caps.add(json.createObjectNode().put("capability", "late-block-activate").put("state", true));
            }
            expectOk(procs.get(side), "migrate-set-capabilities", json.createObjectNode().set("capabilities", caps));
        }
        if (sc.parameters().isObject() && sc.parameters().size() > 0) {
            expectOk(procs.get("src"), "migrate-set-parameters", sc.parameters());
        }
        expectOk(procs.get("dst"), "migrate-incoming", obj("uri", uri()));
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
    private void startPostcopy(JsonNode s) throws ScenarioException, IOException, InterruptedException {
        Proc src = procs.get("src");
        Proc dst = procs.get("dst");
        expectOk(src, "migrate-start-postcopy", null);
        long timeout = s.path("timeout_ms").asLong(DEFAULT_WAIT_MS);
        JsonNode ev = dst.qmp.waitEvent(
                e -> isMigration(e, Set.of("postcopy-active", "postcopy-paused", "failed", "completed")), timeout);
        if (ev == null) {
            note("start_postcopy", "dst", "no postcopy-active within " + timeout + " ms");
            return;
        }
        String st = ev.at("/data/status").asText();
        note("start_postcopy", "dst", st);
        // only libvirt sends this cont (at once: its destination, started with -S, cannot run yet);
        // a destination with autostart (no management) starts by itself
        if (management() && Set.of("postcopy-active", "completed").contains(st) && !dst.qmp.eof()) {
            JsonNode r = dst.qmp.execute("cont", null);
            note("cont", "dst", r.has("error") ? "error: " + r.at("/error/desc").asText() : "ok");
        }
    }

    /**
     * libvirt's end of job: wait for the source to finish; on success {@code cont} the destination
     * if it is not running yet; on failure kill the destination and {@code cont} the source.
     */
    private void finish(JsonNode s) throws ScenarioException, IOException, InterruptedException {
        Proc src = procs.get("src");
        Proc dst = procs.get("dst");
        long timeout = s.path("timeout_ms").asLong(DEFAULT_WAIT_MS);
        // postcopy-paused ends the job only once the destination is gone (else a recovery may follow)
        String st = waitLatestStatus(src, Set.of("completed", "failed", "cancelled"), timeout,
                () -> "postcopy-paused".equals(lastStatus(src)) && !dst.process.isAlive());
        note("finish", "src", st);
        if ("completed".equals(st)) {
            if (dst.process.isAlive() && !dst.qmp.eof()) {
                dst.qmp.waitEvent(e -> isMigration(e, Set.of("completed", "failed")), timeout);
                JsonNode qs = dst.qmp.execute("query-status", null);
                if (!qs.path("return").path("running").asBoolean(false)) {
                    JsonNode r = dst.qmp.execute("cont", null);
                    note("cont", "dst", r.has("error") ? "error: " + r.at("/error/desc").asText() : "ok");
                }
            }
            return;
        }
        if ("timeout".equals(st)) {
            return;
        }
        if ("gone".equals(st)) {
            // the source died: libvirt can only clean up the destination
            dst.process.waitFor(2, TimeUnit.SECONDS);
            return;
        }
        // a destination that failed exits by itself (exit-on-error): give it the time to do so
        dst.process.waitFor(2, TimeUnit.SECONDS);
        if (dst.process.isAlive()) {
            if (management()) {
                // libvirt's abort: its kill is not traced (spec MgmtAbort)
                dst.process.destroyForcibly();
                dst.process.waitFor(10, TimeUnit.SECONDS);
                note("kill", "dst", "SIGKILL (migration " + st + ")");
            } else {
                // no libvirt here: someone kills it, a crash as far as the spec is concerned
                killTraced(dst);
            }
        }
        if ("postcopy-paused".equals(st) || "failed".equals(st) || "cancelled".equals(st)) {
            // the migration thread restarts the VM itself after a failure; wait for its cleanup first
            src.qmp.waitEvent(e -> "RESUME".equals(e.path("event").asText()), 2_000);
            JsonNode qs = src.qmp.execute("query-status", null);
            if (!qs.path("return").path("running").asBoolean(false)) {
                JsonNode r = src.qmp.execute("cont", null);
                note("cont", "src", r.has("error") ? "error: " + r.at("/error/desc").asText() : "ok");
            }
        }
    }

    /** Waits until the side's latest MIGRATION status is one of {@code want}; "timeout" if not. */
    private String waitLatestStatus(Proc p, Set<String> want, long timeoutMs, java.util.function.BooleanSupplier alsoDone)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            String last = lastStatus(p);
            if (want.contains(last) || alsoDone.getAsBoolean()) {
                return last;
            }
            long left = deadline - System.currentTimeMillis();
            if (p.qmp.eof()) {
                return "gone";
            }
            if (left <= 0) {
                return "timeout";
            }
            int seen = p.qmp.events().size();
            p.qmp.waitEventCount(seen + 1, Math.min(left, 200));
        }
    }

    /** C5: the status must hold for {@code ms} while each listed command is refused. */
    private void stuck(JsonNode s) throws ScenarioException, IOException, InterruptedException {
        Proc p = proc(s);
        String want = s.path("status").asText();
        long ms = s.path("ms").asLong(2000);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        JsonNode q = p.qmp.execute("query-migrate", null);
        if (!want.equals(q.at("/return/status").asText())) {
            throw new ScenarioException(p.side + " is " + q.at("/return/status").asText() + ", not stuck in " + want);
        }
        ObjectNode refused = json.createObjectNode();
        for (JsonNode c : s.path("refused")) {
            JsonNode r = p.qmp.execute(c.asText(), null);
            refused.put(c.asText(), r.has("error") ? r.at("/error/desc").asText() : "ACCEPTED");
        }
        while (System.nanoTime() < deadline) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            p.qmp.waitEvent(e -> false, Math.max(1, Math.min(100, leftMs)));
            q = p.qmp.execute("query-migrate", null);
            if (!want.equals(q.at("/return/status").asText())) {
                throw new ScenarioException(p.side + " left " + want + " for " + q.at("/return/status").asText());
            }
        }
        ObjectNode o = stuck.putObject(p.side);
        o.put("status", want);
        o.put("held_ms", ms);
        o.set("refused", refused);
        note("stuck", p.side, want + " for " + ms + " ms");
    }

    private void fault(JsonNode s) throws ScenarioException, IOException, InterruptedException {
        Proc p = proc(s);
        ObjectNode args = json.createObjectNode();
        args.put("fault", s.path("fault").asText());
        if (s.has("at")) {
            args.put("at", s.get("at").asText());
        }
        if (s.has("args")) {
            args.set("args", s.get("args"));
        }
        if (s.has("count")) {
            args.put("count", s.get("count").asInt());
        }
        if (s.has("thread")) {
            args.put("thread", s.get("thread").asText());
        }
        if ("block-activation-failure".equals(s.path("fault").asText())) {
            holdImage();
        }
        JsonNode r = p.qmp.execute("x-inject-fault", args);
        if (r.has("eof") && s.path("fault").asText().endsWith("-crash")) {
            // a crash armed at an event that comes at once can kill the process before its reply
            note("qmp x-inject-fault", p.side, "process exited (the crash fired)");
            return;
        }
        checkReply(p, "x-inject-fault", r, null);
    }

    /** A third holder (this runner) takes the image's write lock first. */
    private void holdImage() throws IOException, ScenarioException {
        if (holder != null) {
            return;
        }
        holderChannel = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        holder = holderChannel.tryLock(0, 1, false);
        if (holder == null) {
            throw new ScenarioException("cannot take the image lock for the third holder: the source still holds it");
        }
        note("hold_image", "runner", "locked");
    }

    private void releaseImage() {
        try {
            if (holder != null) {
                holder.release();
            }
            if (holderChannel != null) {
                holderChannel.close();
            }
        } catch (IOException ignored) {
            // the lock goes with the channel
        }
        holder = null;
        holderChannel = null;
    }

    /** {"thread": NAME} when the step names a thread, else null (every parked thread). */
    private ObjectNode stallArgs(JsonNode s) {
        return s.has("thread") ? json.createObjectNode().put("thread", s.get("thread").asText()) : null;
    }

    /** Waits (bounded) until {@code count} threads (with the given name, if any) are parked at stall points. */
    private void waitStalled(Proc p, ObjectNode args, int count) throws ScenarioException, IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + DEFAULT_WAIT_MS;
        while (true) {
            JsonNode g = p.qmp.execute("x-query-stall", args);
            if (g.at("/return/stalled").asInt(0) >= count) {
                break;
            }
            if (System.currentTimeMillis() > deadline || p.qmp.eof()) {
                throw new ScenarioException(p.side + ": no thread reached its stall point");
            }
            p.qmp.waitEvent(e -> false, 5);
        }
    }

    // ------------------------------------------------------------------ results

    private void collect(ObjectNode result) throws IOException, InterruptedException {
        JsonNode srcGuest = null;
        JsonNode dstGuest = null;
        for (Proc p : procs.values()) {
            ObjectNode side = result.putObject(p.side);
            boolean alive = p.process.isAlive() && !p.qmp.eof();
            side.put("alive", alive);
            JsonNode qm = null;
            JsonNode qs = null;
            JsonNode g = null;
            if (alive) {
                try {
                    qm = p.qmp.execute("query-migrate", null, 10_000).path("return");
                    qs = p.qmp.execute("query-status", null, 10_000).path("return");
                    g = p.qmp.execute("x-query-guest", null, 10_000).path("return");
                } catch (IOException e) {
                    // a main loop that does not answer (a thread holds the BQL for good)
                    side.put("status", "unresponsive");
                    side.put("runstate", "unresponsive");
                    side.put("error", e.getMessage());
                    side.set("migration_events", statusEvents(p));
                    continue;
                }
            }
            if (alive) {
                side.put("status", qm.path("status").asText("none"));
                if (qm.has("error-desc")) {
                    side.put("error_desc", qm.get("error-desc").asText());
                }
                side.put("runstate", qs.path("status").asText());
                side.put("vm_starts", g.path("vm-starts").asLong());
                side.set("query_migrate", qm);
                if ("src".equals(p.side)) {
                    srcGuest = g;
                } else {
                    dstGuest = g;
                }
            } else {
                p.process.waitFor(10, TimeUnit.SECONDS);
                side.put("status", "gone");
                side.put("runstate", "gone");
                side.put("exit_code", p.process.isAlive() ? -1 : p.process.exitValue());
                side.put("last_status", lastStatus(p));
            }
            side.set("migration_events", statusEvents(p));
        }
        JsonNode record = srcGuest == null ? null : srcGuest.get("switchover-record");
        Map<String, Object> src = GuestVerdict.checkSrc(srcGuest);
        Map<String, Object> dst = GuestVerdict.checkDst(dstGuest, record);
        ((ObjectNode) result.get("src")).set("integrity", json.valueToTree(src));
        ((ObjectNode) result.get("dst")).set("integrity", json.valueToTree(dst));
        verdict(result, srcGuest, dstGuest, dst);
        ObjectNode timings = result.putObject("timings");
        JsonNode qm = result.at("/src/query_migrate");
        if (qm.has("total-time")) {
            timings.put("total_ms", qm.get("total-time").asLong());
            timings.put("downtime_ms", qm.get("downtime").asLong());
        }
    }

    private void verdict(ObjectNode result, JsonNode srcGuest, JsonNode dstGuest, Map<String, Object> dstCheck) {
        boolean srcAlive = srcGuest != null;
        boolean dstAlive = dstGuest != null;
        boolean srcRunning = srcAlive && "running".equals(srcGuest.path("runstate").asText());
        boolean dstRunning = dstAlive && "running".equals(dstGuest.path("runstate").asText());
        boolean dstRan = dstAlive ? dstGuest.path("vm-starts").asLong() > 0 : sawEvent("dst", "RESUME");
        boolean srcResumed = srcAlive ? srcGuest.path("vm-starts").asLong() > 0 && srcGuest.has("switchover-record")
                : sawEvent("src", "RESUME");
        boolean dstComplete = Boolean.TRUE.equals(dstCheck.get("complete"));
        String latest;
        boolean intact;
        boolean recoverable = false;
        if (dstRan && srcResumed) {
            latest = "nowhere (split brain: both sides ran the guest after switchover)";
            intact = false;
        } else if (dstRan) {
            if (dstAlive && dstComplete) {
                latest = "dst";
            } else if (dstAlive && Boolean.TRUE.equals(dstCheck.get("ok")) && srcAlive) {
                latest = "split (pages on both sides)";
            } else {
                latest = "nowhere";
            }
            String ss = result.at("/src/status").asText();
            String ds = result.at("/dst/status").asText();
            recoverable = latest.startsWith("split") && "postcopy-paused".equals(ss) && "postcopy-paused".equals(ds);
            intact = ("dst".equals(latest) && dstRunning && !srcRunning) || recoverable;
        } else {
            if (srcAlive && dstAlive && dstComplete) {
                latest = "both";
            } else if (srcAlive) {
                latest = "src";
            } else if (dstAlive && dstComplete) {
                latest = "dst";
            } else {
                latest = "nowhere";
            }
            intact = srcRunning && !dstRunning && latest.matches("src|both");
        }
        result.put("guest", intact ? "intact" : "lost");
        result.put("latest_state", latest);
        result.put("recoverable", recoverable);
        ArrayNode on = result.putArray("running_on");
        if (srcRunning) {
            on.add("src");
        }
        if (dstRunning) {
            on.add("dst");
        }
    }

    private boolean sawEvent(String side, String name) {
        Proc p = procs.get(side);
        for (JsonNode e : p.qmp.events()) {
            if (name.equals(e.path("event").asText())) {
                return true;
            }
        }
        return false;
    }

    private ArrayNode statusEvents(Proc p) {
        ArrayNode a = json.createArrayNode();
        for (JsonNode e : p.qmp.events()) {
            if ("MIGRATION".equals(e.path("event").asText())) {
                a.add(e.at("/data/status").asText());
            } else if (Set.of("STOP", "RESUME").contains(e.path("event").asText())) {
                a.add(e.path("event").asText());
            }
        }
        return a;
    }

    private String lastStatus(Proc p) {
        String last = "none";
        for (JsonNode e : p.qmp.events()) {
            if ("MIGRATION".equals(e.path("event").asText())) {
                last = e.at("/data/status").asText();
            }
        }
        return last;
    }

    /** quit both sides; whatever does not exit in time is killed, so no child outlives the run. */
    private void shutdown(ObjectNode result) {
        for (Proc p : procs.values()) {
            try {
                if (p.process.isAlive() && p.qmp != null && !p.qmp.eof()) {
                    p.qmp.execute("quit", null, 5_000);
                }
                p.process.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                result.put("warning_" + p.side, "quit not answered: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (p.process.isAlive()) {
                    p.process.destroyForcibly();
                    try {
                        p.process.waitFor(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (p.qmp != null) {
                    try {
                        p.qmp.close();
                    } catch (IOException ignored) {
                        // closing a dead connection
                    }
                }
            }
        }
    }

    private JsonNode checkExpectation(ObjectNode result, String error) {
        ObjectNode o = json.createObjectNode();
        JsonNode exp = sc.expect().get(variant.cliName());
        ArrayNode mism = json.createArrayNode();
        if (error != null) {
            mism.add(error);
        }
        compare(exp, result, "", mism);
        o.set("expected", exp);
        o.put("met", mism.isEmpty());
        o.set("mismatches", mism);
        return o;
    }

    /** Every field of the expectation must equal the result's field at the same path ("comment" is free text). */
    private void compare(JsonNode exp, JsonNode actual, String path, ArrayNode mism) {
        if (exp.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = exp.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if ("comment".equals(e.getKey())) {
                    continue;
                }
                compare(e.getValue(), actual == null ? null : actual.get(e.getKey()), path + "/" + e.getKey(), mism);
            }
            return;
        }
        if (exp.isArray() && actual != null && actual.isTextual()) {
            for (JsonNode alt : exp) {
                if (alt.asText().equals(actual.asText())) {
                    return;
                }
            }
            mism.add(path + ": expected one of " + exp + ", got " + actual);
            return;
        }
        if (actual == null || !exp.equals(actual)) {
            mism.add(path + ": expected " + exp + ", got " + actual);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void expectOk(Proc p, String cmd, JsonNode args) throws ScenarioException, IOException, InterruptedException {
        JsonNode r = p.qmp.execute(cmd, args);
        checkReply(p, cmd, r, null);
    }

    private void checkReply(Proc p, String cmd, JsonNode r, JsonNode expectError) throws ScenarioException {
        boolean isError = r.has("error");
        String desc = isError ? r.at("/error/desc").asText() : r.has("eof") ? "process gone" : "ok";
        note("qmp " + cmd, p.side, desc);
        if (r.has("eof")) {
            throw new ScenarioException(p.side + " is gone (" + cmd + ")");
        }
        if (expectError == null || expectError.isNull()) {
            if (isError) {
                throw new ScenarioException(p.side + ": " + cmd + " failed: " + desc);
            }
            return;
        }
        if (!isError) {
            throw new ScenarioException(p.side + ": " + cmd + " succeeded but an error was expected");
        }
        if (expectError.isTextual() && !desc.contains(expectError.asText())) {
            throw new ScenarioException(p.side + ": " + cmd + " error '" + desc + "' does not contain '"
                    + expectError.asText() + "'");
        }
    }

    private static boolean isMigration(JsonNode e, Set<String> statuses) {
        return "MIGRATION".equals(e.path("event").asText()) && statuses.contains(e.at("/data/status").asText());
    }

    private static Set<String> statuses(JsonNode n) throws ScenarioException {
        if (n == null) {
            throw new ScenarioException("'wait' needs 'status'");
        }
        if (n.isArray()) {
            java.util.HashSet<String> s = new java.util.HashSet<>();
            n.forEach(x -> s.add(x.asText()));
            return s;
        }
        return Set.of(n.asText());
    }

    /** ${uri} and ${recover_uri} in command arguments. */
    private JsonNode substitute(JsonNode args) throws IOException {
        if (args == null) {
            return null;
        }
        if (recoverPort == 0) {
            recoverPort = freePort();
        }
        String text = args.toString().replace("${uri}", uri()).replace("${recover_uri}", "tcp:127.0.0.1:" + recoverPort);
        return json.readTree(text);
    }

    private ObjectNode obj(String k, String v) {
        return json.createObjectNode().put(k, v);
    }

    private void note(String what, String side, String detail) {
        log.add(json.createObjectNode().put("t_ms", System.currentTimeMillis()).put("what", what).put("side", side)
                .put("detail", detail));
    }

    private static void closeQuietly(Writer w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // nothing more to log
            }
        }
    }
}
