package org.migspec.checker.spec;

/** The spec could not be loaded (missing module, parse error, bad constant). */
public final class SpecLoadException extends Exception {
    public SpecLoadException(String message) {
        super(message);
    }
}
