package org.migspec.checker.cli;

import org.migspec.modelcheck.CheckSpec;
import picocli.CommandLine;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code ./migspec check ...} (trace checking, {@link CheckCommand}) and
 * {@code ./migspec model ...} (the model-checking matrix, {@link CheckSpec}).
 * Exit codes of check: 0 accepted, 1 rejected or undecided, 2 bad input or usage,
 * 3 internal error.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrivateTmp.install();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs a command line; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("model")) {
            return CheckSpec.execute(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("qemu-report")) {
            return qemuReport(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        String[] rest = args.length > 0 && args[0].equals("check") ? Arrays.copyOfRange(args, 1, args.length) : args;
        CheckCommand cmd = new CheckCommand(out, err);
        CommandLine cl = new CommandLine(cmd)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler((ex, a) -> {
                    err.println("migspec check: " + oneLine(ex.getMessage()) + " (see --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((ex, line, parse) -> {
                    if (ex instanceof BadInput) {
                        err.println("migspec check: " + oneLine(ex.getMessage()));
                        return 2;
                    }
                    err.println("migspec check: internal error: " + oneLine(ex));
                    if (Boolean.getBoolean("migspec.debug")) ex.printStackTrace(err);
                    return 3;
                });
        return cl.execute(rest);
    }

    /** {@code qemu-report FILE DIR...}: report.md over the output folders of ./migspec qemu. */
    private static int qemuReport(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("migspec qemu-report: usage: qemu-report REPORT.md DIR...");
            return 2;
        }
        java.util.List<java.nio.file.Path> dirs = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            java.nio.file.Path d = java.nio.file.Path.of(args[i]);
            if (!java.nio.file.Files.isRegularFile(d.resolve("runs.json"))) {
                err.println("migspec qemu-report: " + d + ": no runs.json (not an output folder of ./migspec qemu)");
                return 2;
            }
            dirs.add(d);
        }
        try {
            int rows = org.migspec.checker.report.QemuRunsReport.write(dirs, java.nio.file.Path.of(args[0]));
            out.println("wrote " + args[0] + " (" + rows + " runs)");
            return 0;
        } catch (java.io.IOException | RuntimeException e) {
            err.println("migspec qemu-report: " + oneLine(e));
            return 2;
        }
    }

    /** One line for a message or an exception (no stack trace). */
    public static String oneLine(Object o) {
        String s;
        if (o instanceof Throwable t) {
            s = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            StackTraceElement[] st = t.getStackTrace();
            if (st.length > 0) s += " (at " + st[0].getClassName() + "." + st[0].getMethodName() + ":" + st[0].getLineNumber() + ")";
        } else {
            s = String.valueOf(o);
        }
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
