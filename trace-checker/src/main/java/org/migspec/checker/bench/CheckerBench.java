package org.migspec.checker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.migspec.checker.batch.RunDiscovery;
import org.migspec.checker.cli.BadInput;
import org.migspec.checker.cli.CheckOptions;
import org.migspec.checker.cli.LogRef;
import org.migspec.checker.cli.Main;
import org.migspec.checker.cli.PreparedRun;
import org.migspec.checker.cli.RunSpec;
import org.migspec.checker.cli.Runs;
import org.migspec.checker.cli.SpecDirs;
import org.migspec.checker.input.Side;
import org.migspec.checker.search.SearchResult;
import org.migspec.checker.search.TraceSearch;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.modelcheck.TlcJar;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code make bench}: the trace checker's speed, measured side by side in one run.
 * <ol>
 *   <li>Every real run of the repository ({@code qemu-runs/}, or {@code --real DIR}): per run the
 *       mapped events, search nodes, search time, mapped events per second, verdict and peak
 *       heap, one child JVM per spec configuration (the spec loaded once in it, the runs checked
 *       one after another); and copies of the long per-thread runs merged into one file per
 *       process by timestamp (no thread ids, as QEMU writes without {@code -d tid}).</li>
 *   <li>One long trace from the implementation (100,000+ events; generated with
 *       {@code ./migspec run impl/scenarios/long-pause-recover.json} unless given): events per
 *       second, total and mapped, and the peak heap, in a child JVM with a small heap.</li>
 *   <li>Runs per second on a directory of runs (default: the shared real QEMU runs): batch
 *       mode ({@code ./migspec check --batch}, one process, wall time) against the per-trace
 *       TLC process approach of CCF and etcd ({@link TlcTraceSpec}: a generated trace spec,
 *       one {@code tlc2.TLC} process per run, BFS, the same parallelism).</li>
 * </ol>
 * Usage: {@code CheckerBench [--real DIR] [--merge-heap SIZE] [--skip-real] [--skip-merged]
 * [--long-trace SRC DST | --long-trace RUN_DIR] [--runs DIR]
 * [--jobs N] [--tlc-timeout SECONDS] [--long-heap SIZE] [--pad-gb GB] [--skip-long] [--skip-runs]}.
 */
