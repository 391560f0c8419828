package org.migspec.modelcheck;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The exit-code contract of the model-checking tools (check-spec, deep-check): a bad option or a
 * {@link BadInputException} is one line and exit 2, anything else an internal error with its
 * stack trace and exit 3; the command's own result otherwise.
 */
final class ToolCommandLine {

    private ToolCommandLine() {
    }

    static int execute(String name, Object command, PrintStream out, PrintStream err, String[] args) {
        return new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((ex, a) -> {
                    err.println(name + ": " + ex.getMessage() + " (see --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((ex, line, parse) -> {
                    if (ex instanceof BadInputException) {
                        err.println(name + ": " + ex.getMessage());
                        return 2;
                    }
                    err.println(name + ": internal error");
                    ex.printStackTrace(err);
                    return 3;
                })
                .execute(args);
    }
}
