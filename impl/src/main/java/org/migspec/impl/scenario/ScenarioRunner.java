package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.migspec.impl.common.Variant;

/**
 * {@code migspec run} and {@code migspec qemu}: starts a source and a destination through a
 * {@link Backend} (the reference implementation or real QEMU), interprets the scenario's steps,
 * drives both sides over QMP the way libvirt does ({@link LibvirtDriver}), then writes
 * {@code result.json} with each side's final status, run state, the guest's fate, and the
 * comparison with the scenario's expectation for the variant.
 */
public final class ScenarioRunner {
    static final long DEFAULT_WAIT_MS = 20_000;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path scenarioFile;
    private final Variant variant;
    private final Path out;
    private final Backend backend;
    private final Map<String, ScenarioSide> sides = new LinkedHashMap<>();
    private final RunLog log = new RunLog();
    private final ObjectNode stuck = json.createObjectNode();
    /** Groups of optional steps one of which failed: their later steps are skipped (a recovery needs its pause). */
    private final Set<String> failedGroups = new java.util.HashSet<>();
    private Scenario sc;
    private LibvirtDriver libvirt;
    private Writer qmpLogSrc;
    private Writer qmpLogDst;

    /** The reference implementation's run of {@code variant}. */
    public ScenarioRunner(Path scenarioFile, Variant variant, Path out) {
        this(scenarioFile, variant, out, new ImplBackend(variant));
    }

    /** The reference implementation's run of {@code variant}, with tracing on or off (no trace files). */
    public ScenarioRunner(Path scenarioFile, Variant variant, Path out, boolean tracing) {
        this(scenarioFile, variant, out, new ImplBackend(variant, tracing));
    }

    public ScenarioRunner(Path scenarioFile, Variant variant, Path out, Backend backend) {
        this.scenarioFile = scenarioFile;
        this.variant = variant;
        this.out = out;
        this.backend = backend;
    }

