package org.migspec.checker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.checker.batch.RunDiscovery;
import org.migspec.checker.cli.LogRef;
import org.migspec.checker.cli.RunSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.inProcess;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.runsByName;

/**
 * The real per-thread samples (src/test/resources/qemu-tid-logs: QEMU 7.2.22 and 11.1.3,
 * {@code -d tid -D DIR/src.trace.%d.log}) through the CLI: accepted by their variant, with
 * the same verdicts as the same runs merged into one file per process, and the bad-input
 * cases of the per-thread form (exit 2, one line naming the file).
 */
class PerThreadLogsTest {
    static final Path SAMPLES = CheckerTestSupport.repo().resolve("trace-checker/src/test/resources/qemu-tid-logs");
    static final List<String> RUNS = List.of("qemu-11.1/postcopy", "qemu-11.1/postcopy-pause-recover-src", "qemu-11.1/precopy",
            "qemu-7.2/postcopy", "qemu-7.2/precopy");

    @TempDir
    Path tmp;

    private static Path sample(String run) {
        Path p = SAMPLES.resolve(run);
        assertTrue(Files.isDirectory(p), "the per-thread sample " + p + " is missing from the repository");
        return p;
    }

    @Test
    void batchFindsThePerThreadRuns() throws Exception {
        sample(RUNS.get(0));
        List<RunSpec> runs = RunDiscovery.find(SAMPLES);
        assertEquals(RUNS, runs.stream().map(RunSpec::name).toList());
        for (RunSpec r : runs) {
            assertEquals(List.of("src.trace.%d.log", "dst.trace.%d.log"),
                    r.logs().stream().map(LogRef::path).map(p -> p.getFileName().toString()).toList());
            assertEquals(r.name().startsWith("qemu-7.2") ? "legacy" : "v11", r.variantHint(), r.variantSource());
        }
    }

    @Test
    void theSamplesAreAcceptedAndGiveTheVerdictsOfTheSameRunsInOneFile() throws Exception {
        Path perThread = tmp.resolve("per-thread.json");
        var r = child("--batch", SAMPLES.toString(), "--jobs", "1", "--json", perThread.toString());
        assertEquals(0, r.exit(), r.all());
        Map<String, JsonNode> split = runsByName(readJson(perThread));
        assertEquals(RUNS, List.copyOf(split.keySet()));
        for (JsonNode run : split.values()) {
            assertEquals("accepted", run.path("verdict").asText(), run.toString());
            for (JsonNode log : run.path("logs")) assertEquals("QEMU per-thread logs (-d tid)", log.path("format").asText());
        }
        // the same runs as QEMU writes them without -d tid: one file per process, by time
        Path single = tmp.resolve("single");
        for (String run : RUNS) {
            Path from = sample(run), to = single.resolve(run);
            Files.createDirectories(to);
            for (String side : List.of("src", "dst")) {
                Files.write(to.resolve(side + ".trace.log"), mergeByTime(from, side));
                Files.copy(from.resolve(side + ".qmp.jsonl"), to.resolve(side + ".qmp.jsonl"));
            }
            Path events = Files.isRegularFile(from.resolve("trace-events.txt")) ? from.resolve("trace-events.txt")
                    : from.getParent().resolve("trace-events.txt");
            Files.copy(events, to.resolve("trace-events.txt"));
        }
        Path oneFile = tmp.resolve("single.json");
        r = child("--batch", single.toString(), "--jobs", "1", "--json", oneFile.toString());
        assertEquals(0, r.exit(), r.all());
        Map<String, JsonNode> merged = runsByName(readJson(oneFile));
        for (String run : RUNS) {
            assertEquals(split.get(run).path("verdict"), merged.get(run).path("verdict"), run);
            assertEquals(split.get(run).path("logs").get(0).path("events"), merged.get(run).path("logs").get(0).path("events"), run);
            assertTrue(merged.get(run).path("logs").get(0).path("format").asText().startsWith("QEMU log ("), run);
        }
    }

