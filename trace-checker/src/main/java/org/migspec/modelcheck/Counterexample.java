package org.migspec.modelcheck;

import java.util.List;

/**
 * TLC's error trace: the states in order and, for a liveness violation, how it
 * continues forever.  A lasso returns to state {@code backTo} (through the
 * action {@code backToAction}) and repeats from there; a stuttering trace stays
 * in its last state forever.
 *
 * @param states       the states, numbered from 1
 * @param backTo       the state the lasso returns to, or null
 * @param backToAction the action that closes the loop, or null
 * @param stuttering   the trace ends in infinite stuttering
 */
public record Counterexample(List<TraceState> states, Integer backTo, String backToAction, boolean stuttering) {

    public Counterexample {
        states = List.copyOf(states);
    }

    public boolean isLasso() {
        return backTo != null;
    }
}
