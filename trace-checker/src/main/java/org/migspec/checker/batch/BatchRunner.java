package org.migspec.checker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import org.migspec.checker.cli.BadInput;
import org.migspec.checker.cli.CheckOptions;
import org.migspec.checker.cli.Main;
import org.migspec.checker.cli.PreparedRun;
import org.migspec.checker.cli.RunChecker;
import org.migspec.checker.cli.RunSpec;
import org.migspec.checker.cli.Runs;
import org.migspec.checker.coverage.TlcReachable;
import org.migspec.checker.report.Coverage;
import org.migspec.checker.report.Json;
import org.migspec.checker.report.JsonReport;
import org.migspec.checker.report.JunitReport;
import org.migspec.checker.report.RunOutcome;
import org.migspec.checker.report.RunRecord;
import org.migspec.checker.spec.TraceConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code --batch DIR}: every run under DIR, grouped by spec configuration (TLC holds one
 * per JVM).  The costliest group is checked in this JVM, the others each in a child JVM
 * ({@link BatchWorker}, same classpath, JSON over stdout); within a group runs are checked
 * in parallel threads sharing the loaded spec.  Prints per-run verdicts, then what the
 * accepted runs cover together.  Exit code: the worst of the runs' (0 < 1 < 2 < 3).
 */
public final class BatchRunner {
    private final Path specDir;
    private final CheckOptions opt;
    private final int jobs;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;

    public BatchRunner(Path specDir, CheckOptions opt, int jobs, PrintStream out, PrintStream err, boolean quiet) {
        this.specDir = specDir;
        this.opt = opt;
        this.jobs = jobs;
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    /** Result of a batch, for the command and the benchmark. */
    public record Result(List<RunRecord> runs, Coverage coverage, double seconds, int groups) {
        public int exitCode() {
            return RunRecord.worstExit(runs);
        }
    }

    public int run(Path dir, Path json, Path junit) throws BadInput {
        Result r = check(RunDiscovery.find(dir), dir.toString());
        if (json != null) {
            writeFile(json, Json.write(JsonReport.document(r.runs(), r.coverage().json())) + "\n");
        }
        if (junit != null) writeFile(junit, JunitReport.render(r.runs(), r.seconds()));
        return r.exitCode();
    }

    private static void writeFile(Path file, String content) throws BadInput {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInput(file + ": cannot write: " + e.getMessage());
        }
    }

