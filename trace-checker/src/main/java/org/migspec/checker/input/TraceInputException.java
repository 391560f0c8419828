package org.migspec.checker.input;

/**
 * Bad input: a line that is not a trace line, malformed JSON, a truncated file, a number
 * out of range, an unknown event with --strict, a wrong variant.  The message is the one
 * line the user sees: "FILE:LINE:COL: field: what is wrong".
 */
public final class TraceInputException extends Exception {
    private final String file;
    private final long line;
    private final int column;

    public TraceInputException(String file, long line, int column, String message) {
        super(file + (line > 0 ? ":" + line : "") + (column > 0 ? ":" + column : "") + ": " + message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public int column() {
        return column;
    }
}
