package org.migspec.modelcheck;

import java.nio.file.Path;

/**
 * The result of checking one model.
 *
 * @param model          the model
 * @param outcome        what TLC established
 * @param match          the outcome is the expected one
 * @param stats          TLC's numbers
 * @param seconds        wall time of the TLC run
 * @param exitCode       TLC's exit code; null if TLC did not run, -1 if it was killed
 * @param tlcVersion     TLC's version, or null
 * @param cfg            the cfg file written
 * @param tlcOutput      TLC's raw output
 * @param counterexample counterexample.md, or null when TLC printed no trace
 * @param traceLength    states in the trace, or null
 */
public record ModelResult(ModelEntry model, Outcome outcome, boolean match, TlcStats stats, double seconds,
                          Integer exitCode, String tlcVersion, Path cfg, Path tlcOutput, Path counterexample,
                          Integer traceLength) {
}
