package org.migspec.modelcheck;

/**
 * TLC's final statistics; any of them may be null when TLC stopped before printing them.
 *
 * @param generated states generated
 * @param distinct  distinct states found
 * @param left      states left on the queue (non-zero when TLC stopped at an error)
 * @param depth     the depth of the state graph search (from the last progress report
 *                  when TLC printed no final depth, as for liveness violations)
 */
public record TlcStats(Long generated, Long distinct, Long left, Long depth) {
    public static final TlcStats NONE = new TlcStats(null, null, null, null);
}
