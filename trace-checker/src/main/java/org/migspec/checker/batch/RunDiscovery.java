package org.migspec.checker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.migspec.checker.cli.BadInput;
import org.migspec.checker.cli.LogRef;
import org.migspec.checker.cli.RunSpec;
import org.migspec.checker.input.Side;
import org.migspec.checker.spec.QemuVersions;

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
 * logs, mapped by {@link QemuVersions} (7.0 to 10.1: legacy; 10.2 to 10.x: v4; 11.0 and
 * later: v11).  A greeting whose version no variant models, or that cannot be read, is bad
 * input for that run (unless --variant or an NDJSON header gives the variant).
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
        return hint != null ? new RunSpec(name, logs, hint, source) : withQmpVariant(name, logs, d);
    }

    /**
     * The run with the variant of the QEMU version in the QMP greeting of {@code src.qmp.jsonl}
     * or {@code dst.qmp.jsonl} in {@code d} (the first that has one), or with no variant hint
     * if neither has a greeting.  Used by batch mode and by a single check whose logs share a
     * directory.
     */
    public static RunSpec withQmpVariant(String name, List<LogRef> logs, Path d) {
        for (String q : new String[] {"src.qmp.jsonl", "dst.qmp.jsonl"}) {
            QmpVersion ver = qemuVersion(d.resolve(q));
            if (ver == null) continue;
            if (ver.error() != null) return new RunSpec(name, logs, null, null, ver.error());
            String hint = QemuVersions.variantFor(ver.major(), ver.minor());
            if (hint == null) {
                return new RunSpec(name, logs, null, null, ver.where() + "QMP.version.qemu: QEMU " + ver.major()
                        + "." + ver.minor() + " has no spec variant (" + QemuVersions.describe() + "); give --variant");
            }
            return new RunSpec(name, logs, hint,
                    "the QMP greeting in " + q + " (QEMU " + ver.major() + "." + ver.minor() + ")");
        }
        return new RunSpec(name, logs, null, null);
    }

    /**
     * The QEMU version of a QMP greeting: major and minor, or why it cannot be read.
     *
     * @param where "FILE:LINE: ", the greeting's line
     * @param error the one-line bad-input message, or null
     */
    record QmpVersion(int major, int minor, String where, String error) {
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

    /**
     * The version in the {"QMP": {"version": {"qemu": {"major": .., "minor": ..}}}} greeting of a
     * QMP log (bare, or under "msg" as ./migspec run and the real runs record it), or null if the
     * file does not exist or has no greeting in its first 50 lines.  A greeting without an integer
     * major and minor is an error naming the line and the field.
     */
    static QmpVersion qemuVersion(Path qmp) {
        if (!Files.isRegularFile(qmp)) return null;
        try (BufferedReader r = Files.newBufferedReader(qmp, StandardCharsets.UTF_8)) {
            String l;
            int n = 0;
            while ((l = r.readLine()) != null && n++ < 50) {
                if (!l.contains("\"QMP\"")) continue;
                String where = qmp + ":" + n + ": ";
                JsonNode j;
                try {
                    j = JSON.readTree(l);
                } catch (IOException e) {
                    return new QmpVersion(0, 0, where, where + "QMP: malformed JSON in the greeting");
                }
                JsonNode g = j.has("msg") ? j.path("msg").path("QMP") : j.path("QMP");
                if (g.isMissingNode()) continue;
                JsonNode q = g.path("version").path("qemu");
                for (String f : new String[] {"major", "minor"}) {
                    if (!q.path(f).isInt() || q.path(f).asInt() < 0) {
                        return new QmpVersion(0, 0, where, where + "QMP.version.qemu." + f + ": "
                                + (q.has(f) ? "not a version number: " + q.get(f) : "missing"));
                    }
                }
                return new QmpVersion(q.path("major").asInt(), q.path("minor").asInt(), where, null);
            }
        } catch (IOException | RuntimeException e) {
            return new QmpVersion(0, 0, qmp + ": ", qmp + ": cannot read: " + e.getMessage());
        }
        return null;
    }
}
