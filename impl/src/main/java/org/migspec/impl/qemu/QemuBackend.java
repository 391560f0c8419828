package org.migspec.impl.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.migspec.impl.scenario.Backend;
import org.migspec.impl.scenario.GuestFate;
import org.migspec.impl.scenario.RunLog;
import org.migspec.impl.scenario.Scenario;
import org.migspec.impl.scenario.ScenarioException;
import org.migspec.impl.scenario.ScenarioSide;

/**
 * Real QEMU as a scenario backend: two QEMU processes (TCG, q35, 64 MiB, the project's own
 * {@link GuestKernel}) on loopback, QMP on unix sockets, QEMU's {@code log} trace backend with
 * {@code -msg timestamp=on}, one log file per thread by default ({@code -d tid}) with the thread
 * names beside them. The source reaches the destination through a {@link TcpProxy}. Faults are
 * made as an operator or a failure makes them: SIGKILL by PID, the proxy breaking or partitioning
 * the network, a device the destination lacks ({@code -device i6300esb} on the source only: its
 * section fails to load on the destination), and a third process (this harness) holding the disk
 * image's lock so that no QEMU can take the image's write permission.
 *
 * <p>QEMU's files live in a work folder under /tmp (the 11.1 chroot sees the host's /tmp only)
 * and are copied into the run folder at the end.
 */
public final class QemuBackend implements Backend {
    /** QEMU's file-posix locks: byte 200 + i held means "I do not share permission bit i"; write is bit 1. */
    private static final long LOCK_UNSHARE_WRITE = 201;
    private static final int DELAY = 200_000;
    private boolean guestDirties;
    /** How long the source's guest may take to finish its first loop (TCG, a loaded machine). */
    private static final long GUEST_WARMUP_MS = 20_000;
    private static final Set<String> FAULTS = Set.of("dst-crash", "src-crash", "channel-break", "partition", "heal",
            "device-load-failure", "block-activation-failure");
    private static final Set<String> STEPS = Set.of("prepare", "migrate", "wait", "wait_event", "qmp", "fault",
            "hold_image", "release_image", "kill", "start_postcopy", "finish", "stuck", "quit", "wait_exit", "mark", "sleep");

    private final QemuBinary bin;
    private final boolean perThreadLogs;
    private final Map<String, List<String>> cmdlines = new LinkedHashMap<>();
    private final Map<String, ThreadNames> threads = new LinkedHashMap<>();
    private RunLog log;
    private Path out;
    private Path work;
    private Path guest;
    private Path events;
    private Path image;
    private boolean extraDevice;
    private TcpProxy proxy;
    private TcpProxy recoverProxy;
    private int dstPort;
    private int recoverPort;
    private FileChannel lockChannel;
    private FileLock lock;

    public QemuBackend(QemuBinary bin, boolean perThreadLogs) {
        this.bin = bin;
        this.perThreadLogs = perThreadLogs;
    }

    @Override
    public String kind() {
        return "qemu";
    }

    @Override
    public String describe() {
        return bin.describe();
    }

    @Override
    public String cannot(JsonNode step) {
        String kind = step.path("do").asText();
        if (Set.of("release_stall", "wait_stalled").contains(kind)) {
            return "stall points exist only in the reference implementation";
        }
        if (!STEPS.contains(kind)) {
            return "no such step for QEMU";
        }
        if ("qmp".equals(kind) && step.path("command").asText().startsWith("x-")) {
            return "QEMU has no " + step.path("command").asText() + " (a command of the reference implementation)";
        }
        if ("fault".equals(kind)) {
            String f = step.path("fault").asText();
            if ("stall".equals(f)) {
                return "stall points exist only in the reference implementation";
            }
            if (!FAULTS.contains(f)) {
                return "QEMU cannot be given the fault '" + f + "' (it can: " + FAULTS + ")";
            }
            if (step.has("at") || step.has("thread")) {
                return "QEMU has no fault point at a trace event ('at': " + step.path("at") + "): put a wait on a QMP"
                        + " event before the fault step instead";
            }
            if ("device-load-failure".equals(f) && !"dst".equals(step.path("side").asText())) {
                return "device-load-failure is the destination's (side dst)";
            }
        }
        return null;
    }

