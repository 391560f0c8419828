package org.migspec.checker.cli;

import org.migspec.checker.search.SearchOptions;

import java.nio.file.Path;

/**
 * The options that decide how one run is read and searched; the same for every run of a
 * batch (and passed on to batch workers).
 *
 * @param variant       --variant, or null
 * @param management    --management: "on", "off" or "auto" (header, else a `cont` on the destination)
 * @param lenient       skip lines that are not trace lines
 * @param strict        unknown event names are bad input
 * @param traceEvents   the -trace events list for QEMU logs, or null (found beside the log)
 * @param window        --window, or null for the default
 * @param maxNodes      --max-nodes, or null for the default
 * @param timestamps    order the logs by timestamp first (--no-timestamps: false)
 * @param diagramSteps  spec steps shown in the diagram of a rejection (the last ones)
 */
public record CheckOptions(String variant, String management, boolean lenient, boolean strict, Path traceEvents,
                           Integer window, Long maxNodes, boolean timestamps, int diagramSteps) {

    public static final int DEFAULT_DIAGRAM_STEPS = 80;

    public static CheckOptions defaults() {
        return new CheckOptions(null, "auto", false, false, null, null, null, true, DEFAULT_DIAGRAM_STEPS);
    }

    public SearchOptions searchOptions() {
        SearchOptions d = SearchOptions.defaults();
        return new SearchOptions(d.maxAhead(), d.maxPending(), window != null ? window : d.window(),
                maxNodes != null ? maxNodes : d.maxNodes(), timestamps, d.toleranceNanos());
    }
}
