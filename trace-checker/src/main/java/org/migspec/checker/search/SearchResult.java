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
 * @param abstractStates the abstract states (spec/AbstractState.tla) of those states
 * @param rejection  null when accepted: the first unexplained line and the state reached
 *                   (for an undecided run, the furthest the search got)
 * @param bounds     every bound that cut a branch, with the first place it did (empty:
 *                   the search was exhaustive); non-empty and not accepted means UNDECIDED
 * @param faults     accepted: the faults and quits the explanation took without a logged marker
 * @param hidden     accepted: the explanation's hidden steps (no event in any log), per action
 * @param assumptions the unlogged faults the explanation was allowed, with why
 * @param notAssumed kinds of unlogged fault the search met and could not take (no record, no --assume)
 * @param files      per log: name, format, events read, events mapped and matched, skipped counts
 */
public record SearchResult(Verdict verdict, String reason, List<PathStep> path, long steps,
                           java.util.Set<String> actionsTaken, long[] states,
                           java.util.Set<String> abstractStates, Rejection rejection,
                           List<FileStats> files, long nodes, long distinctStates, long nanos,
                           Map<Bound, BoundHit> bounds, List<FaultUse> faults, Map<String, Long> hidden,
                           AllowedFaults assumptions, java.util.Set<String> notAssumed, boolean clockOrdered) {

    public long hiddenSteps() {
        long n = 0;
        for (long v : hidden.values()) n += v;
        return n;
    }

    public record FileStats(String file, String side, String format, long events, long mapped, long matched,
                            Map<String, Long> skipped) {
    }

    public long events() {
        long n = 0;
        for (FileStats f : files) n += f.events();
        return n;
    }
}
