package org.migspec.checker.search;

import org.migspec.checker.input.TraceEvent;

import org.migspec.checker.spec.Successor;
import tlc2.tool.TLCState;

/**
 * A point of the search: the spec state, how far each log has been matched, the events
 * emitted but not yet matched, and how many steps were taken since the last match.
 * Nodes link to their parent so that a matched prefix can be shown.
 */
final class Node {
    final TLCState state;
    final long fp;
    final int[] cursor;
    final Pending pending;
    final int ahead;
    Node parent;              // null at the root of the chain the search keeps (see base)
    final Successor via;      // the spec step that led here, or null for a match
    final int matchedStream;  // the stream whose event was matched here, or -1
    final int steps;          // spec steps from the initial state
    final TraceEvent matched; // the log line matched here, or null (its file names the thread's file in per-thread logs)
    final int faults;         // fault steps taken (each is an explanation the log does not show)
    final int skew;           // lines matched before much older lines of the other log
    long seq;                 // creation order, for LIFO among equals
    Committed base;           // at the root of the kept chain: the final behaviour up to here
    Trail trail;              // the hidden steps and unlogged faults of the behaviour up to here
    int specFaults;           // fault steps of the behaviour, logged or not (the spec's hist.faults)

    /**
     * A persistent list (newest first) of what an explanation took without a log line: a
     * hidden step ({@code fault} null) or an unlogged fault or quit.  Shared by descendants.
     */
    record Trail(String action, FaultUse fault, Trail prev) {
    }

    Node(TLCState state, long fp, int[] cursor, Pending pending, int ahead, Node parent, Successor via,
         int matchedStream, int steps, TraceEvent matched, int faults, int skew) {
        this.state = state;
        this.fp = fp;
        this.cursor = cursor;
        this.pending = pending;
        this.ahead = ahead;
        this.parent = parent;
        this.via = via;
        this.matchedStream = matchedStream;
        this.steps = steps;
        this.matched = matched;
        this.faults = faults;
        this.skew = skew;
    }

    int consumed() {
        int n = 0;
        for (int c : cursor) n += c;
        return n;
    }
}
