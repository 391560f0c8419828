package org.migspec.modelcheck;

/**
 * Bad input from the user (manifest, option, missing file): reported as one line,
 * exit code 2, no stack trace.
 */
public final class BadInputException extends Exception {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
