package org.migspec.checker.spec;

import tlc2.tool.TLCState;

/** One step TLC found: the action (TLC's split of Next) and the state it leads to. */
public record Successor(String action, TLCState state, StepInfo step, long fingerprint) {
}
