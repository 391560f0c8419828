package org.migspec.checker.search;

import org.migspec.checker.input.TraceEvent;

import tlc2.tool.TLCState;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The part of the matched behaviour the search has made final (older than the window),
 * kept as a summary so that memory does not grow with the length of the logs: how many
 * spec steps it has, the actions and states it went through (for coverage), the last
 * steps themselves (for the report's diagram) and the last line it matched in each log.
 * Immutable; a new summary extends an old one when the search moves its window on.
 */
final class Committed {
    /** Steps kept for reports; the diagram shows the last 80 of them. */
    static final int TAIL = 400;

    /** One kept step: its number on the path, TLC's action name (null for Init) and state. */
    record Step(long number, String action, TLCState state, long fp) {
    }

    final long steps;              // spec steps up to the chain root (Init is step 0)
    final Set<String> actions;     // in first-taken order
    final Set<Long> states;
    final ArrayDeque<Step> tail;
    final TraceEvent[] lastMatched;  // per log, null if none

    private Committed(long steps, Set<String> actions, Set<Long> states, ArrayDeque<Step> tail, TraceEvent[] lastMatched) {
        this.steps = steps;
        this.actions = actions;
        this.states = states;
        this.tail = tail;
        this.lastMatched = lastMatched;
    }

    /** The summary of the initial state alone. */
    static Committed initial(TLCState init, long fp, int logs) {
        ArrayDeque<Step> tail = new ArrayDeque<>();
        tail.add(new Step(0, null, init, fp));
        Set<Long> states = new HashSet<>();
        states.add(fp);
        return new Committed(0, new LinkedHashSet<>(), states, tail, new TraceEvent[logs]);
    }

    /** This summary followed by the nodes of {@code chain} after its first element (its root). */
    Committed extend(java.util.List<Node> chain) {
        Set<String> actions = new LinkedHashSet<>(this.actions);
        Set<Long> states = new HashSet<>(this.states);
        ArrayDeque<Step> tail = new ArrayDeque<>(this.tail);
        TraceEvent[] last = Arrays.copyOf(lastMatched, lastMatched.length);
        long steps = this.steps;
        for (Node x : chain.subList(1, chain.size())) {
            if (x.via != null) {
                steps++;
                actions.add(x.via.action());
                states.add(x.fp);
                tail.add(new Step(steps, x.via.action(), x.state, x.fp));
                if (tail.size() > TAIL) tail.removeFirst();
            } else if (x.matchedStream >= 0) {
                last[x.matchedStream] = x.matched;
            }
        }
        return new Committed(steps, actions, states, tail, last);
    }
}