    /** Checks {@code runs}, prints verdicts and coverage. */
    public Result check(List<RunSpec> runs, String label) {
        long t0 = System.nanoTime();
        List<RunRecord> records = Collections.synchronizedList(new ArrayList<>());
        Map<String, TlcReachable> reachable = new java.util.concurrent.ConcurrentSkipListMap<>();
        java.util.function.Consumer<TlcReachable> reach = GroupChecker.tlcCoverage() ? r -> reachable.put(r.model(), r) : null;
        Map<String, List<RunSpec>> groups = new LinkedHashMap<>();
        Map<String, TraceConfig> configs = new LinkedHashMap<>();
        for (RunSpec r : runs) {
            try (PreparedRun p = Runs.prepare(r, opt)) {
                groups.computeIfAbsent(p.config().key(), k -> new ArrayList<>()).add(r);
                configs.put(p.config().key(), p.config());
            } catch (BadInput e) {
                records.add(RunRecord.of(RunOutcome.badInput(r.name(), RunChecker.logNames(r), e.getMessage()), null, 0));
            }
        }
        // The costliest group (by log size, a proxy for the search) in this JVM, the others in
        // child JVMs started first; within a group the costliest runs first.
        Map<String, Long> cost = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunSpec>> g : groups.entrySet()) {
            g.getValue().sort(Comparator.comparingLong((RunSpec r) -> -size(r)).thenComparing(RunSpec::name));
            long c = 0;
            for (RunSpec r : g.getValue()) c += size(r);
            cost.put(g.getKey(), c);
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        keys.sort(Comparator.comparingLong((String k) -> -cost.get(k)).thenComparing(k -> k));
        if (!quiet) {
            List<String> gs = new ArrayList<>();
            for (String k : keys) gs.add(k + " " + groups.get(k).size());
            out.printf(Locale.ROOT, "Checking %d runs under %s: %d spec configurations (%s), %d jobs%n", runs.size(), label,
                    keys.size(), String.join(", ", gs), jobs);
        }
        ExecutorService children = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, Math.max(1, keys.size() - 1))));
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 1; i < keys.size(); i++) {
            String k = keys.get(i);
            fs.add(children.submit(() -> child(configs.get(k), groups.get(k), records::add, reach)));
        }
        if (!keys.isEmpty()) {
            String k = keys.get(0);
            GroupChecker.check(specDir, configs.get(k), opt, groups.get(k), jobs, records::add, reach, err);
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (Exception e) {
                err.println("migspec check: a batch worker failed: " + Main.oneLine(e));
            }
        }
        children.shutdownNow();
        double secs = (System.nanoTime() - t0) / 1e9;
        List<RunRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(RunRecord::name));
        Coverage cov = Coverage.of(sorted, reach == null ? null : reachable);
        print(sorted, cov, secs);
        return new Result(sorted, cov, secs, keys.size());
    }

    private static long size(RunSpec r) {
        long n = 0;
        for (org.migspec.checker.cli.LogRef l : r.logs()) {
            try {
                if (org.migspec.checker.input.ThreadLogPattern.isPattern(l.path())) {
                    for (Path f : org.migspec.checker.input.ThreadLogPattern.files(l.path()).values()) n += Files.size(f);
                } else {
                    n += Files.size(l.path());
                }
            } catch (IOException | org.migspec.checker.input.TraceInputException e) {
                // unreadable: its check reports it
            }
        }
        return n;
    }

    private void print(List<RunRecord> recs, Coverage cov, double secs) {
        int[] count = new int[5];
        int width = 10;
        for (RunRecord r : recs) width = Math.max(width, r.name().length());
        for (RunRecord r : recs) {
            int k = switch (r.verdict()) {
                case "accepted" -> 0;
                case "rejected" -> 1;
                case "undecided" -> 2;
                case "bad-input" -> 3;
                default -> 4;
            };
            count[k]++;
            if (quiet) continue;
            String detail = r.exitCode() == 0 ? String.format(Locale.ROOT, "%-22s %6d events  %6.2f s", r.configKey(), r.events(),
                    r.searchNanos() / 1e9) : r.reason();
            out.printf(Locale.ROOT, "  %-9s %-" + width + "s  %s%n", r.verdict().toUpperCase(Locale.ROOT), r.name(), detail);
        }
        out.printf(Locale.ROOT, "%d runs: %d accepted, %d rejected, %d undecided, %d bad input, %d internal errors; "
                        + "%.1f s, %.2f runs/s%n", recs.size(), count[0], count[1], count[2], count[3], count[4], secs,
                secs == 0 ? 0 : recs.size() / secs);
        if (!quiet) out.print(cov.text());
    }

    /** Runs a group in a child JVM. */
    private void child(TraceConfig config, List<RunSpec> runs, java.util.function.Consumer<RunRecord> sink,
                       java.util.function.Consumer<TlcReachable> reach) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xss") || a.startsWith("-XX:+Use") && a.endsWith("GC")
                    || a.startsWith("-Dmigspec.")) {
                cmd.add(a);
            }
        }
        cmd.add("-Dmigspec.tlcCoverage=" + GroupChecker.tlcCoverage());   // set by --tlc-coverage too
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BatchWorker.class.getName());
        java.util.Set<String> done = Collections.synchronizedSet(new java.util.HashSet<>());
        StringBuilder stderr = new StringBuilder();
        int exit;
        try {
            Process p = new ProcessBuilder(cmd).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(WorkerProtocol.line(WorkerProtocol.request(specDir, config, opt, runs,
                        Math.min(jobs, runs.size()))).getBytes(StandardCharsets.UTF_8));
            }
            Thread errReader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        synchronized (stderr) {
                            if (stderr.length() < 20_000) stderr.append(l).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
            errReader.setDaemon(true);
            errReader.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (l.startsWith(WorkerProtocol.REACHABLE) && reach != null) {
                        reach.accept(TlcReachable.fromJson(WorkerProtocol.JSON.readTree(
                                l.substring(WorkerProtocol.REACHABLE.length()))));
                        continue;
                    }
                    if (!l.startsWith(WorkerProtocol.RUN)) continue;
                    JsonNode w = WorkerProtocol.JSON.readTree(l.substring(WorkerProtocol.RUN.length()));
                    RunRecord rec = RunRecord.fromWire(w);
                    done.add(rec.name());
                    sink.accept(rec);
                }
            }
            exit = p.waitFor();
            errReader.join(2000);
        } catch (IOException e) {
            exit = -1;
            stderr.append(Main.oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        String last;
        synchronized (stderr) {
            List<String> ls = stderr.toString().lines().filter(s -> !s.isBlank()).toList();
            last = ls.isEmpty() ? "" : ls.get(ls.size() - 1);
        }
        for (RunSpec r : runs) {
            if (done.contains(r.name())) continue;
            sink.accept(RunRecord.failed(r.name(), "internal-error", 3, "the batch worker for " + config.key()
                    + " exited with " + exit + " before checking this run" + (last.isEmpty() ? "" : ": " + last)));
        }
    }
}
