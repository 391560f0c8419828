package org.migspec.checker.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run of QEMU's per-thread logs ({@code -d tid}: {@code src.trace.<TID>.log}, ...) as QEMU
 * writes it without {@code -d tid}: one file per process, the lines merged by timestamp (then
 * thread id, then each file's own order), ISO lines carrying no thread id. The order across
 * threads is the clocks' (approximate: QEMU reads the clock before it takes the log lock), which
 * a single file's reader takes as exact; the bench uses these copies as long logs without thread
 * ids (PerThreadLogsTest merges its samples the same way).
 */
final class MergedLogs {
    private static final Pattern STAMP = Pattern.compile("^(?:\\d+@(\\d+)\\.(\\d+):|(\\S+Z) )");

    private MergedLogs() {
    }

    /** Writes {@code to/src.trace.log} and {@code to/dst.trace.log} and copies the run's records beside them. */
    static void write(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String side : List.of("src", "dst")) {
            List<String> lines = merge(from, side);
            if (!lines.isEmpty()) Files.write(to.resolve(side + ".trace.log"), lines, StandardCharsets.UTF_8);
            for (String rec : List.of(side + ".qmp.jsonl")) {
                if (Files.isRegularFile(from.resolve(rec))) {
                    Files.copy(from.resolve(rec), to.resolve(rec), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        for (String rec : List.of("result.json", "summary.json", "trace-events.txt", "trace-events.used.txt")) {
            Path p = from.resolve(rec);
            if (!Files.isRegularFile(p) && rec.startsWith("trace-events") && from.getParent() != null) {
                p = from.getParent().resolve(rec);
            }
            if (Files.isRegularFile(p)) Files.copy(p, to.resolve(rec), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static List<String> merge(Path run, String side) throws IOException {
        record Line(long ts, int tid, int n, String text) {
        }
        List<Line> all = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(run)) {
            files = s.filter(p -> p.getFileName().toString().matches(side + "\\.trace\\.\\d+\\.log")).sorted().toList();
        }
        for (Path f : files) {
            int tid = Integer.parseInt(f.getFileName().toString().split("\\.")[2]);
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            long last = Long.MIN_VALUE;
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = STAMP.matcher(lines.get(i));
                if (!m.find()) throw new IOException(f + ":" + (i + 1) + ": no timestamp");
                long ts;
                if (m.group(3) != null) {
                    Instant t = Instant.parse(m.group(3));
                    ts = t.getEpochSecond() * 1_000_000_000L + t.getNano();
                } else {
                    ts = Long.parseLong(m.group(1)) * 1_000_000_000L
                            + Long.parseLong((m.group(2) + "00000").substring(0, 6)) * 1000;
                }
                last = Math.max(last, ts);   // a thread's own order stands: never before its previous line
                all.add(new Line(last, tid, i, lines.get(i)));
            }
        }
        all.sort(Comparator.comparingLong(Line::ts).thenComparingInt(Line::tid).thenComparingInt(Line::n));
        return all.stream().map(Line::text).toList();
    }
}
