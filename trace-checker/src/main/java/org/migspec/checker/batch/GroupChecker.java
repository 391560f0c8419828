package org.migspec.checker.batch;

import org.migspec.checker.cli.CheckOptions;
import org.migspec.checker.cli.Main;
import org.migspec.checker.cli.RunChecker;
import org.migspec.checker.cli.RunSpec;
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

    public static void check(Path specDir, TraceConfig config, CheckOptions opt, List<RunSpec> runs, int jobs,
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
            return;
        }
        // Fingerprinting normalises a state's values in place: do it for the shared initial
        // state (and its successors) before threads share it, or two threads normalising one
        // record at once corrupt it ("Field name state occurs multiple times in record").
        spec.fingerprint(spec.init());
        spec.successors(spec.init());
        if (jobs <= 1 || runs.size() == 1) {
            for (RunSpec r : runs) sink.accept(one(r, opt, spec));
            return;
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
