package org.migspec.checker.search;

import java.util.List;
import java.util.Map;

/**
 * The whole result of checking one run.
 *
 * @param path       the last steps (at most Committed.TAIL) of the accepted behaviour, or of the
 *                   longest matched prefix when rejected, numbered from the initial state
 * @param steps      spec steps of that whole behaviour
 * @param actionsTaken TLC's names of the actions it takes, in first-taken order
 * @param states     fingerprints of the distinct states it goes through
 * @param rejection  null unless the verdict is REJECTED
 * @param files      per log: name, format, events read, events mapped and matched, skipped counts
 */
public record SearchResult(Verdict verdict, String reason, List<PathStep> path, long steps,
                           java.util.Set<String> actionsTaken, long[] states, Rejection rejection,
                           List<FileStats> files, long nodes, long distinctStates, long nanos) {

    public record FileStats(String file, String side, String format, long events, long mapped, long matched,
                            Map<String, Long> skipped) {
    }

    public long events() {
        long n = 0;
        for (FileStats f : files) n += f.events();
        return n;
    }
}
