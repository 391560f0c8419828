package org.migspec.checker.spec;

import java.util.List;

/** The spec's `step` record: which thread took the step, which action, and its events. */
public record StepInfo(String actor, String action, List<SpecEvent> events) {
}
