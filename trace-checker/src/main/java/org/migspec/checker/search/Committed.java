package org.migspec.checker.search;

import org.migspec.checker.input.TraceEvent;

import tlc2.tool.TLCState;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The part of the matched behaviour the search has made final (older than the window),
 * kept as a summary so that memory does not grow with the length of the logs: how many
 * spec steps it has, the actions, states and abstract states (spec/AbstractState.tla) it
 * went through (for coverage; the projection is evaluated as steps become final), the last
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
    final Set<String> abstractStates;
    final ArrayDeque<Step> tail;
    final TraceEvent[] lastMatched;  // per log, null if none
    private final Function<TLCState, String> projection;

    private Committed(long steps, Set<String> actions, Set<Long> states, Set<String> abstractStates,
                      ArrayDeque<Step> tail, TraceEvent[] lastMatched, Function<TLCState, String> projection) {
        this.steps = steps;
        this.actions = actions;
        this.states = states;
        this.abstractStates = abstractStates;
        this.tail = tail;
        this.lastMatched = lastMatched;
        this.projection = projection;
    }

    /** The summary of the initial state alone; {@code projection} gives a state's abstract state. */
    static Committed initial(TLCState init, long fp, int logs, Function<TLCState, String> projection) {
        ArrayDeque<Step> tail = new ArrayDeque<>();
        tail.add(new Step(0, null, init, fp));
        Set<Long> states = new HashSet<>();
        states.add(fp);
        Set<String> abs = new TreeSet<>();
        abs.add(projection.apply(init));
        return new Committed(0, new LinkedHashSet<>(), states, abs, tail, new TraceEvent[logs], projection);
    }

    /** This summary followed by the nodes of {@code chain} after its first element (its root). */
    Committed extend(java.util.List<Node> chain) {
        Set<String> actions = new LinkedHashSet<>(this.actions);
        Set<Long> states = new HashSet<>(this.states);
        Set<String> abs = new TreeSet<>(this.abstractStates);
        ArrayDeque<Step> tail = new ArrayDeque<>(this.tail);
        TraceEvent[] last = Arrays.copyOf(lastMatched, lastMatched.length);
        long steps = this.steps;
        for (Node x : chain.subList(1, chain.size())) {
            if (x.via != null) {
                steps++;
                actions.add(x.via.action());
                if (states.add(x.fp)) abs.add(projection.apply(x.state));
                tail.add(new Step(steps, x.via.action(), x.state, x.fp));
                if (tail.size() > TAIL) tail.removeFirst();
            } else if (x.matchedStream >= 0) {
                last[x.matchedStream] = x.matched;
            }
        }
        return new Committed(steps, actions, states, abs, tail, last, projection);
    }
}
