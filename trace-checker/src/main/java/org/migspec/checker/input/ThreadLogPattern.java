package org.migspec.checker.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * QEMU's per-thread log name, {@code -d tid -D DIR/src.trace.%d.log}: QEMU replaces {@code %d}
 * by the thread id (gettid) when a thread first logs, so one process leaves one file per
 * thread that logged.  This finds those files.
 */
public final class ThreadLogPattern {
    /** Linux thread ids are below pid_max (at most 2^22); QEMU prints them with %d, no leading 0. */
    private static final Pattern TID = Pattern.compile("[1-9][0-9]{0,8}");

    private ThreadLogPattern() {
    }

    /** Whether a log path given by the user is QEMU's per-thread pattern rather than a file. */
    public static boolean isPattern(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().contains("%d");
    }

    /**
     * The files the pattern names, by thread id (ascending).  Every file whose name fits the
     * pattern with anything in place of {@code %d} must have a thread id there: a file
     * {@code src.trace.x1.log} beside {@code src.trace.%d.log} is bad input, not ignored.
     */
    public static Map<Integer, Path> files(Path pattern) throws TraceInputException {
        String name = pattern.getFileName().toString();
        int at = name.indexOf("%d");
        if (name.indexOf("%d", at + 2) >= 0 || name.replace("%d", "").contains("%")) {
            throw new TraceInputException(pattern.toString(), 0, 0,
                    "per-thread log pattern: exactly one %d and no other % directive (QEMU's -D FILE with -d tid)");
        }
        Pattern fit = Pattern.compile(Pattern.quote(name.substring(0, at)) + "(.+)" + Pattern.quote(name.substring(at + 2)));
        Path dir = pattern.toAbsolutePath().getParent();
        Path shown = pattern.getParent();
        Map<Integer, Path> out = new TreeMap<>();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new TraceInputException(pattern.toString(), 0, 0, "no such directory: " + (shown == null ? dir : shown));
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s.sorted()::iterator) {
                Matcher m = fit.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(f)) continue;
                Path as = shown == null ? f.getFileName() : shown.resolve(f.getFileName());
                if (!TID.matcher(m.group(1)).matches()) {
                    throw new TraceInputException(as.toString(), 0, 0, "file name: \"" + m.group(1)
                            + "\" in place of %d of " + name + " is not a thread id");
                }
                out.put(Integer.parseInt(m.group(1)), as);
            }
        } catch (IOException e) {
            throw new TraceInputException(pattern.toString(), 0, 0, "cannot list " + dir + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new TraceInputException(pattern.toString(), 0, 0, "no files match the per-thread pattern (QEMU writes "
                    + name.replace("%d", "<TID>") + " once a thread logs)");
        }
        return out;
    }

    /**
     * Where the recording harness keeps the thread names of the process the pattern logs:
     * {@code DIR/src.threads.json} for {@code DIR/src.trace.%d.log} (the file name up to its first dot).
     */
    public static Path threadsJson(Path pattern) {
        String name = pattern.getFileName().toString();
        int dot = name.indexOf('.');
        String side = dot > 0 ? name.substring(0, dot) : name.substring(0, name.indexOf("%d"));
        return pattern.resolveSibling(side + ".threads.json");
    }
}
