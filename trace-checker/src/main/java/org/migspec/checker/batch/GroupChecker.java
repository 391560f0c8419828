package org.migspec.checker.batch;

import org.migspec.checker.cli.CheckOptions;
import org.migspec.checker.cli.Main;
import org.migspec.checker.cli.RunChecker;
import org.migspec.checker.cli.RunSpec;
import org.migspec.checker.coverage.TlcReachable;
import org.migspec.checker.report.RunOutcome;
import org.migspec.checker.report.RunRecord;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.checker.spec.SpecLoadException;
import org.migspec.checker.spec.TraceConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Checks the runs of one spec configuration in this JVM: the spec is loaded once and
 * shared by {@code jobs} threads (its successor cache is concurrent; TLC's own workers
 * share one tool the same way).
 */
public final class GroupChecker {
    private GroupChecker() {
    }

    /**
     * Whether batch mode computes TLC's reachable sets for conformance coverage: only when asked
     * ({@code check --batch --tlc-coverage}, or {@code -Dmigspec.tlcCoverage=true}, which campaigns
     * pass), because a postcopy configuration takes minutes to half an hour the first time.
     */
    public static boolean tlcCoverage() {
        return "true".equals(System.getProperty("migspec.tlcCoverage"));
    }

    /**
     * Checks {@code runs}; then, if {@code reachable} is not null, hands it TLC's reachable sets
     * for this configuration ({@link TlcReachable}, from the cache or computed with the spec
     * already loaded here).  A failure there is reported on {@code err} and leaves the
     * configuration out of the conformance figures; it changes no verdict.
     */
    public static void check(Path specDir, TraceConfig config, CheckOptions opt, List<RunSpec> runs, int jobs,
                             Consumer<RunRecord> sink, Consumer<TlcReachable> reachable, java.io.PrintStream err) {
        LoadedSpec spec = checkRuns(specDir, config, opt, runs, jobs, sink);
        if (spec == null || reachable == null) return;
        try {
            reachable.accept(TlcReachable.of(spec, specDir, TlcReachable.defaultCacheDir(specDir)));
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("migspec check: TLC's reachable set for " + config.key() + " not computed (no conformance "
                    + "coverage for it): " + Main.oneLine(e));
        }
    }

    /** Checks {@code runs}; the loaded spec, or null if it could not be loaded (every run is then bad input). */
    private static LoadedSpec checkRuns(Path specDir, TraceConfig config, CheckOptions opt, List<RunSpec> runs, int jobs,
                                        Consumer<RunRecord> sink) {
        LoadedSpec spec;
        try {
            spec = LoadedSpec.load(specDir, config);
        } catch (SpecLoadException | RuntimeException e) {
            String msg = specDir + ": " + (e instanceof SpecLoadException ? e.getMessage()
                    : "TLC could not load the spec: " + Main.oneLine(e));
            for (RunSpec r : runs) {
                sink.accept(RunRecord.of(RunOutcome.badInput(r.name(), RunChecker.logNames(r), msg), null, 0));
            }
            return null;
        }
        // Fingerprinting normalises a state's values in place: do it for the shared initial
        // state (and its successors) before threads share it, or two threads normalising one
        // record at once corrupt it ("Field name state occurs multiple times in record").
        spec.fingerprint(spec.init());
        spec.successors(spec.init());
        if (jobs <= 1 || runs.size() == 1) {
            for (RunSpec r : runs) sink.accept(one(r, opt, spec));
            return spec;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, runs.size()), t -> {
            Thread th = new Thread(t, "migspec-check");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (RunSpec r : runs) fs.add(pool.submit(() -> sink.accept(one(r, opt, spec))));
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        return spec;
    }

    static RunRecord one(RunSpec r, CheckOptions opt, LoadedSpec spec) {
        RunOutcome o;
        try {
            o = RunChecker.check(r, opt, spec);
        } catch (RuntimeException | Error e) {
            o = RunOutcome.internalError(r.name(), RunChecker.logNames(r), spec.config(), "internal error: " + Main.oneLine(e));
        }
        try {
            return RunRecord.of(o, spec, opt.diagramSteps());
        } catch (RuntimeException e) {
            return RunRecord.failed(r.name(), "internal-error", 3, "internal error in the report: " + Main.oneLine(e));
        }
    }
}
