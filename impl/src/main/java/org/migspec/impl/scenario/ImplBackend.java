package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.migspec.impl.common.Variant;
import org.migspec.impl.fault.FaultInjector;
import org.migspec.impl.fault.FaultKind;

/**
 * The reference implementation as a scenario backend: two {@code migspec src|dst} JVMs on
 * loopback, a 4 KiB image file whose lock is the block activation, faults armed over QMP at the
 * processes' fault points ({@code x-inject-fault}; a crash is a SIGKILL by PID from here, at once
 * for a {@code kill} step, or when a process says it reached the crash point it was armed at),
 * stall points ({@code x-release-stall}), and the guest observed page by page
 * ({@code x-query-guest}).
 */
public final class ImplBackend implements Backend {
    private static final long DEFAULT_WAIT_MS = 20_000;

    private final ObjectMapper json = new ObjectMapper();
    private final Variant variant;
    private final boolean tracing;
    private RunLog log;
    private Scenario sc;
    private Path out;
    private Path image;
    private int port;
    private int recoverPort;
    private FileChannel holderChannel;
    private FileLock holder;

    public ImplBackend(Variant variant) {
        this(variant, true);
    }

    /**
     * {@code tracing} false: the processes run without {@code --trace} (no trace files); faults
     * and stalls work the same, at the same points.
     */
    public ImplBackend(Variant variant, boolean tracing) {
        this.variant = variant;
        this.tracing = tracing;
    }

    @Override
    public String kind() {
        return "impl";
    }

    @Override
    public String describe() {
        return "impl " + variant.cliName();
    }

    /** The implementation has every step, but not every fault: its faults are those of x-inject-fault. */
    @Override
    public String cannot(JsonNode step) {
        if ("fault".equals(step.path("do").asText())) {
            try {
                FaultKind.parse(step.path("fault").asText());
            } catch (IllegalArgumentException e) {
                return "the reference implementation has no fault '" + step.path("fault").asText()
                        + "' (a silent partition needs a network between the processes: the QEMU backend has one)";
            }
        }
        return null;
    }

    @Override
    public void prepare(Scenario sc, Path out, RunLog log) throws IOException {
        this.sc = sc;
        this.out = out;
        this.log = log;
        image = out.resolve("disk.img");
        Files.deleteIfExists(image);
        Files.write(image, new byte[4096]);
        port = freePort();
        recoverPort = freePort();
    }

