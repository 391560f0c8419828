package org.migspec.checker.cli;

import org.migspec.checker.input.TraceFile;
import org.migspec.checker.input.TraceInputException;
import org.migspec.checker.report.RunOutcome;
import org.migspec.checker.search.SearchResult;
import org.migspec.checker.search.TraceSearch;
import org.migspec.checker.spec.LoadedSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks one prepared run against a loaded spec; never throws. */
public final class RunChecker {
    private RunChecker() {
    }

    public static List<String> logNames(RunSpec run) {
        List<String> out = new ArrayList<>();
        for (LogRef l : run.logs()) out.add(l.path().toString());
        return out;
    }

    /** Prepares and checks {@code run} with {@code spec} (which must hold the run's configuration). */
    public static RunOutcome check(RunSpec run, CheckOptions opt, LoadedSpec spec) {
        PreparedRun p;
        try {
            p = Runs.prepare(run, opt);
        } catch (BadInput e) {
            return RunOutcome.badInput(run.name(), logNames(run), e.getMessage());
        }
        try (p) {
            return check(p, opt, spec, 0);
        }
    }

    public static RunOutcome check(PreparedRun p, CheckOptions opt, LoadedSpec spec, long loadNanos) {
        List<String> logs = new ArrayList<>();
        for (TraceFile f : p.files()) logs.add(f.name());
        if (!spec.config().equals(p.config())) {
            return RunOutcome.internalError(p.name(), logs, p.config(), "the loaded spec is for "
                    + spec.config().key() + ", the run needs " + p.config().key());
        }
        try {
            SearchResult r = new TraceSearch(spec, p.files(), opt.searchOptions(), p.assumptions()).run();
            Map<String, Long> nonTrace = new LinkedHashMap<>();
            Map<String, List<String>> notes = new LinkedHashMap<>();
            for (TraceFile f : p.files()) {
                nonTrace.put(f.name(), f.skippedLines());
                if (!f.notes().isEmpty()) notes.put(f.name(), f.notes());
            }
            return new RunOutcome(p.name(), RunOutcome.Kind.of(r.verdict()), null, p.config(), p.variantSource(),
                    p.managementSource(), r, logs, nonTrace, loadNanos, notes);
        } catch (TraceInputException e) {
            return new RunOutcome(p.name(), RunOutcome.Kind.BAD_INPUT, e.getMessage(), p.config(), p.variantSource(),
                    p.managementSource(), null, logs, Map.of(), loadNanos);
        } catch (OutOfMemoryError e) {
            return RunOutcome.internalError(p.name(), logs, p.config(), "out of memory (try a smaller --window)");
        } catch (RuntimeException | StackOverflowError e) {
            return RunOutcome.internalError(p.name(), logs, p.config(), "internal error: " + Main.oneLine(e));
        }
    }
}
