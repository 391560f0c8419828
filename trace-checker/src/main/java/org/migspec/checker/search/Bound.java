package org.migspec.checker.search;

/**
 * The limits of the search.  Each one can cut a branch that is the only explanation of a
 * run, so a run the search did not accept is REJECTED only when none of them cut anything;
 * otherwise it is UNDECIDED, naming the bound, where it first bit and the flag that raises it.
 */
public enum Bound {
    HIDDEN_STEPS("--max-steps-ahead", "spec steps in a row without matching a log line"),
    PENDING("--max-pending", "spec events emitted and not yet matched by a log line"),
    LOOKAHEAD("--lookahead", "lines of a log without thread names in which a pending event must find its line"),
    LANE_LOOKAHEAD("--lane-lookahead", "lines of a log with thread names in which a pending event must find its thread's line"),
    WINDOW("--window", "matched events the search may backtrack over (older choices are final)"),
    NODES("--max-nodes", "search nodes"),
    LAX_NODES("--max-lax-nodes", "search nodes of the second pass (without the lanes' lookahead) that places the blame"),
    FAULTS("--max-faults", "faults per behaviour, logged or not (the spec's MaxFaults: no fault is enabled after that many)");

    /** The command-line flag that raises it. */
    public final String flag;
    /** What it limits. */
    public final String what;

    Bound(String flag, String what) {
        this.flag = flag;
        this.what = what;
    }

    /** The name in reports and JSON: "hidden-steps", "lane-lookahead", ... */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
