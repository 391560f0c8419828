package org.migspec.checker.search;

import org.migspec.checker.input.TraceEvent;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.checker.spec.SpecEvent;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why a run was rejected, at the furthest point any legal behaviour reached.
 *
 * @param failing        the first event no legal behaviour explains (the earliest of the
 *                       logs' next events at that point)
 * @param nextEvents     every log's next unmatched event there (null at the end of a log)
 * @param lastMatched    per log, the last matched event (null if none); its file is the
 *                       thread's file in per-thread logs
 * @param pending        events the spec had emitted that no log showed yet
 * @param enabled        actions TLC finds enabled in the state reached
 * @param candidates     for each action that can emit the failing event, its conjuncts
 *                       evaluated in that state, up to the first false one
 * @param wouldEmit      for each such action that is enabled there, the events of that
 *                       process its steps would emit instead (what the log contradicts)
 */
public record Rejection(TraceEvent failing, List<TraceEvent> nextEvents, List<TraceEvent> lastMatched,
                        List<SpecEvent> pending, Set<String> enabled,
                        Map<String, List<LoadedSpec.Conjunct>> candidates,
                        Map<String, List<List<SpecEvent>>> wouldEmit) {

    /** The line of log {@code i}'s last matched event, 0 if none. */
    public long matchedLine(int i) {
        TraceEvent e = lastMatched.get(i);
        return e == null ? 0 : e.line();
    }
}
