package org.migspec.checker.search;

/**
 * Bounds of the search (each is a {@link Bound}: when one cuts a branch, a run that is not
 * accepted is undecided, not rejected).
 *
 * @param maxAhead      spec steps the search may take past the last matched event (hidden
 *                      steps, and steps whose events have not been logged yet)
 * @param maxPending    events emitted by the spec and not yet matched, across threads
 * @param window        events the search may backtrack over; older choices are final, so
 *                      memory stays bounded on long traces
 * @param maxNodes      search nodes before giving up with "undecided"
 * @param timestamps    use the logs' timestamps: a line is matched before lines of the other
 *                      log that are more than {@code toleranceNanos} older only as a last
 *                      resort (explanations that respect time are tried first; timestamps
 *                      never decide a verdict)
 * @param lookahead     lines of a log without thread names in which each pending event must
 *                      find its line
 * @param laneLookahead lines of a log with thread names scanned for a lane's next lines
 * @param laxMaxNodes   search nodes of the second pass of a run the first pass did not accept
 * @param maxFaults     the spec's MaxFaults the loaded configuration was generated with (the
 *                      spec disables every fault once a behaviour took that many)
 */
public record SearchOptions(int maxAhead, int maxPending, int window, long maxNodes, boolean timestamps,
                            long toleranceNanos, int lookahead, int laneLookahead, long laxMaxNodes, int maxFaults) {

    /** The clocks of two processes on one host, or of two hosts kept in sync by NTP. */
    public static final long DEFAULT_TOLERANCE_NANOS = 50_000_000L;
    public static final int DEFAULT_MAX_AHEAD = 10;
    public static final int DEFAULT_MAX_PENDING = 48;
    public static final int DEFAULT_WINDOW = 500;
    public static final int DEFAULT_LOOKAHEAD = 64;
    public static final int DEFAULT_LANE_LOOKAHEAD = 4096;
    public static final long DEFAULT_LAX_MAX_NODES = 300_000;

    public SearchOptions(int maxAhead, int maxPending, int window, long maxNodes, boolean timestamps) {
        this(maxAhead, maxPending, window, maxNodes, timestamps, DEFAULT_TOLERANCE_NANOS, DEFAULT_LOOKAHEAD,
                DEFAULT_LANE_LOOKAHEAD, DEFAULT_LAX_MAX_NODES, org.migspec.checker.spec.TraceConfig.DEFAULT_MAX_FAULTS);
    }

    public static SearchOptions defaults() {
        return new SearchOptions(DEFAULT_MAX_AHEAD, DEFAULT_MAX_PENDING, DEFAULT_WINDOW,
                Long.getLong("migspec.maxNodes", 5_000_000L), true);
    }

    /** The value of {@code b} in these options. */
    public long limit(Bound b) {
        return switch (b) {
            case HIDDEN_STEPS -> maxAhead;
            case PENDING -> maxPending;
            case LOOKAHEAD -> lookahead;
            case LANE_LOOKAHEAD -> laneLookahead;
            case WINDOW -> window;
            case NODES -> maxNodes;
            case LAX_NODES -> laxMaxNodes;
            case FAULTS -> maxFaults;
        };
    }
}
