package org.migspec.checker.cli;

import org.migspec.checker.batch.BatchRunner;
import org.migspec.checker.batch.RunDiscovery;
import org.migspec.checker.input.Side;
import org.migspec.checker.input.TraceFormat;
import org.migspec.checker.input.TraceFile;
import org.migspec.checker.report.JsonReport;
import org.migspec.checker.report.JunitReport;
import org.migspec.checker.report.RunOutcome;
import org.migspec.checker.report.RunRecord;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.checker.spec.SpecLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/** {@code ./migspec check}: is this recorded run a behaviour the spec allows? */
@Command(name = "migspec check", sortOptions = false, usageHelpWidth = 100,
        description = {
                "Replays recorded runs (MigSpec NDJSON traces or QEMU `log` trace-backend logs, one file per process) "
                        + "against spec/TraceMigration.tla with TLC and explains a rejection.",
                "Exit code: 0 accepted, 1 rejected or undecided, 2 bad input or usage, 3 internal error.", ""})
public final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILES", arity = "0..2",
            description = "The logs of one run: the source's and the destination's (side from the content, else the order). "
                    + "A name with %%d is QEMU's per-thread pattern (-d tid -D DIR/src.trace.%%d.log): its files are read as one log.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--src", paramLabel = "FILE", description = "The source's log.")
    Path src;

    @Option(names = "--dst", paramLabel = "FILE", description = "The destination's log.")
    Path dst;

    @Option(names = "--variant", paramLabel = "V",
            description = "legacy (QEMU 7.0 to 10.1), v1, v4 (QEMU 10.2 to 10.x), v11 (QEMU 11.0 and later) or fix. "
                    + "Required for QEMU logs unless a QMP greeting (src.qmp.jsonl/dst.qmp.jsonl beside them) gives "
                    + "the QEMU version; NDJSON headers name it (and must agree).")
    String variant;

    @Option(names = "--qemu-log", description = "The files are QEMU logs (the format is recognised anyway; this only checks it).")
    boolean qemuLog;

    @Option(names = "--trace-events", paramLabel = "FILE",
            description = "The -trace events=FILE list the QEMU logs were recorded with (default: trace-events.used.txt "
                    + "or trace-events.txt beside the log or one directory up; else every event counts as recorded).")
    Path traceEvents;

    @Option(names = "--lenient", description = "Skip lines that are not trace lines (default: bad input).")
    boolean lenient;

    @Option(names = "--strict", description = "An event that is neither a spec event nor a known QEMU migration trace event is bad input.")
    boolean strict;

    @Option(names = "--management", paramLabel = "on|off|auto",
            description = "The destination was started with -S and resumed by a management layer (libvirt). "
                    + "auto (default): an NDJSON header's \"management\", else whether the destination's log shows a `cont`.")
    String management = "auto";

    @Option(names = "--json", paramLabel = "FILE", description = "Write the whole result as JSON (schema migspec-check/1).")
    Path json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML, one test case per run.")
    Path junit;

    @Option(names = "--spec-dir", paramLabel = "DIR",
            description = "The spec's modules (default: $MIGSPEC_SPEC_DIR, else spec/ of this checker's repository, else ./spec).")
    Path specDir;

    @Option(names = "--batch", paramLabel = "DIR",
            description = "Check every run under DIR (a directory with src.trace.ndjson/dst.trace.ndjson, "
                    + "src.trace.<TID>.log/dst.trace.<TID>.log or src.trace.log/dst.trace.log) in one JVM per spec "
                    + "configuration, runs in parallel.")
    Path batch;

    @Option(names = "--jobs", paramLabel = "N", description = "Batch: runs checked in parallel (default: the number of cores).")
    Integer jobs;

    @Option(names = "--tlc-coverage", description = "Batch: conformance coverage against TLC's reachable sets "
            + "(minutes to half an hour per postcopy configuration the first time, then cached in build/coverage).")
    boolean tlcCoverage;

    @Option(names = "--window", paramLabel = "N",
            description = "Matched log events the search may backtrack over (default 500); older "
                    + "choices are final, so memory does not grow with the logs.")
    Integer window;

    @Option(names = "--max-nodes", paramLabel = "N", description = "Search nodes before giving up as undecided (default 5000000, "
            + "or -Dmigspec.maxNodes).")
    Long maxNodes;

    @Option(names = "--max-steps-ahead", paramLabel = "N",
            description = "Spec steps in a row without matching a log line (default 10); a cut branch makes a run "
                    + "that is not accepted undecided.")
    Integer maxAhead;

    @Option(names = "--max-pending", paramLabel = "N",
            description = "Spec events emitted and not yet matched by a log line (default 48).")
    Integer maxPending;

    @Option(names = "--lookahead", paramLabel = "N",
            description = "Lines of a log without thread names within which a pending event must find its line (default 64).")
    Integer lookahead;

    @Option(names = "--lane-lookahead", paramLabel = "N",
            description = "Lines of a log with thread names scanned for a thread's next lines (default 4096).")
    Integer laneLookahead;

    @Option(names = "--max-lax-nodes", paramLabel = "N",
            description = "Search nodes of the second pass that places the blame in a run the first pass did not accept "
                    + "(default 300000).")
    Long laxMaxNodes;

    @Option(names = "--max-faults", paramLabel = "N",
            description = "Faults per behaviour, logged or not (the spec's MaxFaults; default 3).")
    Integer maxFaults;

    @Option(names = "--assume", paramLabel = "KINDS", split = ",",
            description = "Unlogged faults an explanation may use beyond what the run's records support (QMP transcripts, "
                    + "result.json, summary.json): channel-break, dst-crash, src-crash, device-load-failure, "
                    + "block-activation-failure, lock-holder, src-quit, dst-quit, quit (both), all.")
    List<String> assume = new ArrayList<>();

    @Option(names = "--no-timestamps", description = "Ignore timestamps: they order the search and, in QEMU's per-thread logs, a QMP command's"
            + " qmp_enter_* before the other threads' lines (rule R15); with this flag neither.")
    boolean noTimestamps;

    @Option(names = "--diagram-steps", paramLabel = "N",
            description = "Spec steps shown in the diagram of a rejection, the last ones (default 80; 0: no diagram).")
    int diagramSteps = CheckOptions.DEFAULT_DIAGRAM_STEPS;

    @Option(names = "--quiet", description = "Print only the verdict line (and errors).")
    boolean quiet;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private LoadedSpec loaded;

    CheckCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    CheckOptions options() {
        List<String> kinds = new ArrayList<>();
        for (String a : assume) kinds.addAll(org.migspec.checker.search.AllowedFaults.parse(a));
        return new CheckOptions(variant, management, lenient, strict, traceEvents, window, maxNodes, !noTimestamps,
                diagramSteps, new CheckOptions.Bounds(maxAhead, maxPending, lookahead, laneLookahead, laxMaxNodes,
                maxFaults), kinds);
    }

    @Override
    public Integer call() throws Exception {
        if (jobs != null && jobs < 1) throw new BadInput("--jobs: must be at least 1");
        if (window != null && window < 1) throw new BadInput("--window: must be at least 1");
        if (maxNodes != null && maxNodes < 1) throw new BadInput("--max-nodes: must be at least 1");
        if (maxAhead != null && maxAhead < 1) throw new BadInput("--max-steps-ahead: must be at least 1");
        if (maxPending != null && maxPending < 1) throw new BadInput("--max-pending: must be at least 1");
        if (lookahead != null && lookahead < 1) throw new BadInput("--lookahead: must be at least 1");
        if (laneLookahead != null && laneLookahead < 1) throw new BadInput("--lane-lookahead: must be at least 1");
        if (laxMaxNodes != null && laxMaxNodes < 1) throw new BadInput("--max-lax-nodes: must be at least 1");
        if (maxFaults != null && maxFaults < 0) throw new BadInput("--max-faults: must be 0 or more");
        try {
            for (String a : assume) org.migspec.checker.search.AllowedFaults.parse(a);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--assume: " + e.getMessage());
        }
        if (diagramSteps < 0) throw new BadInput("--diagram-steps: must be 0 or more");
        if (variant != null) Runs.checkVariantName(variant, "--variant: ");
        if (!List.of("on", "off", "auto").contains(management)) {
            throw new BadInput("--management: expected on, off or auto, got \"" + management + "\"");
        }
        if (traceEvents != null && !Files.isRegularFile(traceEvents)) throw new BadInput(traceEvents + ": no such file (--trace-events)");
        if (batch != null) {
            if (!files.isEmpty() || src != null || dst != null) {
                throw new BadInput("--batch DIR checks the runs under DIR: give no log files with it");
            }
            Path spec = SpecDirs.resolve(specDir);
            int n = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
            if (tlcCoverage) System.setProperty("migspec.tlcCoverage", "true");
            return new BatchRunner(spec, options(), n, out, err, quiet).run(batch, json, junit);
        }
        RunSpec run = runSpec();
        long t0 = System.nanoTime();
        RunOutcome o = checkOne(run);
        RunRecord rec = RunRecord.of(o, loaded, diagramSteps);
        writeReports(List.of(rec), (System.nanoTime() - t0) / 1e9);
        if (o.kind() == RunOutcome.Kind.BAD_INPUT || o.kind() == RunOutcome.Kind.INTERNAL_ERROR) {
            err.println("migspec check: " + Main.oneLine(o.message()));
        } else if (quiet) {
            out.println(o.kind().name() + "  " + o.name() + "  " + o.reason());
        } else {
            out.print(rec.text());
        }
        return o.exitCode();
    }

    private RunSpec runSpec() throws BadInput {
        List<LogRef> logs = new ArrayList<>();
        if (src != null) logs.add(new LogRef(src, Side.SRC));
        if (dst != null) logs.add(new LogRef(dst, Side.DST));
        for (Path f : files) logs.add(new LogRef(f, null));
        if (logs.isEmpty()) throw new BadInput("no logs given: FILES, --src FILE/--dst FILE, or --batch DIR (see --help)");
        if (logs.size() > 2) throw new BadInput("at most two logs per run (source and destination), got " + logs.size());
        Path a = logs.get(0).path().toAbsolutePath().getParent();
        boolean sameDir = logs.size() == 2 && a != null
                && Objects.equals(a, logs.get(1).path().toAbsolutePath().getParent());
        String name = sameDir && a.getFileName() != null ? a.getFileName().toString()
                : logs.get(0).path().getFileName().toString();
        // logs of one run directory: its QMP transcripts may give the QEMU version
        return sameDir ? RunDiscovery.withQmpVariant(name, logs, a) : new RunSpec(name, logs, null, null);
    }

    /** Prepares, loads the spec and checks: every failure becomes an outcome. */
    private RunOutcome checkOne(RunSpec run) throws BadInput {
        CheckOptions opt = options();
        PreparedRun p;
        try {
            p = Runs.prepare(run, opt);
        } catch (BadInput e) {
            return RunOutcome.badInput(run.name(), RunChecker.logNames(run), e.getMessage());
        }
        try (p) {
            if (qemuLog) {
                for (TraceFile f : p.files()) {
                    if (f.header().format() == TraceFormat.NDJSON) {
                        return RunOutcome.badInput(run.name(), RunChecker.logNames(run),
                                f.name() + ":1:1: --qemu-log given, but this is a MigSpec NDJSON trace");
                    }
                }
            }
            Path dir = SpecDirs.resolve(specDir);
            long t0 = System.nanoTime();
            LoadedSpec spec;
            try {
                spec = LoadedSpec.load(dir, p.config());
            } catch (SpecLoadException e) {
                return RunOutcome.badInput(run.name(), RunChecker.logNames(run), dir + ": " + e.getMessage());
            } catch (RuntimeException e) {
                return RunOutcome.badInput(run.name(), RunChecker.logNames(run), dir + ": TLC could not load the spec: "
                        + Main.oneLine(e));
            }
            loaded = spec;
            return RunChecker.check(p, opt, spec, System.nanoTime() - t0);
        }
    }

    private void writeReports(List<RunRecord> recs, double seconds) throws BadInput {
        write(json, () -> org.migspec.checker.report.Json.write(JsonReport.document(recs, null)) + "\n");
        write(junit, () -> JunitReport.render(recs, seconds));
    }

    static void write(Path file, java.util.function.Supplier<String> content) throws BadInput {
        if (file == null) return;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, content.get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInput(file + ": cannot write: " + e.getMessage());
        }
    }
}