public final class CheckerBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path specDir;
    private Path repo;
    private List<Path> longTrace = new ArrayList<>();
    private Path runsDir;
    private boolean runsGiven;
    private int jobs = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private int tlcTimeout = 90;
    private String longHeap = "256m";
    private boolean skipLong;
    private double padGb;
    private boolean skipRuns;
    private Path realDir;
    private boolean skipReal;
    private boolean skipMerged;
    private String realHeap = "2g";
    private String mergedHeap = "8g";

    private CheckerBench() {
    }

    public static void main(String[] args) throws Exception {
        org.migspec.checker.cli.PrivateTmp.install();
        if (args.length > 0 && args[0].equals("--measure-runs")) {
            measureRuns(Path.of(args[1]), Path.of(args[2]), List.of(args).subList(3, args.length));
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("--measure-long")) {
            measureLong(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            System.exit(0);
        }
        CheckerBench b = new CheckerBench();
        try {
            b.parse(args);
            b.run();
        } catch (BadInput e) {
            System.err.println("checker-bench: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    private void parse(String[] a) throws BadInput {
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--long-trace" -> {
                    longTrace.add(Path.of(a[++i]));
                    if (i + 1 < a.length && !a[i + 1].startsWith("--")) longTrace.add(Path.of(a[++i]));
                }
                case "--runs" -> {
                    runsDir = Path.of(a[++i]);
                    runsGiven = true;
                }
                case "--jobs" -> jobs = Integer.parseInt(a[++i]);
                case "--tlc-timeout" -> tlcTimeout = Integer.parseInt(a[++i]);
                case "--long-heap" -> longHeap = a[++i];
                case "--spec-dir" -> specDir = Path.of(a[++i]);
                case "--skip-long" -> skipLong = true;
                case "--pad-gb" -> padGb = Double.parseDouble(a[++i]);
                case "--skip-runs" -> skipRuns = true;
                case "--real" -> realDir = Path.of(a[++i]);
                case "--skip-real" -> skipReal = true;
                case "--skip-merged" -> skipMerged = true;
                case "--real-heap" -> realHeap = a[++i];
                case "--merged-heap" -> mergedHeap = a[++i];
                default -> throw new BadInput("unknown argument " + a[i]);
            }
        }
        specDir = SpecDirs.resolve(specDir).toAbsolutePath();
        repo = specDir.getParent();
        if (realDir == null) realDir = repo.resolve("qemu-runs");
        if (runsDir == null) runsDir = realDir;
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "MigSpec trace checker benchmark (%d cores, %d jobs, Java %s)%n",
                Runtime.getRuntime().availableProcessors(), jobs, System.getProperty("java.version"));
        System.out.println();
        if (!skipReal) realRunsBench();
        if (!skipLong) longTraceBench();
        if (!skipRuns) runsBench();
    }

    // ---------------------------------------------------------------- (r) every real run

    /** The runs under {@code dir}, or null after printing why there are none. */
    private static List<RunSpec> discover(Path dir) {
        try {
            return RunDiscovery.find(dir);
        } catch (BadInput e) {
            System.out.println("  skipped: " + e.getMessage());
            return null;
        }
    }

    /** One run as measured in a child JVM. */
    private record RunMeasure(String name, String verdict, long mapped, long events, long nodes, long searchNanos,
                              long cpuNanos, long peakHeapBytes, String config, String error) {
        double mappedPerSecond() {
            return searchNanos <= 0 ? 0 : mapped / (searchNanos / 1e9);
        }
    }

    private void realRunsBench() throws Exception {
        System.out.println("(r) Every real run of the repository, and the long ones without thread ids");
        List<RunSpec> runs = discover(realDir);
        if (runs == null) return;
        System.out.printf(Locale.ROOT, "  runs: %d under %s; one child JVM per spec configuration (-Xmx%s), "
                + "runs checked one at a time, default bounds%n", runs.size(), realDir, realHeap);
        System.out.println("  search s: wall time of the search (a run's first in its JVM includes the JIT's warm-up); cpu s: "
                + "the search thread's CPU time (their gap is the machine's load); mapped ev/s: mapped events / search s"
                + (Integer.getInteger("migspec.bench.repeat", 1) > 1 ? "; each run checked " + Integer.getInteger("migspec.bench.repeat")
                + " times, the fastest kept" : ""));
        List<RunMeasure> all = measureGroups(realDir, runs, realHeap, 1800);
        printRuns(all);
        if (!skipMerged) {
            // the long per-thread runs as QEMU writes them without -d tid: one file per process
            Path tmp = Files.createTempDirectory("migspec-bench-merged");
            try {
                List<String> made = new ArrayList<>();
                for (RunSpec r : runs) {
                    if (!r.name().contains("long-") || r.logs().isEmpty()
                            || !r.logs().get(0).path().getFileName().toString().contains("%d")) continue;
                    Path from = r.logs().get(0).path().getParent();
                    Path to = tmp.resolve(r.name().replace('/', '_') + "-merged");
                    MergedLogs.write(from, to);
                    made.add(to.getFileName().toString());
                }
                if (!made.isEmpty()) {
                    System.out.printf(Locale.ROOT, "  merged: %s, each side's per-thread files merged into one file by "
                            + "timestamp (then thread id): ISO lines (10.x/11.x) then carry no thread id, 7.2's TID@ lines keep theirs (-Xmx%s)%n", String.join(", ", made), mergedHeap);
                    List<RunMeasure> merged = measureGroups(tmp, RunDiscovery.find(tmp), mergedHeap, 1800);
                    printRuns(merged);
                }
            } finally {
                deleteTree(tmp);
            }
        }
        System.out.println();
    }

    private void printRuns(List<RunMeasure> all) {
        int width = 10;
        for (RunMeasure m : all) width = Math.max(width, m.name().length());
        System.out.printf(Locale.ROOT, "  %-" + width + "s %7s %10s %9s %7s %11s %-10s %9s%n", "run", "mapped", "nodes",
                "search s", "cpu s", "mapped ev/s", "verdict", "peak heap");
        int under2 = 0;
        long mapped = 0, nanos = 0;
        RunMeasure slowest = null;
        for (RunMeasure m : all) {
            if (m.error() != null) {
                System.out.printf(Locale.ROOT, "  %-" + width + "s failed: %s%n", m.name(), m.error());
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-" + width + "s %,7d %,10d %9.2f %7.2f %,11.0f %-10s %6.0f MB%n", m.name(), m.mapped(),
                    m.nodes(), m.searchNanos() / 1e9, m.cpuNanos() / 1e9, m.mappedPerSecond(), m.verdict(), m.peakHeapBytes() / 1e6);
            if (m.searchNanos() < 2_000_000_000L) under2++;
            mapped += m.mapped();
            nanos += m.searchNanos();
            if (slowest == null || m.searchNanos() > slowest.searchNanos()) slowest = m;
        }
        if (slowest != null) {
            System.out.printf(Locale.ROOT, "  %d of %d runs checked in under 2 s of search (target: all); slowest %s %.2f s; "
                    + "all together %,d mapped events in %.1f s = %,.0f mapped events/s%n", under2, all.size(),
                    slowest.name(), slowest.searchNanos() / 1e9, mapped, nanos / 1e9, mapped / (nanos / 1e9));
        }
    }

    /** Groups the runs by spec configuration and measures each group in a child JVM. */
    private List<RunMeasure> measureGroups(Path root, List<RunSpec> runs, String heap, int timeoutSecs) throws Exception {
        Map<String, List<String>> groups = new java.util.TreeMap<>();
        List<RunMeasure> out = new ArrayList<>();
        for (RunSpec r : runs) {
            try (PreparedRun p = Runs.prepare(r, CheckOptions.defaults())) {
                groups.computeIfAbsent(p.config().key(), k -> new ArrayList<>()).add(r.name());
            } catch (BadInput e) {
                out.add(new RunMeasure(r.name(), "bad-input", 0, 0, 0, 0, 0, 0, null, e.getMessage()));
            }
        }
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            List<String> cmd = javaCmd("-Xmx" + heap, "-Dmigspec.bench.repeat=" + Integer.getInteger("migspec.bench.repeat", 1));
            cmd.addAll(List.of(CheckerBench.class.getName(), "--measure-runs", specDir.toString(), root.toString()));
            cmd.addAll(g.getValue());
            Proc p = exec(cmd, timeoutSecs);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String l : p.out.lines().toList()) {
                if (!l.startsWith("{")) continue;
                JsonNode m = JSON.readTree(l);
                seen.add(m.path("name").asText());
                out.add(new RunMeasure(m.path("name").asText(), m.path("verdict").asText(), m.path("mapped").asLong(),
                        m.path("events").asLong(), m.path("nodes").asLong(), m.path("searchNanos").asLong(),
                        m.path("cpuNanos").asLong(), m.path("peakHeapBytes").asLong(), g.getKey(), m.hasNonNull("error") ? m.path("error").asText() : null));
            }
            for (String n : g.getValue()) {
                if (!seen.contains(n)) {
                    out.add(new RunMeasure(n, "?", 0, 0, 0, 0, 0, 0, g.getKey(), p.timedOut ? "timed out after "
                            + timeoutSecs + " s" : "exit " + p.exit + " " + lastLine(p.err)));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(RunMeasure::name));
        return out;
    }

    /**
     * In a child JVM: the named runs under {@code root} (one spec configuration), the spec loaded
     * once, each run checked alone with the default bounds; one JSON line per run.
     */
    static void measureRuns(Path specDir, Path root, List<String> names) throws Exception {
        CheckOptions opt = CheckOptions.defaults();
        LoadedSpec spec = null;
        for (RunSpec run : RunDiscovery.find(root)) {
            if (!names.contains(run.name())) continue;
            ObjectNode o = JSON.createObjectNode();
            o.put("name", run.name());
            try (PreparedRun p = Runs.prepare(run, opt)) {
                if (spec == null) spec = LoadedSpec.load(specDir, p.config());
                System.gc();
                for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) b.resetPeakUsage();
                var threads = ManagementFactory.getThreadMXBean();
                long cpu0 = threads.getCurrentThreadCpuTime();
                SearchResult r = new TraceSearch(spec, p.files(), opt.searchOptions(), p.assumptions()).run();
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                long wall = r.nanos();
                // -Dmigspec.bench.repeat=N: the run checked N times, the fastest kept (a loaded machine)
                for (int rep = 1; rep < Integer.getInteger("migspec.bench.repeat", 1); rep++) {
                    try (PreparedRun again = Runs.prepare(run, opt)) {
                        long c0 = threads.getCurrentThreadCpuTime();
                        SearchResult r2 = new TraceSearch(spec, again.files(), opt.searchOptions(), again.assumptions()).run();
                        cpu = Math.min(cpu, threads.getCurrentThreadCpuTime() - c0);
                        wall = Math.min(wall, r2.nanos());
                    }
                }
                long peak = 0;
                for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (b.getType() == MemoryType.HEAP) peak += b.getPeakUsage().getUsed();
                }
                long mapped = 0;
                for (SearchResult.FileStats f : r.files()) mapped += f.mapped();
                o.put("cpuNanos", cpu);
                o.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
                o.put("events", r.events());
                o.put("mapped", mapped);
                o.put("nodes", r.nodes());
                o.put("searchNanos", wall);
                o.put("peakHeapBytes", peak);
            } catch (Exception | OutOfMemoryError e) {
                o.put("error", Main.oneLine(e));
            }
            System.out.println(JSON.writeValueAsString(o));
            System.out.flush();
        }
    }

    // ---------------------------------------------------------------- (a) one long trace

    private void longTraceBench() throws Exception {
        System.out.println("(a) One long trace from the implementation");
        List<Path> logs = longTrace;
        if (logs.size() == 1 && Files.isDirectory(logs.get(0))) {
            Path d = logs.get(0);
            logs = List.of(d.resolve("src.trace.ndjson"), d.resolve("dst.trace.ndjson"));
        }
        Path generated = null;
        if (logs.isEmpty()) {
            generated = generateLongRun();
            if (generated == null) return;
            logs = List.of(generated.resolve("src.trace.ndjson"), generated.resolve("dst.trace.ndjson"));
        }
        try {
            measureLongTrace(logs);
        } finally {
            if (generated != null) deleteTree(generated.getParent());
        }
    }

    private void measureLongTrace(List<Path> logs) throws Exception {
        if (padGb > 0) logs = pad(logs, padGb);
        long bytes = 0;
        for (Path p : logs) bytes += Files.size(p);
        List<String> cmd = javaCmd("-Xmx" + longHeap);
        cmd.addAll(List.of(CheckerBench.class.getName(), "--measure-long", specDir.toString(), logs.get(0).toString(),
                logs.get(1).toString()));
        Proc p = exec(cmd, 600);
        JsonNode m = null;
        for (String l : p.out.lines().toList()) if (l.startsWith("{")) m = JSON.readTree(l);
        if (m == null || p.exit != 0) {
            System.out.println("  the measurement failed: exit " + p.exit + " " + lastLine(p.err));
            return;
        }
        double secs = m.path("searchNanos").asLong() / 1e9;
        System.out.printf(Locale.ROOT, "  trace: %s + %s, %.1f MB, %,d events (%,d mapped to spec events)%n",
                logs.get(0), logs.get(1).getFileName(), bytes / 1e6, m.path("events").asLong(), m.path("mapped").asLong());
        System.out.printf(Locale.ROOT, "  verdict: %s, %,d search nodes, spec loaded once in %.2f s%n",
                m.path("verdict").asText(), m.path("nodes").asLong(), m.path("loadNanos").asLong() / 1e9);
        System.out.printf(Locale.ROOT, "  checking: %.2f s = %,.0f events/s (%,.0f mapped events/s); target >= 10,000 events/s%n",
                secs, m.path("events").asLong() / secs, m.path("mapped").asLong() / secs);
        System.out.printf(Locale.ROOT, "  peak heap: %.0f MB with -Xmx%s (the trace is %.0f MB on disk)%n",
                m.path("peakHeapBytes").asLong() / 1e6, longHeap, bytes / 1e6);
        if (m.path("events").asLong() < 100_000) {
            System.out.println("  note: fewer than 100,000 events (the run's page requests depend on timing); "
                    + "events/s grows with the share of unmapped events: give a longer trace with --long-trace");
        }
        System.out.println();
        if (padGb > 0) for (Path x : logs) Files.deleteIfExists(x);
    }

    /**
     * Copies of the logs grown to about {@code gb} GB together by repeating the lines of
     * events the spec does not map (page requests): the same run as far as the spec can
     * tell, for the memory bound on large inputs.
     */
    private List<Path> pad(List<Path> logs, double gb) throws IOException {
        java.util.Set<String> traced = TlcTraceSpec.tracedEvents(specDir);
        long total = 0;
        for (Path p : logs) total += Files.size(p);
        int k = (int) Math.max(1, Math.ceil(gb * 1e9 / total));
        List<Path> out = new ArrayList<>();
        java.util.regex.Pattern ev = java.util.regex.Pattern.compile("\"event\":\"([a-z0-9_]+)\"");
        for (Path p : logs) {
            Path q = Files.createTempFile("migspec-bench-padded", ".ndjson");
            try (var r = Files.newBufferedReader(p, StandardCharsets.UTF_8);
                 var w = Files.newBufferedWriter(q, StandardCharsets.UTF_8)) {
                String l;
                boolean header = true;
                while ((l = r.readLine()) != null) {
                    var m = ev.matcher(l);
                    int times = !header && m.find() && !traced.contains(m.group(1)) ? k : 1;
                    for (int i = 0; i < times; i++) {
                        w.write(l);
                        w.write('\n');
                    }
                    header = false;
                }
            }
            out.add(q);
        }
        System.out.printf(Locale.ROOT, "  padded: every unmapped event line repeated %d times%n", k);
        return out;
    }

    /** In a child JVM: load the spec, check the long trace once, print JSON. */
    static void measureLong(Path specDir, Path src, Path dst) throws Exception {
        RunSpec run = new RunSpec("long", List.of(new LogRef(src, Side.SRC), new LogRef(dst, Side.DST)), null, null);
        CheckOptions opt = CheckOptions.defaults();
        try (PreparedRun p = Runs.prepare(run, opt)) {
            long t0 = System.nanoTime();
            LoadedSpec spec = LoadedSpec.load(specDir, p.config());
            long load = System.nanoTime() - t0;
            System.gc();
            for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) b.resetPeakUsage();
            SearchResult r = new TraceSearch(spec, p.files(), opt.searchOptions(), p.assumptions()).run();
            long peak = 0;
            for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) {
                if (b.getType() == MemoryType.HEAP) peak += b.getPeakUsage().getUsed();
            }
            long mapped = 0;
            for (SearchResult.FileStats f : r.files()) mapped += f.mapped();
            ObjectNode o = JSON.createObjectNode();
            o.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
            o.put("events", r.events());
            o.put("mapped", mapped);
            o.put("nodes", r.nodes());
            o.put("searchNanos", r.nanos());
            o.put("loadNanos", load);
            o.put("peakHeapBytes", peak);
            System.out.println(JSON.writeValueAsString(o));
        }
    }

    /** A long postcopy run of the implementation (./migspec run), or null if it cannot be made. */
    private Path generateLongRun() throws Exception {
        Path launcher = repo.resolve("migspec");
        if (!Files.isExecutable(launcher)) {
            System.out.println("  skipped: no ./migspec launcher next to " + specDir + " (give --long-trace SRC DST)");
            return null;
        }
        Path dir = Files.createTempDirectory("migspec-bench-long");
        // the implementation's long scenario (200 pause/recover cycles in postcopy), else ours
        Path scenario = repo.resolve("impl/scenarios/long-pause-recover.json");
        String what = "impl/scenarios/long-pause-recover.json (postcopy with 200 pause/recover cycles, "
                + "page requests traced)";
        if (!Files.isRegularFile(scenario)) {
            scenario = dir.resolve("long-postcopy.json");
            Files.writeString(scenario, LONG_SCENARIO, StandardCharsets.UTF_8);
            what = "long-postcopy.json (a 256 MiB guest in postcopy at 1 MiB/s, one pause and recovery; "
                    + "every page request traced)";
        }
        Path out = dir.resolve("run");
        System.out.println("  generating: ./migspec run " + what + " --variant v4");
        List<String> cmd = List.of(launcher.toString(), "run", scenario.toString(), "--variant", "v4", "--out", out.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MIGSPEC_NO_BUILD", "1");
        pb.directory(repo.toFile());
        Proc p = exec(pb, 300);
        if (!Files.isRegularFile(out.resolve("src.trace.ndjson")) || !Files.isRegularFile(out.resolve("dst.trace.ndjson"))) {
            System.out.println("  skipped: ./migspec run made no traces (exit " + p.exit + "): " + lastLine(p.out + p.err));
            return null;
        }
        System.out.println("  " + lastLine(p.out));
        return out;
    }

    /** A postcopy that sends 64k pages at 8 MiB/s while the destination faults on them. */
    static final String LONG_SCENARIO = """
            {
              "name": "long-postcopy",
              "description": "checker bench: a long postcopy (every page request traced) with one pause and recovery",
              "variants": ["v4"],
              "guest": {"pages": 65536, "dirty_pages": 65536, "dirty_rate": 1000000, "seed": 3},
              "capabilities": ["postcopy-ram"],
              "parameters": {"max-bandwidth": 33554432, "max-postcopy-bandwidth": 1048576},
              "steps": [
                {"do": "prepare"},
                {"do": "migrate"},
                {"do": "wait", "side": "src", "status": "active"},
                {"do": "start_postcopy"},
                {"do": "wait", "side": "src", "status": "postcopy-active"},
                {"do": "qmp", "side": "src", "command": "migrate-pause"},
                {"do": "wait", "side": "src", "status": "postcopy-paused"},
                {"do": "wait", "side": "dst", "status": "postcopy-paused"},
                {"do": "qmp", "side": "dst", "command": "migrate-recover", "args": {"uri": "${recover_uri}"}},
                {"do": "qmp", "side": "src", "command": "migrate", "args": {"uri": "${recover_uri}", "resume": true}},
                {"do": "finish", "timeout_ms": 240000}
              ],
              "expect": {"v4": {"src": {"status": "completed"}, "dst": {"status": "completed"}}}
            }
            """;

    // ---------------------------------------------------------------- (b) runs per second

    private void runsBench() throws Exception {
        System.out.println("(b) Runs per second: batch mode against one TLC process per run (CCF/etcd)");
        List<RunSpec> runs = discover(runsDir);
        if (runs == null) return;
        Path subset = null;
        if (!runsGiven) {
            // by default the runs recorded outside the project (qemu-runs/qemu-*), which keeps the
            // per-trace TLC processes (up to --tlc-timeout each) near the bench's few minutes; both
            // approaches check the same runs (a copy of those folders, so that names stay the same)
            subset = Files.createTempDirectory("migspec-bench-runs");
            try (Stream<Path> s = Files.list(runsDir)) {
                for (Path d : s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("qemu-")).toList()) {
                    copyTree(d, subset.resolve(d.getFileName().toString()));
                }
            }
            runsDir = subset;
            try {
                runs = RunDiscovery.find(runsDir);
            } catch (BadInput e) {
                System.out.println("  skipped: " + e.getMessage());
                return;
            }
        }
        try {
            runsPerSecond(runs);
        } finally {
            if (subset != null) deleteTree(subset);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
    }

    private void runsPerSecond(List<RunSpec> runs) throws Exception {
        System.out.printf(Locale.ROOT, "  runs: %d under %s, %d in parallel in both approaches%n", runs.size(),
                runsGiven ? runsDir : realDir.resolve("qemu-*") + " (copied to " + runsDir + ")", jobs);

        // batch mode: one ./migspec check --batch process, wall time
        Path json = Files.createTempFile("migspec-bench", ".json");
        List<String> cmd = javaCmd();
        cmd.addAll(List.of(Main.class.getName(), "check", "--batch", runsDir.toString(), "--jobs", String.valueOf(jobs),
                "--quiet", "--json", json.toString(), "--spec-dir", specDir.toString()));
        long t0 = System.nanoTime();
        Proc bp = exec(cmd, 900);
        double batchSecs = (System.nanoTime() - t0) / 1e9;
        Map<String, String> batchVerdict = new LinkedHashMap<>();
        Map<String, Long> batchMillis = new LinkedHashMap<>();
        if (Files.size(json) > 0) {
            for (JsonNode r : JSON.readTree(json.toFile()).path("runs")) {
                batchVerdict.put(r.path("name").asText(), r.path("verdict").asText());
                batchMillis.put(r.path("name").asText(), r.path("search").path("millis").asLong());
            }
        }
        Files.deleteIfExists(json);
        if (batchVerdict.isEmpty()) {
            System.out.println("  batch mode failed: exit " + bp.exit + " " + lastLine(bp.err));
            return;
        }

        // per-trace TLC processes
        Path tlcJar = TlcJar.locate(null);
        Path work = Files.createTempDirectory("migspec-bench-tlc");
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        Map<String, Future<String[]>> tlc = new LinkedHashMap<>();
        long t1 = System.nanoTime();
        int n = 0;
        for (RunSpec r : runs) {
            Path dir = work.resolve("run" + (n++));
            tlc.put(r.name(), pool.submit(() -> tlcRun(r, dir, tlcJar)));
        }
        Map<String, String[]> tlcResult = new LinkedHashMap<>();
        for (Map.Entry<String, Future<String[]>> e : tlc.entrySet()) tlcResult.put(e.getKey(), e.getValue().get());
        double tlcSecs = (System.nanoTime() - t1) / 1e9;
        pool.shutdown();
        deleteTree(work);

        int width = 10;
        for (RunSpec r : runs) width = Math.max(width, r.name().length());
        System.out.printf(Locale.ROOT, "  %-" + width + "s  %-10s %9s   %-10s %9s%n", "run", "batch", "search s", "TLC", "process s");
        int timeouts = 0;
        List<String> disagree = new ArrayList<>();
        for (RunSpec r : runs) {
            String[] t = tlcResult.get(r.name());
            if (t[0].equals("timeout")) timeouts++;
            String bv = batchVerdict.getOrDefault(r.name(), "?");
            // TLC's trace spec has no bounds to report: its "rejected" is the checker's rejected or undecided
            boolean both = (t[0].equals("accepted") || t[0].equals("rejected")) && !bv.equals("?");
            boolean differ = both && !(t[0].equals(bv) || (t[0].equals("rejected") && bv.equals("undecided")));
            if (differ) disagree.add(r.name() + " (batch " + bv + ", TLC " + t[0] + ")");
            System.out.printf(Locale.ROOT, "  %-" + width + "s  %-10s %9.2f   %-10s %9s%s%n", r.name(),
                    bv, batchMillis.getOrDefault(r.name(), 0L) / 1e3, t[0], t[1], differ ? "   DISAGREE" : "");
        }
        System.out.printf(Locale.ROOT, "  verdicts: %d of %d runs decided by both; %s%n",
                runs.size() - timeouts - (int) runs.stream().filter(r -> tlcResult.get(r.name())[0].startsWith("error")).count(),
                runs.size(), disagree.isEmpty() ? "no disagreement" : disagree.size() + " disagreements: " + String.join(", ", disagree));
        double batchRate = runs.size() / batchSecs, tlcRate = runs.size() / tlcSecs;
        System.out.printf(Locale.ROOT, "  batch mode: %d runs in %.1f s wall (one JVM per spec configuration, spec loaded "
                + "once per JVM) = %.2f runs/s%n", runs.size(), batchSecs, batchRate);
        System.out.printf(Locale.ROOT, "  TLC per trace: %d runs in %.1f s wall (%d processes, %d timed out at %d s) = %.3f runs/s%s%n",
                runs.size(), tlcSecs, runs.size(), timeouts, tlcTimeout, tlcRate,
                timeouts > 0 ? " (at most: a timed-out run counts as " + tlcTimeout + " s)" : "");
        System.out.printf(Locale.ROOT, "  batch mode is %.1fx faster%s; target >= 20x%n", batchRate / tlcRate,
                timeouts > 0 ? " (at least)" : "");
    }

    /** One run as a generated trace spec checked by its own TLC process: {verdict, seconds}. */
    private String[] tlcRun(RunSpec r, Path dir, Path tlcJar) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(specDir)) {
                for (Path p : (Iterable<Path>) s::iterator) if (p.toString().endsWith(".tla")) Files.copy(p, dir.resolve(p.getFileName()));
            }
            try (PreparedRun p = Runs.prepare(r, CheckOptions.defaults())) {
                TlcTraceSpec.write(dir, "TraceRun", p.config(), p.files(), TlcTraceSpec.tracedEvents(specDir));
            }
            Path tmp = Files.createDirectories(dir.resolve("tmp"));   // TLC's standard modules (PrivateTmp)
            List<String> cmd = new ArrayList<>(List.of(java(), "-XX:+UseParallelGC", "-Xmx2g",
                    "-Djava.io.tmpdir=" + tmp, "-cp", tlcJar.toString(),
                    "tlc2.TLC", "-workers", "1", "-config", "TraceRun.cfg", "TraceRun.tla"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            Proc p = exec(pb, tlcTimeout);
            String secs = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
            if (p.timedOut) return new String[] {"timeout", ">" + tlcTimeout};
            String verdict = switch (p.exit) {
                case 12 -> "accepted";       // the invariant ~Accepted is violated: a behaviour explains the trace
                case 0 -> "rejected";
                default -> "error " + p.exit;
            };
            return new String[] {verdict, secs};
        } catch (Exception e) {
            return new String[] {"error", Main.oneLine(e)};
        }
    }

    // ---------------------------------------------------------------- processes

    private record Proc(int exit, String out, String err, boolean timedOut) {
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> javaCmd(String... jvm) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:+UseParallelGC"));
        cmd.addAll(List.of(jvm));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return cmd;
    }

    private static Proc exec(List<String> cmd, int timeoutSecs) throws IOException, InterruptedException {
        return exec(new ProcessBuilder(cmd), timeoutSecs);
    }

    private static Proc exec(ProcessBuilder pb, int timeoutSecs) throws IOException, InterruptedException {
        Path out = Files.createTempFile("migspec-bench-out", ".txt"), err = Files.createTempFile("migspec-bench-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSecs, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        Proc r = new Proc(done ? p.exitValue() : -1, Files.readString(out), Files.readString(err), !done);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    private static String lastLine(String s) {
        List<String> ls = s.lines().filter(l -> !l.isBlank()).toList();
        return ls.isEmpty() ? "" : ls.get(ls.size() - 1);
    }

    private static void deleteTree(Path d) {
        try (Stream<Path> s = Files.walk(d)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir
        }
    }
}