    private static final Pattern STAMP = Pattern.compile("^(?:\\d+@(\\d+)\\.(\\d+):|(\\S+Z) )");

    /** One side's thread files as one log, by timestamp, each thread's lines in its file's order. */
    static List<String> mergeByTime(Path run, String side) throws IOException {
        record Line(long ts, int tid, int n, String text) {
        }
        List<Line> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches(side + "\\.trace\\.\\d+\\.log")).toList()) {
                int tid = Integer.parseInt(f.getFileName().toString().split("\\.")[2]);
                List<String> lines = Files.readAllLines(f);
                long last = Long.MIN_VALUE;
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = STAMP.matcher(lines.get(i));
                    assertTrue(m.find(), f + ":" + (i + 1) + ": no timestamp");
                    long ts = m.group(3) != null ? nanos(Instant.parse(m.group(3)))
                            : Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong((m.group(2) + "00000").substring(0, 6)) * 1000;
                    last = Math.max(last, ts);   // a thread's own order stands: never before its previous line
                    all.add(new Line(last, tid, i, lines.get(i)));
                }
            }
        }
        all.sort(Comparator.comparingLong(Line::ts).thenComparingInt(Line::tid).thenComparingInt(Line::n));
        return all.stream().map(Line::text).toList();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void thePatternOnTheCommandLine() throws Exception {
        Path run = sample("qemu-11.1/precopy");   // v4 precopy: the in-process configuration
        var r = inProcess("--variant", "v4", "--qemu-log", run.resolve("src.trace.%d.log").toString(),
                run.resolve("dst.trace.%d.log").toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("ACCEPTED  precopy"), r.all());
        assertTrue(r.out().contains("src.trace.%d.log  [QEMU per-thread logs (-d tid)]"), r.all());
    }

    /** A copy of the 11.1 precopy sample to break. */
    private Path copy() throws IOException {
        Path from = sample("qemu-11.1/precopy"), to = tmp.resolve("run");
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        Files.copy(from.getParent().resolve("trace-events.txt"), to.resolve("trace-events.txt"));
        return to;
    }

    private static CheckerTestSupport.Result check(Path run) {
        return inProcess("--variant", "v4", run.resolve("src.trace.%d.log").toString(), run.resolve("dst.trace.%d.log").toString());
    }

    @Test
    void aMutatedSampleIsRejectedAtTheLineOfItsThreadsFile() throws Exception {
        Path run = copy();
        // the migration thread's `device` state change removed: v4 never completes from active
        Path f = run.resolve("src.trace.11786.log");
        List<String> l = new ArrayList<>(Files.readAllLines(f));
        assertTrue(l.remove("2026-12-04T17:24:12.926785Z migrate_set_state new state device"), f.toString());
        Files.write(f, l);
        var r = check(run);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("rejected at " + f + ":33: migration_block_activation(name=inactive)"), r.all());
        // a per-thread log's line numbers are its thread files': the prefix names the file
        assertTrue(r.out().contains("6 of 10 mapped events matched, through " + f + ":27"), r.all());
    }

    /** The migration thread's file of the 11.1 precopy sample, every line stamped {@code micros} earlier. */
    private static void earlier(Path run, long micros) throws IOException {
        Path f = run.resolve("src.trace.11786.log");
        List<String> early = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            int sp = line.indexOf(' ');
            early.add(Instant.parse(line.substring(0, sp)).minusNanos(micros * 1000) + line.substring(sp));
        }
        Files.write(f, early);
    }

    /**
     * The order across threads of a merged per-thread log is only approximate, and the search
     * must not take it as strict: the migration thread's lines 7.44 ms early (the clock read
     * before the line is written, each thread writing its own file) put its `active` before
     * the main thread's `setup`, which created it (but after the `qmp_enter_migrate` that
     * started it: R15).  As per-thread logs: accepted.  The same lines as one file, whose
     * order QEMU's log lock makes exact, would show a real violation: rejected there.
     */
    @Test
    void aThreadsTimestampsAheadOfItsCreatorDoNotRejectAMergedLog() throws Exception {
        Path run = copy();
        earlier(run, 7_440);   // active: 12.847058 -> 12.839618, between the marker (.839605) and setup (.839644)
        var r = check(run);
        assertEquals(0, r.exit(), r.all());

        Path single = tmp.resolve("single");
        Files.createDirectories(single);
        for (String side : List.of("src", "dst")) Files.write(single.resolve(side + ".trace.log"), mergeByTime(run, side));
        Files.copy(run.resolve("trace-events.txt"), single.resolve("trace-events.txt"));
        r = inProcess("--variant", "v4", single.resolve("src.trace.log").toString(), single.resolve("dst.trace.log").toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("rejected at " + single.resolve("src.trace.log") + ":11: migrate_set_state(new_state=active)"),
                r.all());
        // one file: the prefix is a line of that file, as it always was
        assertTrue(r.out().contains("3 of 11 mapped events matched, through line 10\n"), r.all());
    }

    /**
     * R15 in per-thread logs rests on the clocks: the migration thread stamped 20 ms early puts
     * its `active` before the `qmp_enter_migrate` whose command created the thread, which a
     * clock that did not step back rules out.  Rejected, and the report says it used the
     * clocks; with --no-timestamps the clocks order nothing and the run is accepted.
     */
    @Test
    void aThreadStampedBeforeTheCommandThatStartedItIsRejectedByTheClocks() throws Exception {
        Path run = copy();
        earlier(run, 20_000);
        // the search tries every later spec step for the misplaced line; past precopy's
        // completion (two steps since the crash point between the stop and the switchover)
        // that is 11 steps ahead: the default 10 cuts it, says so, and names the flag
        var r = check(run);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().startsWith("UNDECIDED") && r.out().contains("--max-steps-ahead"), r.all());
        r = inProcess("--variant", "v4", "--max-steps-ahead", "11", run.resolve("src.trace.%d.log").toString(),
                run.resolve("dst.trace.%d.log").toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("REJECTED"), r.all());
        assertTrue(r.out().contains("it rests on the clocks of per-thread logs (R15"), r.all());
        r = inProcess("--variant", "v4", "--no-timestamps", run.resolve("src.trace.%d.log").toString(),
                run.resolve("dst.trace.%d.log").toString());
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void noFilesMatch() throws Exception {
        Path run = copy();
        try (Stream<Path> s = Files.list(run)) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith("dst.trace.")).toList()) Files.delete(f);
        }
        BadInputTest.bad(check(run), run.resolve("dst.trace.%d.log") + ": ", "no files match the per-thread pattern");
    }

    @Test
    void aFileNameThatIsNotAThreadId() throws Exception {
        Path run = copy();
        Files.copy(run.resolve("src.trace.11777.log"), run.resolve("src.trace.main.log"));
        BadInputTest.bad(check(run), run.resolve("src.trace.main.log") + ": ", "\"main\" in place of %d of src.trace.%d.log is not a thread id");
    }

    @Test
    void aMalformedLineInOneThreadsFile() throws Exception {
        Path run = copy();
        Path f = run.resolve("dst.trace.11778.log");
        List<String> l = new ArrayList<>(Files.readAllLines(f));
        l.set(6, "qemu-system-x86_64: warning: something");
        Files.write(f, l);
        BadInputTest.bad(check(run), f + ":7:1: ", "not a trace line in a QEMU log (ISO-8601 time)");
    }

    @Test
    void anInvalidThreadsJson() throws Exception {
        Path run = copy();
        Files.writeString(run.resolve("src.threads.json"), "{\"pid\": 11777, \"threads\": [\"mig/src/main\"]}");
        BadInputTest.bad(check(run), run.resolve("src.threads.json") + ":1:27: ", "threads: expected an object {tid: name}");
    }
}
