package org.migspec.checker.spec;

import java.util.List;

/**
 * The spec's `step` record: which thread took the step, which action, its events, and the
 * threads it created (whose lines follow what the creating thread logged before).
 */
public record StepInfo(String actor, String action, List<SpecEvent> events, List<String> spawns) {
}
