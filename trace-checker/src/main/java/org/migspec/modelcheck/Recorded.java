package org.migspec.modelcheck;

/**
 * The numbers of a model's last recorded run (manifest {@code recorded}), kept so
 * that a change of the state space shows up in review.  Any of them may be null.
 */
public record Recorded(Long distinct, Long generated, Long depth, Double seconds) {
}
