package org.migspec.checker.cli;

import org.migspec.checker.search.SearchOptions;

import java.nio.file.Path;
import java.util.List;

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
 * @param bounds        the other search bounds given on the command line (null: the default)
 * @param assume        --assume: unlogged fault kinds allowed beyond what the run's records support
 */
public record CheckOptions(String variant, String management, boolean lenient, boolean strict, Path traceEvents,
                           Integer window, Long maxNodes, boolean timestamps, int diagramSteps, Bounds bounds,
                           List<String> assume) {

    public static final int DEFAULT_DIAGRAM_STEPS = 80;

    /**
     * --max-steps-ahead, --max-pending, --lookahead, --lane-lookahead, --max-lax-nodes, --max-faults; null
     * fields keep the defaults of {@link SearchOptions}.
     */
    public record Bounds(Integer maxAhead, Integer maxPending, Integer lookahead, Integer laneLookahead,
                         Long laxMaxNodes, Integer maxFaults) {
        public static final Bounds DEFAULTS = new Bounds(null, null, null, null, null, null);
    }

    public CheckOptions {
        if (bounds == null) bounds = Bounds.DEFAULTS;
        assume = assume == null ? List.of() : List.copyOf(assume);
    }

    public CheckOptions(String variant, String management, boolean lenient, boolean strict, Path traceEvents,
                        Integer window, Long maxNodes, boolean timestamps, int diagramSteps) {
        this(variant, management, lenient, strict, traceEvents, window, maxNodes, timestamps, diagramSteps, null, null);
    }

    public static CheckOptions defaults() {
        return new CheckOptions(null, "auto", false, false, null, null, null, true, DEFAULT_DIAGRAM_STEPS);
    }

    public SearchOptions searchOptions() {
        SearchOptions d = SearchOptions.defaults();
        Bounds b = bounds;
        return new SearchOptions(b.maxAhead() != null ? b.maxAhead() : d.maxAhead(),
                b.maxPending() != null ? b.maxPending() : d.maxPending(), window != null ? window : d.window(),
                maxNodes != null ? maxNodes : d.maxNodes(), timestamps, d.toleranceNanos(),
                b.lookahead() != null ? b.lookahead() : d.lookahead(),
                b.laneLookahead() != null ? b.laneLookahead() : d.laneLookahead(),
                b.laxMaxNodes() != null ? b.laxMaxNodes() : d.laxMaxNodes(),
                b.maxFaults() != null ? b.maxFaults() : d.maxFaults());
    }
}