    /**
     * Waits until the source's guest finished one whole loop (its counter is 2 or more: every
     * dirty page written once), so that precopy has pages to resend. A qemu-smoke run on
     * 2026-12-08 migrated QEMU 7.2 5 ms after its first QMP command: the vCPU had written
     * nothing yet, the all-zero RAM converged in 5 ms and migrate-start-postcopy came too late.
     * Only when the guest dirties pages and the source runs (a stopped source would never count).
     */
    @Override
    public void beforeMigrate(ScenarioSide src) throws ScenarioException, IOException, InterruptedException {
        if (!guestDirties || src == null) {
            return;
        }
        JsonNode status = src.qmp().execute("query-status", null, 5_000);
        if (!"running".equals(status.at("/return/status").asText())) {
            return;
        }
        long deadline = System.currentTimeMillis() + GUEST_WARMUP_MS;
        while (true) {
            Long c = QemuGuestObserver.counter(src);
            if (c != null && c >= 2) {
                log.note("guest", "src", "counter " + c + " before migrate");
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new ScenarioException("the source's guest did not finish a loop within " + GUEST_WARMUP_MS
                        + " ms (counter " + c + ")");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void prepare(Scenario sc, Path out, RunLog log) throws IOException, ScenarioException {
        this.out = out;
        this.log = log;
        work = Files.createTempDirectory(Path.of("/tmp"), "migspec-qemu-");
        JsonNode g = sc.guest();
        int dirty = g.path("dirty_pages").asInt(2048);
        GuestKernel kernel = new GuestKernel(g.path("dirty_rate").asLong(20000) == 0 ? 0 : dirty, DELAY);
        guestDirties = kernel.dirtyPages() > 0;
        guest = kernel.write(work);
        events = work.resolve("trace-events.txt");
        String list = Integer.parseInt(bin.version().split("\\.")[0]) >= 10 ? "trace-events-10.txt" : "trace-events-7.txt";
        try (InputStream in = QemuBackend.class.getResourceAsStream("/qemu/" + list)) {
            Files.copy(in, events, StandardCopyOption.REPLACE_EXISTING);
        }
        extraDevice = uses(sc.steps(), "device-load-failure");
        if (uses(sc.steps(), "block-activation-failure") || uses(sc.steps(), "hold_image")) {
            image = work.resolve("disk.qcow2");
            run(bin.imgCommand(List.of("create", "-q", "-f", "qcow2", image.toString(), "16M")), "qemu-img create");
        }
        dstPort = freePort();
        recoverPort = freePort();
        proxy = new TcpProxy(dstPort);
        recoverProxy = new TcpProxy(recoverPort);
    }

    /** Whether any step (also inside a repeat) is this fault or this step kind. */
    private static boolean uses(Iterable<JsonNode> steps, String what) {
        for (JsonNode s : steps) {
            if (what.equals(s.path("do").asText()) || what.equals(s.path("fault").asText())
                    || (s.has("steps") && uses(s.get("steps"), what))) {
                return true;
            }
        }
        return false;
    }

    private void run(List<String> cmd, String what) throws IOException, ScenarioException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ScenarioException(what + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ScenarioException(what + " interrupted");
        }
        if (p.exitValue() != 0) {
            throw new ScenarioException(what + " failed (exit " + p.exitValue() + "): "
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public Path qmpSocket(String side) {
        return work.resolve(side + ".qmp");
    }

    @Override
    public Process start(String side, boolean management) throws IOException, ScenarioException, InterruptedException {
        boolean dst = "dst".equals(side);
        List<String> args = new ArrayList<>(List.of("-name", side + ",debug-threads=on", "-machine", "q35,accel=tcg",
                "-cpu", "qemu64", "-m", "64", "-nodefaults", "-display", "none", "-no-user-config",
                "-kernel", guest.toString(), "-qmp", "unix:" + qmpSocket(side) + ",server=on,wait=off",
                "-trace", "events=" + events, "-msg", "timestamp=on"));
        if (perThreadLogs) {
            args.addAll(List.of("-d", "tid", "-D", work.resolve(side + ".trace.%d.log").toString()));
        } else {
            args.addAll(List.of("-D", work.resolve(side + ".trace.log").toString()));
        }
        if (image != null) {
            args.addAll(List.of("-drive", "file=" + image + ",format=qcow2,if=none,id=disk0",
                    "-device", "virtio-blk-pci,drive=disk0"));
        }
        if (!dst && extraDevice) {
            // a device the destination lacks: its section fails to load there (in postcopy: inside the package)
            args.addAll(List.of("-device", "i6300esb"));
        }
        if (dst) {
            args.addAll(List.of("-incoming", "defer"));
            if (management) {
                args.add("-S");
            }
        }
        List<String> cmd = bin.command(args);
        cmdlines.put(side, cmd);
        Path stderr = work.resolve(side + ".stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(stderr.toFile()).start();
        p.getOutputStream().close();
        long deadline = System.currentTimeMillis() + 15_000;
        while (!Files.exists(qmpSocket(side))) {
            if (!p.isAlive()) {
                throw new ScenarioException("QEMU (" + side + ") exited " + p.exitValue() + " at start: "
                        + firstLine(Files.readString(stderr)));
            }
            if (System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                throw new ScenarioException("QEMU (" + side + ") opened no QMP socket within 15 s");
            }
            Thread.sleep(10);
        }
        threads.put(side, new ThreadNames(p.pid()));
        return p;
    }

    @Override
    public String uri(String role, boolean listen) {
        boolean recover = "recover".equals(role);
        int port = listen ? (recover ? recoverPort : dstPort) : (recover ? recoverProxy : proxy).port();
        return "tcp:127.0.0.1:" + port;
    }

    @Override
    public void fault(JsonNode step, ScenarioSide p) throws ScenarioException, IOException, InterruptedException {
        String f = step.path("fault").asText();
        switch (f) {
            case "dst-crash", "src-crash" -> log.note("kill", p.side(), kill(p));
            case "channel-break" -> {
                proxy.breakAll();
                recoverProxy.breakAll();
                log.note("fault channel-break", "network", "proxy closed both ends of every connection");
            }
            case "partition" -> {
                proxy.partition();
                recoverProxy.partition();
                log.note("fault partition", "network", "proxy stopped forwarding, sockets kept open");
            }
            case "heal" -> {
                proxy.heal();
                recoverProxy.heal();
                log.note("fault heal", "network", "proxy forwards again");
            }
            case "device-load-failure" -> log.note("fault device-load-failure", "dst",
                    "the source runs -device i6300esb, the destination lacks it (set at start)");
            case "block-activation-failure" -> holdImage();
            default -> throw new ScenarioException("QEMU cannot be given the fault '" + f + "'");
        }
    }

    /** SIGKILL by PID (Process.destroyForcibly is SIGKILL on Linux): QEMU gets no chance to log or clean up. */
    @Override
    public String kill(ScenarioSide p) throws InterruptedException {
        long pid = p.process().pid();
        p.process().destroyForcibly();
        p.process().waitFor(10, TimeUnit.SECONDS);
        return "SIGKILL pid " + pid + ", exit " + (p.process().isAlive() ? "pending" : p.process().exitValue());
    }

    /** This harness takes a shared lock on the byte that says "write is not shared": no QEMU gets write permission. */
    @Override
    public void holdImage() throws IOException, ScenarioException {
        if (lock != null) {
            return;
        }
        if (image == null) {
            throw new ScenarioException("the run has no disk image to hold");
        }
        lockChannel = FileChannel.open(image, StandardOpenOption.READ);
        lock = lockChannel.tryLock(LOCK_UNSHARE_WRITE, 1, true);
        if (lock == null) {
            throw new ScenarioException("cannot take the image lock for the third holder");
        }
        log.note("hold_image", "runner", "shared lock on byte " + LOCK_UNSHARE_WRITE + " of " + image.getFileName()
                + ": no process can take the image's write permission");
    }

    @Override
    public void releaseImage() {
        try {
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the lock goes with the channel
        }
        lock = null;
        lockChannel = null;
    }

    @Override
    public void extraStep(JsonNode step, ScenarioSide p) throws ScenarioException {
        throw new ScenarioException("QEMU cannot run step " + step.path("do").asText());
    }

    /** What the guest did on each side: {@link QemuGuestObserver}. */
    @Override
    public GuestFate.Side[] observe(List<ScenarioSide> sides, ObjectNode result) throws IOException, InterruptedException {
        ObjectNode q = result.putObject("qemu");
        q.put("version", bin.version());
        q.put("binary", String.join(" ", bin.command(List.of())));
        q.put("per_thread_logs", perThreadLogs);
        q.put("guest_dirty_pages", Files.exists(guest) ? guest.getFileName().toString() : "");
        return QemuGuestObserver.observe(sides, result);
    }

    @Override
    public void close() {
        threads.values().forEach(ThreadNames::close);
        if (proxy != null) {
            proxy.close();
            recoverProxy.close();
        }
        releaseImage();
        if (work == null) {
            return;
        }
        try {
            for (Map.Entry<String, ThreadNames> t : threads.entrySet()) {
                t.getValue().write(out.resolve(t.getKey() + ".threads.json"));
            }
            StringBuilder sb = new StringBuilder("# " + bin.versionLine() + "\n");
            cmdlines.forEach((side, cmd) -> sb.append("# ").append(side).append('\n').append(String.join(" ", cmd)).append('\n'));
            Files.writeString(out.resolve("cmdlines.txt"), sb.toString());
            try (Stream<Path> files = Files.list(work)) {
                for (Path f : files.toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".log") || n.endsWith(".txt")) {
                        Files.copy(f, out.resolve(n), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try (Stream<Path> files = Files.walk(work)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            log.note("close", "runner", "could not move QEMU's files from " + work + ": " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return t.isEmpty() ? "(no output)" : nl < 0 ? t : t.substring(0, nl);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
