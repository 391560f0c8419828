package org.migspec.checker.report;

import org.migspec.checker.search.SearchResult;
import org.migspec.checker.search.Verdict;
import org.migspec.checker.spec.TraceConfig;

import java.util.List;
import java.util.Map;

/**
 * The result of checking one run, whatever happened: a verdict with the search's result,
 * or bad input, or an internal error.
 *
 * @param name             the run's name
 * @param kind             what happened
 * @param message          for BAD_INPUT and INTERNAL_ERROR the one-line message, else null
 * @param config           the spec configuration, null if the run could not be prepared
 * @param variantSource    where the variant came from
 * @param managementSource where the management constant came from
 * @param result           the search's result, null unless the search ended
 * @param logs             the logs as named by the user
 * @param nonTraceLines    per log, lines skipped with --lenient
 * @param loadNanos        time spent loading the spec for this run (0 when shared)
 * @param inputNotes       per log, what its reader passed over without making it bad input
 *                         (a last line cut mid-line by a kill, ignored)
 */
public record RunOutcome(String name, Kind kind, String message, TraceConfig config, String variantSource,
                         String managementSource, SearchResult result, List<String> logs,
                         Map<String, Long> nonTraceLines, long loadNanos, Map<String, List<String>> inputNotes) {

    public RunOutcome {
        inputNotes = inputNotes == null ? Map.of() : Map.copyOf(inputNotes);
    }

    /** Without input notes. */
    public RunOutcome(String name, Kind kind, String message, TraceConfig config, String variantSource,
                      String managementSource, SearchResult result, List<String> logs,
                      Map<String, Long> nonTraceLines, long loadNanos) {
        this(name, kind, message, config, variantSource, managementSource, result, logs, nonTraceLines, loadNanos, Map.of());
    }

    public enum Kind {
        ACCEPTED(0), REJECTED(1), UNDECIDED(1), BAD_INPUT(2), INTERNAL_ERROR(3);

        public final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public String word() {
            return name().toLowerCase().replace('_', '-');
        }

        public static Kind of(Verdict v) {
            return switch (v) {
                case ACCEPTED -> ACCEPTED;
                case REJECTED -> REJECTED;
                case UNDECIDED -> UNDECIDED;
            };
        }
    }

    public static RunOutcome badInput(String name, List<String> logs, String message) {
        return new RunOutcome(name, Kind.BAD_INPUT, message, null, null, null, null, logs, Map.of(), 0);
    }

    public static RunOutcome internalError(String name, List<String> logs, TraceConfig config, String message) {
        return new RunOutcome(name, Kind.INTERNAL_ERROR, message, config, null, null, null, logs, Map.of(), 0);
    }

    public int exitCode() {
        return kind.exitCode;
    }

    /** Where the search stopped: the first unexplained line, or the end of the logs. */
    private String where(boolean undecided) {
        var rj = result.rejection();
        if (rj == null || rj.failing() == null) {
            return "at the end of the logs: the spec cannot end there"
                    + (rj != null && !rj.pending().isEmpty() ? " (" + rj.pending().size() + " spec events never logged)" : "");
        }
        return "at " + rj.failing().where() + ": " + rj.failing().describe()
                + (undecided ? ": not explained within the bounds" : ": no legal behaviour explains it");
    }

    /** The one-line reason: the verdict and where, or what is wrong with the input. */
    public String reason() {
        return switch (kind) {
            case BAD_INPUT, INTERNAL_ERROR -> message;
            case ACCEPTED -> {
                long matched = 0, skipped = 0;
                for (SearchResult.FileStats f : result.files()) {
                    matched += f.matched();
                    for (long n : f.skipped().values()) skipped += n;
                }
                List<String> kinds = new java.util.ArrayList<>();
                for (var f : result.faults()) kinds.add(f.kind());
                yield "accepted: " + matched + " events matched, " + skipped + " skipped (not in the spec); "
                        + result.hiddenSteps() + " hidden steps; unlogged faults: "
                        + (kinds.isEmpty() ? "none" : String.join(", ", kinds));
            }
            case REJECTED -> "rejected " + where(false) + " (the search was exhaustive; unlogged faults allowed: "
                    + result.assumptions().describe() + ")";
            case UNDECIDED -> "undecided: " + result.reason() + "; the furthest explanation stops " + where(true);
        };
    }
}
