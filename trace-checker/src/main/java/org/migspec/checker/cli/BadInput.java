package org.migspec.checker.cli;

/**
 * Bad input or usage: exit code 2, one line on stderr ({@code migspec check: MESSAGE}).
 * The message names the file, line and column when there is one.
 */
public final class BadInput extends Exception {
    public BadInput(String message) {
        super(message);
    }
}