    /** Runs, writes result.json, prints a one-line summary; 0 if the expectation holds, 2 if the run could not start. */
    public int runAndReport() throws IOException {
        ObjectNode result;
        try {
            result = run();
        } catch (ScenarioException e) {
            System.err.println("migspec: " + e.getMessage());
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
    public static String sideSummary(JsonNode side) {
        if (!"gone".equals(side.path("status").asText())) {
            return side.path("status").asText() + "/" + side.path("runstate").asText();
        }
        String last = side.path("last_status").asText("");
        return "gone (exit " + side.path("exit_code").asText("?") + (last.isEmpty() ? "" : ", last " + last) + ")";
    }

    /** Every step the backend cannot do, as "step N (do): why"; empty if it can run the scenario. */
    public static List<String> unsupportedSteps(Scenario sc, Backend backend) {
        List<String> out = new ArrayList<>();
        unsupported(sc.steps(), "", backend, out);
        return out;
    }

    private static void unsupported(Iterable<JsonNode> steps, String prefix, Backend backend, List<String> out) {
        int i = 0;
        for (JsonNode step : steps) {
            i++;
            if ("repeat".equals(step.get("do").asText())) {
                unsupported(step.get("steps"), prefix + i + ".", backend, out);
                continue;
            }
            String why = backend.cannot(step);
            if (why != null) {
                out.add("step " + prefix + i + " (" + step.get("do").asText() + "): " + why);
            }
        }
    }

    /** Runs the scenario; the returned result has also been written to out/result.json. */
    public ObjectNode run() throws ScenarioException, IOException {
        sc = Scenario.load(scenarioFile);
        if (!sc.variants().contains(variant)) {
            throw new ScenarioException(sc.name() + " does not apply to variant " + variant.cliName()
                    + " (it applies to " + sc.variants() + ")");
        }
        if (!sc.runsOn(backend.kind())) {
            throw new ScenarioException(sc.name() + " is a scenario for " + sc.backends() + " only, not " + backend.kind());
        }
        List<String> cannot = unsupportedSteps(sc, backend);
        if (!cannot.isEmpty()) {
            throw new ScenarioException(sc.name() + ": " + backend.describe() + " cannot run " + cannot.get(0)
                    + (cannot.size() > 1 ? " (and " + (cannot.size() - 1) + " more)" : ""));
        }
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        ObjectNode result = json.createObjectNode();
        String error = null;
        ScenarioException startFailure = null;
        try {
            backend.prepare(sc, out, log);
            qmpLogSrc = Files.newBufferedWriter(out.resolve("src.qmp.jsonl"), StandardCharsets.UTF_8);
            qmpLogDst = Files.newBufferedWriter(out.resolve("dst.qmp.jsonl"), StandardCharsets.UTF_8);
            start("src");
            start("dst");
            libvirt = new LibvirtDriver(sc, sides.get("src"), sides.get("dst"), backend, log, management());
            error = steps(sc.steps(), "");
            ResultCollector.collect(List.copyOf(sides.values()), backend, result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (ScenarioException e) {
            // only starting can throw: a step's failure is returned by steps()
            startFailure = e;
        } finally {
            ResultCollector.shutdown(sides.values(), result);
            backend.close();
            closeQuietly(qmpLogSrc);
            closeQuietly(qmpLogDst);
        }
        if (startFailure != null) {
            throw startFailure;
        }
        result.put("scenario", sc.name());
        result.put("variant", variant.cliName());
        result.put("backend", backend.describe());
        long wall = (System.nanoTime() - t0) / 1_000_000;
        result.put("wall_ms", wall);
        if (result.get("timings") instanceof ObjectNode t) {
            t.put("scenario_wall_ms", wall);
        }
        result.set("steps", log.entries());
        if (!stuck.isEmpty()) {
            result.set("stuck", stuck);
        }
        if (error != null) {
            result.put("error", error);
        }
        result.set("expectation", Expectation.check(sc.expect().get(variant.cliName()), result, error));
        json.writeValue(out.resolve("result.json").toFile(), result);
        return result;
    }

    /** Runs a list of steps; returns the first failure ("step N (do): why"), or null. */
    private String steps(Iterable<JsonNode> list, String prefix) throws IOException, InterruptedException {
        int i = 0;
        for (JsonNode step : list) {
            i++;
            if (!appliesTo(step)) {
                continue;
            }
            String where = prefix + i;
            String group = step.path("group").asText("");
            if (!group.isEmpty() && failedGroups.contains(group)) {
                log.note("skipped", step.path("side").asText("runner"), "step " + where + " (" + step.get("do").asText()
                        + "): an earlier step of group '" + group + "' failed");
                continue;
            }
            if ("repeat".equals(step.get("do").asText())) {
                int times = step.path("times").asInt(1);
                for (int n = 1; n <= times; n++) {
                    mark();
                    String err = steps(step.get("steps"), where + "." + n + ".");
                    if (err != null) {
                        return err;
                    }
                }
                log.note("repeat", "runner", times + " times");
                continue;
            }
            try {
                step(step);
            } catch (ScenarioException e) {
                if (step.path("optional").asBoolean(false)) {
                    if (!group.isEmpty()) {
                        failedGroups.add(group);
                    }
                    // a randomized schedule's point may never come (an earlier fault ended the
                    // migration) or its command may be refused: that is part of the run, not an error
                    log.note("skipped", step.path("side").asText("runner"),
                            "step " + where + " (" + step.get("do").asText() + "): " + e.getMessage());
                    continue;
                }
                return "step " + where + " (" + step.get("do").asText() + "): " + e.getMessage();
            }
        }
        return null;
    }

    /** From now on wait / wait_event look only at QMP events that come after this point. */
    private void mark() {
        sides.values().forEach(ScenarioSide::markNow);
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

    private void start(String side) throws IOException, InterruptedException, ScenarioException {
        Path socket = backend.qmpSocket(side);
        Files.deleteIfExists(socket);
        Process process = backend.start(side, management());
        ScenarioSide p = new ScenarioSide(side, process);
        sides.put(side, p);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + side));
        try {
            p.connect(new QmpClient(side, socket, "dst".equals(side) ? qmpLogDst : qmpLogSrc, 15_000));
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

    private ScenarioSide side(JsonNode step) throws ScenarioException {
        ScenarioSide p = sides.get(step.path("side").asText(""));
        if (p == null) {
            throw new ScenarioException("step needs 'side': src or dst");
        }
        return p;
    }

    private void step(JsonNode s) throws ScenarioException, IOException, InterruptedException {
        String kind = s.get("do").asText();
        switch (kind) {
            case "prepare" -> libvirt.prepare();
            case "mark" -> mark();
            case "migrate" -> {
                backend.beforeMigrate(sides.get("src"));
                libvirt.migrate();
            }
            case "wait" -> {
                ScenarioSide p = side(s);
                Set<String> want = statuses(s.get("status"));
                long timeout = s.path("timeout_ms").asLong(DEFAULT_WAIT_MS);
                JsonNode ev = p.qmp().waitEvent(e -> LibvirtDriver.isMigration(e, want), timeout, p.mark());
                if (ev == null) {
                    throw new ScenarioException(p.side() + " did not reach " + want + " within " + timeout + " ms");
                }
                log.note("wait", p.side(), ev.at("/data/status").asText());
            }
            case "wait_event" -> {
                ScenarioSide p = side(s);
                String name = s.path("event").asText();
                long timeout = s.path("timeout_ms").asLong(DEFAULT_WAIT_MS);
                if (p.qmp().waitEvent(e -> name.equals(e.path("event").asText()), timeout, p.mark()) == null) {
                    throw new ScenarioException(p.side() + " emitted no " + name + " event within " + timeout + " ms");
                }
                log.note("wait_event", p.side(), name);
            }
            case "qmp" -> {
                ScenarioSide p = side(s);
                String cmd = s.path("command").asText();
                JsonNode r = p.qmp().execute(cmd, libvirt.substitute(s.get("args"), p.side()));
                QmpReplies.check(p, cmd, r, s.get("expect_error"), log);
                QmpReplies.checkReturn(p, cmd, r, s.get("expect_return"));
            }
            case "fault" -> backend.fault(s, side(s));
            case "hold_image" -> backend.holdImage();
            case "release_image" -> {
                backend.releaseImage();
                log.note("release_image", "runner", "released");
            }
            case "kill" -> {
                ScenarioSide p = side(s);
                log.note("kill", p.side(), backend.kill(p));
            }
            case "start_postcopy" -> libvirt.startPostcopy(s.path("timeout_ms").asLong(DEFAULT_WAIT_MS));
            case "finish" -> libvirt.finish(s.path("timeout_ms").asLong(DEFAULT_WAIT_MS));
            case "stuck" -> stuck(s);
            case "sleep" -> {
                // a delay between two points (a fault some time after a QMP event): timing, not order
                long ms = s.path("ms").asLong(0);
                Thread.sleep(ms);
                log.note("sleep", "runner", ms + " ms");
            }
            case "wait_exit" -> {
                ScenarioSide p = side(s);
                long timeout = s.path("timeout_ms").asLong(DEFAULT_WAIT_MS);
                if (!p.process().waitFor(timeout, TimeUnit.MILLISECONDS)) {
                    throw new ScenarioException(p.side() + " did not exit within " + timeout + " ms");
                }
                log.note("wait_exit", p.side(), "exit " + p.process().exitValue());
            }
            case "quit" -> {
                ScenarioSide p = side(s);
                p.qmp().execute("quit", null);
                p.process().waitFor(10, TimeUnit.SECONDS);
                log.note("quit", p.side(), "exit " + (p.process().isAlive() ? "pending" : p.process().exitValue()));
            }
            default -> backend.extraStep(s, side(s));
        }
    }

    /** C5: the status must hold for {@code ms} while each listed command is refused. */
    private void stuck(JsonNode s) throws ScenarioException, IOException, InterruptedException {
        ScenarioSide p = side(s);
        String want = s.path("status").asText();
        long ms = s.path("ms").asLong(2000);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        JsonNode q = p.qmp().execute("query-migrate", null);
        if (!want.equals(q.at("/return/status").asText())) {
            throw new ScenarioException(p.side() + " is " + q.at("/return/status").asText() + ", not stuck in " + want);
        }
        ObjectNode refused = json.createObjectNode();
        for (JsonNode c : s.path("refused")) {
            JsonNode r = p.qmp().execute(c.asText(), null);
            refused.put(c.asText(), r.has("error") ? r.at("/error/desc").asText() : "ACCEPTED");
        }
        while (System.nanoTime() < deadline) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            p.qmp().waitEvent(e -> false, Math.max(1, Math.min(100, leftMs)));
            q = p.qmp().execute("query-migrate", null);
            if (!want.equals(q.at("/return/status").asText())) {
                throw new ScenarioException(p.side() + " left " + want + " for " + q.at("/return/status").asText());
            }
        }
        ObjectNode o = stuck.putObject(p.side());
        o.put("status", want);
        o.put("held_ms", ms);
        o.set("refused", refused);
        log.note("stuck", p.side(), want + " for " + ms + " ms");
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
