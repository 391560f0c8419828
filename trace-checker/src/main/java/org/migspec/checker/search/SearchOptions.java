package org.migspec.checker.search;

/**
 * Bounds of the search.
 *
 * @param maxAhead   spec steps the search may take past the last matched event (hidden
 *                   steps, and steps whose events have not been logged yet)
 * @param maxPending events emitted by the spec and not yet matched, across threads
 * @param window     events the search may backtrack over; older choices are final, so
 *                   memory stays bounded on long traces
 * @param maxNodes   search nodes before giving up with "undecided"
 * @param timestamps use the logs' timestamps: a line is matched before lines of the other
 *                   log that are more than {@code toleranceNanos} older only as a last
 *                   resort (explanations that respect time are tried first; timestamps
 *                   never decide a verdict)
 */
public record SearchOptions(int maxAhead, int maxPending, int window, long maxNodes, boolean timestamps,
                            long toleranceNanos) {

    /** The clocks of two processes on one host, or of two hosts kept in sync by NTP. */
    public static final long DEFAULT_TOLERANCE_NANOS = 50_000_000L;

    public SearchOptions(int maxAhead, int maxPending, int window, long maxNodes, boolean timestamps) {
        this(maxAhead, maxPending, window, maxNodes, timestamps, DEFAULT_TOLERANCE_NANOS);
    }

    public static SearchOptions defaults() {
        return new SearchOptions(10, 48, 500, Long.getLong("migspec.maxNodes", 5_000_000L), true);
    }
}
