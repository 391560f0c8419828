package org.migspec.impl.scenario;

/** A scenario that cannot run or whose step failed: one line, no stack trace. */
public final class ScenarioException extends Exception {
    public ScenarioException(String message) {
        super(message);
    }
}
