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
 * @param timestamps order the two logs by timestamps first (never decides a verdict)
 */
public record SearchOptions(int maxAhead, int maxPending, int window, long maxNodes, boolean timestamps) {
    public static SearchOptions defaults() {
        return new SearchOptions(10, 48, 5000, Long.getLong("migspec.maxNodes", 5_000_000L), true);
    }
}