    @Override
    public Process start(String side, boolean management) throws IOException, ScenarioException, InterruptedException {
        JsonNode g = sc.guest();
        boolean dst = "dst".equals(side);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xss512k");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.migspec.impl.cli.Main");
        cmd.add(side);
        cmd.addAll(List.of("--variant", variant.cliName(), "--qmp", qmpSocket(side).toString()));
        if (tracing) {
            cmd.addAll(List.of("--trace", out.resolve(side + ".trace.ndjson").toString()));
        }
        cmd.addAll(List.of("--image", image.toString(),
                "--ram-pages", String.valueOf(sc.pages()), "--seed", String.valueOf(g.path("seed").asLong(1))));
        JsonNode src = dst ? sc.dst() : g;
        cmd.addAll(List.of("--dirty-pages", String.valueOf(src.path("dirty_pages").asInt(g.path("dirty_pages").asInt(sc.pages()))),
                "--dirty-rate", String.valueOf(src.path("dirty_rate").asLong(g.path("dirty_rate").asLong(20000)))));
        if (dst && !management) {
            cmd.add("--autostart");
        }
        cmd.addAll(List.of("--management", management ? "on" : "off"));
        try {
            return ChildProcess.start(cmd, out.resolve(side + ".log"), 30_000, (proc, line) -> crashPoint(side, proc, line));
        } catch (IOException e) {
            throw new ScenarioException("cannot start the " + side + " process: " + e.getMessage());
        }
    }

    @Override
    public Path qmpSocket(String side) {
        return out.resolve(side + ".qmp");
    }

    @Override
    public String uri(String role, boolean listen) {
        return "tcp:127.0.0.1:" + ("recover".equals(role) ? recoverPort : port);
    }

    /**
     * A thread of {@code side} reached the point where a crash was armed ({@code fault} step with
     * {@code at}): it parked there and said so on stdout; kill the process by PID with SIGKILL at
     * once. The victim traces nothing; the run's log records the kill (the evidence the trace
     * checker uses to assume the crash).
     */
    private void crashPoint(String side, Process proc, String line) {
        if (!line.startsWith(FaultInjector.CRASH_POINT)) {
            return;
        }
        long pid = proc.pid();
        proc.destroyForcibly();
        log.note("kill", side, "SIGKILL pid " + pid + " at its crash point: " + line.substring(FaultInjector.CRASH_POINT.length()));
    }

    /**
     * kill -9 at an arbitrary moment: SIGKILL by PID (Process.destroyForcibly is SIGKILL on
     * Linux), as the QEMU backend does. The victim traces nothing; the step log's {@code kill}
     * entry is the record the trace checker assumes the crash from.
     */
    @Override
    public String kill(ScenarioSide p) throws IOException, InterruptedException {
        long pid = p.process().pid();
        boolean alive = p.process().isAlive();
        p.process().destroyForcibly();
        p.process().waitFor(10, TimeUnit.SECONDS);
        return "SIGKILL pid " + pid + (alive ? "" : " (had exited)") + ", exit "
                + (p.process().isAlive() ? "pending" : p.process().exitValue());
    }

    @Override
    public void fault(JsonNode s, ScenarioSide p) throws ScenarioException, IOException, InterruptedException {
        ObjectNode args = json.createObjectNode();
        args.put("fault", s.path("fault").asText());
        for (String f : List.of("at", "thread")) {
            if (s.has(f)) {
                args.put(f, s.get(f).asText());
            }
        }
        if (s.has("args")) {
            args.set("args", s.get("args"));
        }
        if (s.has("count")) {
            args.put("count", s.get("count").asInt());
        }
        if (s.path("fault").asText().endsWith("-crash") && !s.has("at")) {
            // a crash at once: the kill step's SIGKILL by PID
            log.note("kill", p.side(), kill(p));
            return;
        }
        if ("block-activation-failure".equals(s.path("fault").asText())) {
            holdImage();
        }
        JsonNode r = p.qmp().execute("x-inject-fault", args);
        if (r.has("eof") && s.path("fault").asText().endsWith("-crash")) {
            // a crash armed at an event that comes at once can kill the process before its reply
            log.note("qmp x-inject-fault", p.side(), "process exited (the crash fired)");
            return;
        }
        QmpReplies.check(p, "x-inject-fault", r, null, log);
    }

    /** A third holder (this runner) takes the image's write lock first. */
    @Override
    public void holdImage() throws IOException, ScenarioException {
        if (holder != null) {
            return;
        }
        holderChannel = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        holder = holderChannel.tryLock(0, 1, false);
        if (holder == null) {
            throw new ScenarioException("cannot take the image lock for the third holder: the source still holds it");
        }
        log.note("hold_image", "runner", "locked");
    }

    @Override
    public void releaseImage() {
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

    /** release_stall and wait_stalled: the implementation's stall points. */
    @Override
    public void extraStep(JsonNode s, ScenarioSide p) throws ScenarioException, IOException, InterruptedException {
        ObjectNode a = s.has("thread") ? json.createObjectNode().put("thread", s.get("thread").asText()) : null;
        switch (s.get("do").asText()) {
            case "release_stall" -> {
                waitStalled(p, a, 1);
                QmpReplies.check(p, "x-release-stall", p.qmp().execute("x-release-stall", a), null, log);
                log.note("release_stall", p.side(), "released" + (a == null ? "" : " " + a));
            }
            case "wait_stalled" -> {
                waitStalled(p, a, s.path("count").asInt(1));
                log.note("wait_stalled", p.side(), "parked");
            }
            default -> throw new ScenarioException("the implementation has no step " + s.get("do").asText());
        }
    }

    /** Waits (bounded) until {@code count} threads (with the given name, if any) are parked at stall points. */
    private void waitStalled(ScenarioSide p, ObjectNode args, int count) throws ScenarioException, IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + DEFAULT_WAIT_MS;
        while (true) {
            JsonNode g = p.qmp().execute("x-query-stall", args);
            if (g.at("/return/stalled").asInt(0) >= count) {
                return;
            }
            if (System.currentTimeMillis() > deadline || p.qmp().eof()) {
                throw new ScenarioException(p.side() + ": no thread reached its stall point");
            }
            p.qmp().waitEvent(e -> false, 5);
        }
    }

    /** x-query-guest on each live side: pages against the source's switchover record. */
    @Override
    public GuestFate.Side[] observe(List<ScenarioSide> sides, ObjectNode result) throws IOException, InterruptedException {
        JsonNode srcGuest = null;
        JsonNode dstGuest = null;
        for (ScenarioSide p : sides) {
            ObjectNode r = (ObjectNode) result.get(p.side());
            if (!r.path("alive").asBoolean() || !r.has("query_migrate")) {
                continue;
            }
            JsonNode g = p.qmp().execute("x-query-guest", null, 10_000).path("return");
            r.put("vm_starts", g.path("vm-starts").asLong());
            if ("src".equals(p.side())) {
                srcGuest = g;
            } else {
                dstGuest = g;
            }
        }
        JsonNode record = srcGuest == null ? null : srcGuest.get("switchover-record");
        Map<String, Object> srcCheck = GuestVerdict.checkSrc(srcGuest);
        Map<String, Object> dstCheck = GuestVerdict.checkDst(dstGuest, record);
        ((ObjectNode) result.get("src")).set("integrity", json.valueToTree(srcCheck));
        ((ObjectNode) result.get("dst")).set("integrity", json.valueToTree(dstCheck));
        ScenarioSide src = sides.get(0);
        ScenarioSide dst = sides.get(1);
        boolean srcResumed = srcGuest != null ? srcGuest.path("vm-starts").asLong() > 0 && srcGuest.has("switchover-record")
                : src.sawEvent("RESUME");
        boolean dstRan = dstGuest != null ? dstGuest.path("vm-starts").asLong() > 0 : dst.sawEvent("RESUME");
        return new GuestFate.Side[] {
            side(srcGuest, result.at("/src/status").asText(), srcResumed, false, false),
            side(dstGuest, result.at("/dst/status").asText(), dstRan,
                    Boolean.TRUE.equals(dstCheck.get("complete")), Boolean.TRUE.equals(dstCheck.get("ok")))
        };
    }

    private static GuestFate.Side side(JsonNode g, String status, boolean ran, boolean complete, boolean partial) {
        if (g == null) {
            return GuestFate.Side.gone(ran);
        }
        return new GuestFate.Side(true, status, "running".equals(g.path("runstate").asText()), ran, complete, partial);
    }

    @Override
    public void close() {
        releaseImage();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
