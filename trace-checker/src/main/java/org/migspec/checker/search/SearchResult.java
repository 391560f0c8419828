package org.migspec.checker.search;

import java.util.List;
import java.util.Map;

/**
 * The whole result of checking one run.
 *
 * @param path       the accepted behaviour, or the longest matched prefix when rejected
 * @param rejection  null unless the verdict is REJECTED
 * @param files      per log: name, format, events read, events mapped and matched, skipped counts
 */
public record SearchResult(Verdict verdict, String reason, List<PathStep> path, Rejection rejection,
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
