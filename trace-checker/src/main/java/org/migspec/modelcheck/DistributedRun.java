package org.migspec.modelcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One model checked by TLC's distributed engine: a {@code TLCServer} holding the state queue and
 * the fingerprint set, and N {@code TLCWorker} processes computing successors, over RMI on
 * loopback (on many machines the workers get the server's host name instead).  The same cfg is
 * also checked by one ordinary TLC process, and the two distinct-state counts are compared: the
 * distributed engine must find exactly the states the single one finds.
 *
 * <p>TLC's distributed mode checks invariants only (no liveness), so the cfg of both runs keeps
 * the model's invariants and drops its temporal properties; the model should be one that holds,
 * or both runs stop at a violation with counts that depend on the exploration order.
 */
public final class DistributedRun {

    /**
     * @param single      the single-process run's outcome
     * @param singleStats its statistics
     * @param server      the distributed run's outcome
     * @param serverStats its statistics
     */
    public record Result(ModelEntry model, int workers, Outcome single, TlcStats singleStats, double singleSeconds,
                         Outcome server, TlcStats serverStats, double serverSeconds, Path dir) {
        public boolean sameStates() {
            return single.kind() == Outcome.Kind.HOLDS && server.kind() == Outcome.Kind.HOLDS
                    && singleStats.distinct() != null && singleStats.distinct().equals(serverStats.distinct());
        }
    }

    private static final String LOOPBACK = "127.0.0.1";
    /** TLCServer.Port: read by the server and by the workers (TLC 2.18). */
    private static final String PORT_PROPERTY = "tlc2.tool.distributed.TLCServer.port";

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private DistributedRun() {
    }

    public static Result run(ModelEntry base, int workers, Path specDir, String module, Path outDir, Path jar,
                             String source, long timeoutSeconds) throws IOException, InterruptedException {
        ModelEntry m = new ModelEntry(base.name(), false, base.description(), base.constants(), base.invariants(),
                List.of(), base.view(), base.checkDeadlock(), base.specification(), 1, Expected.holds(), null);
        Path dir = outDir.resolve(m.name());
        TlcRun.deleteTree(dir);
        Files.createDirectories(dir);
        ModelRunner.copyModules(specDir, dir);
        Path cfg = dir.resolve(m.name() + ".cfg");
        Files.writeString(cfg, CfgWriter.write(m, source) + "\\* invariants only: TLC's distributed mode has no liveness\n");

        Path singleOut = dir.resolve("single.tlc.out");
        TlcRun.Result single = TlcRun.run(jar, dir, module, cfg.getFileName().toString(), 1, List.of(),
                timeoutSeconds, singleOut);
        TlcToolOutput singleParsed = TlcToolOutput.parse(Files.readString(singleOut));

        Path serverOut = dir.resolve("server.tlc.out");
        long start = System.nanoTime();
        int exit = serverAndWorkers(jar, dir, module, cfg, m.checkDeadlock(), workers, timeoutSeconds,
                serverOut);
        double serverSeconds = (System.nanoTime() - start) / 1e9;
        TlcToolOutput serverParsed = TlcToolOutput.parse(Files.readString(serverOut));
        Outcome serverOutcome = exit < 0 ? Outcome.error("timed out after " + timeoutSeconds + " s (killed)")
                : serverParsed.outcome(exit);
        Outcome singleOutcome = single.timedOut() ? Outcome.error("timed out after " + timeoutSeconds + " s")
                : singleParsed.outcome(single.exitCode());
        return new Result(m, workers, singleOutcome, singleParsed.stats(), single.seconds(), serverOutcome,
                serverParsed.stats(), serverSeconds, dir);
    }

    /** Starts the server, waits until it says it is ready, starts the workers; the server's exit code. */
    private static int serverAndWorkers(Path jar, Path dir, String module, Path cfg, boolean checkDeadlock,
                                        int workers, long timeoutSeconds, Path serverOut) throws IOException, InterruptedException {
        Path tmp = dir.resolve(".tlc-tmp").toAbsolutePath();
        Path meta = dir.resolve(".tlc-meta").toAbsolutePath();
        Files.createDirectories(tmp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a free RMI port instead of TLC's fixed 10997, so that two runs on one machine do not clash
        String port = "-D" + PORT_PROPERTY + "=" + freePort();
        List<String> server = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + tmp, port,
                "-Djava.rmi.server.hostname=" + LOOPBACK, "-cp", jar.toAbsolutePath().toString(),
                "tlc2.tool.distributed.TLCServer", "-tool", "-metadir", meta.toString()));
        // the server ignores the cfg's CHECK_DEADLOCK FALSE: the command-line switch says it
        if (!checkDeadlock) server.add("-deadlock");
        server.addAll(List.of("-config", cfg.getFileName().toString(), module));
        List<Process> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds <= 0 ? 3600 : timeoutSeconds);
        try {
            Process s = new ProcessBuilder(server).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(serverOut.toFile()).start();
            all.add(s);
            while (!Files.readString(serverOut).contains(" is ready")) {
                if (!s.isAlive()) return s.exitValue();
                if (System.nanoTime() > deadline) return -1;
                Thread.sleep(200);
            }
            for (int i = 0; i < workers; i++) {
                Path wtmp = dir.resolve(".tlc-worker-" + i).toAbsolutePath();
                Files.createDirectories(wtmp);
                List<String> worker = List.of(java, "-Djava.io.tmpdir=" + wtmp, port,
                        "-Djava.rmi.server.hostname=" + LOOPBACK, "-cp", jar.toAbsolutePath().toString(),
                        "tlc2.tool.distributed.TLCWorker", LOOPBACK);
                all.add(new ProcessBuilder(worker).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("worker-" + i + ".out").toFile()).start());
            }
            long left = deadline - System.nanoTime();
            if (!s.waitFor(Math.max(left, 1), TimeUnit.NANOSECONDS)) return -1;
            for (Process w : all.subList(1, all.size())) w.waitFor(30, TimeUnit.SECONDS);
            return s.exitValue();
        } finally {
            for (Process p : all) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            TlcRun.deleteTree(tmp);
            TlcRun.deleteTree(meta);
            for (int i = 0; i < workers; i++) TlcRun.deleteTree(dir.resolve(".tlc-worker-" + i));
        }
    }
}
