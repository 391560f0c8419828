package org.migspec.checker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.migspec.checker.cli.BadInput;
import org.migspec.checker.cli.LogRef;
import org.migspec.checker.cli.RunSpec;
import org.migspec.checker.input.Side;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runs under a directory.  A run is a directory holding the logs of one migration:
 * {@code src.trace.ndjson} and/or {@code dst.trace.ndjson} (./migspec run), or
 * {@code src.trace.<TID>.log} files and/or {@code dst.trace.<TID>.log} files (QEMU's per-thread
 * logs, {@code -d tid -D DIR/src.trace.%d.log}, checked as the pattern {@code src.trace.%d.log}),
 * or {@code src.trace.log} and/or {@code dst.trace.log} (QEMU's log backend, one file per process,
 * as in the shared real runs); in that order of preference if a directory has several.  Its variant, when neither --variant nor an NDJSON header gives one: a file
 * named {@code variant} (one word) in the run's directory or a parent up to DIR, else the
 * QEMU version in the QMP greeting of {@code src.qmp.jsonl}/{@code dst.qmp.jsonl} beside the
 * logs (before 10.2: legacy; 10.2 and later: v4).
 */
public final class RunDiscovery {
    static final String[] SRC = {"src.trace.ndjson", "src.trace.%d.log", "src.trace.log"};
    static final String[] DST = {"dst.trace.ndjson", "dst.trace.%d.log", "dst.trace.log"};
    private static final int MAX_DEPTH = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunDiscovery() {
    }

    public static List<RunSpec> find(Path root) throws BadInput {
        if (!Files.isDirectory(root)) throw new BadInput(root + ": no such directory (--batch)");
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, MAX_DEPTH)) {
            s.filter(Files::isDirectory).filter(RunDiscovery::isRun).forEach(dirs::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInput(root + ": cannot list: " + e.getMessage());
        }
        if (dirs.isEmpty()) {
            throw new BadInput(root + ": no runs (directories with src.trace.ndjson/dst.trace.ndjson, "
                    + "src.trace.<TID>.log/dst.trace.<TID>.log or src.trace.log/dst.trace.log)");
        }
        dirs.sort(Comparator.comparing(Path::toString));
        List<RunSpec> runs = new ArrayList<>();
        for (Path d : dirs) runs.add(run(root, d));
        return runs;
    }

    static boolean isRun(Path d) {
        return first(d, SRC) != null || first(d, DST) != null;
    }

    static RunSpec run(Path root, Path d) {
        String name = root.equals(d) ? String.valueOf(d.toAbsolutePath().normalize().getFileName())
                : root.relativize(d).toString();
        List<LogRef> logs = new ArrayList<>();
        Path s = first(d, SRC), t = first(d, DST);
        if (s != null) logs.add(new LogRef(s, Side.SRC));
        if (t != null) logs.add(new LogRef(t, Side.DST));
        String hint = null, source = null;
        for (Path p = d; p != null; p = p.getParent()) {
            Path v = p.resolve("variant");
            if (Files.isRegularFile(v)) {
                try {
                    String w = Files.readString(v, StandardCharsets.UTF_8).strip().split("\\s+")[0];
                    if (!w.isEmpty()) {
                        hint = w;
                        source = v.toString();
                    }
                } catch (IOException ignored) {
                    // unreadable: as if absent
                }
                break;
            }
            if (p.equals(root)) break;
        }
        if (hint == null) {
            for (String q : new String[] {"src.qmp.jsonl", "dst.qmp.jsonl"}) {
                int[] ver = qemuVersion(d.resolve(q));
                if (ver != null) {
                    hint = ver[0] > 10 || (ver[0] == 10 && ver[1] >= 2) ? "v4" : "legacy";
                    source = "the QMP greeting in " + q + " (QEMU " + ver[0] + "." + ver[1] + ")";
                    break;
                }
            }
        }
        return new RunSpec(name, logs, hint, source);
    }

    private static Path first(Path d, String[] names) {
        for (String n : names) if (n.contains("%d") ? hasThreadLogs(d, n) : Files.isRegularFile(d.resolve(n))) return d.resolve(n);
        return null;
    }

    /** Whether {@code d} holds a file of the per-thread pattern with a thread id for %d. */
    private static boolean hasThreadLogs(Path d, String pattern) {
        java.util.regex.Pattern fit = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(pattern.substring(0, pattern.indexOf("%d"))) + "[0-9]+"
                        + java.util.regex.Pattern.quote(pattern.substring(pattern.indexOf("%d") + 2)));
        try (Stream<Path> s = Files.list(d)) {
            return s.anyMatch(f -> fit.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** major, minor of the {"QMP": {"version": {"qemu": ...}}} greeting in a QMP log, or null. */
    static int[] qemuVersion(Path qmp) {
        if (!Files.isRegularFile(qmp)) return null;
        try (BufferedReader r = Files.newBufferedReader(qmp, StandardCharsets.UTF_8)) {
            String l;
            int n = 0;
            while ((l = r.readLine()) != null && n++ < 50) {
                if (!l.contains("\"QMP\"")) continue;
                JsonNode j = JSON.readTree(l);
                JsonNode g = j.has("msg") ? j.path("msg").path("QMP") : j.path("QMP");
                JsonNode q = g.path("version").path("qemu");
                if (q.path("major").isInt()) return new int[] {q.path("major").asInt(), q.path("minor").asInt()};
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
