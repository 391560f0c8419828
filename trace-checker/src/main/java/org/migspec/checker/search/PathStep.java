package org.migspec.checker.search;

import org.migspec.checker.spec.StepInfo;

import java.util.Map;

/**
 * One spec step of a matched prefix, with the state it leads to, for reports and diagrams.
 * {@code fingerprint} is TLC's fingerprint of that state (under TraceView), for coverage.
 */
public record PathStep(int number, String tlcAction, StepInfo step, Map<String, Object> variables, long fingerprint) {
}
