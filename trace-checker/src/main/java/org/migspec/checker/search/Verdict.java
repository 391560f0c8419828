package org.migspec.checker.search;

/** The answer to "is this recorded run a behaviour the spec allows?". */
public enum Verdict {
    ACCEPTED, REJECTED, UNDECIDED
}
