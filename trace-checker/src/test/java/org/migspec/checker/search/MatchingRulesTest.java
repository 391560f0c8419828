package org.migspec.checker.search;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.checker.CheckerTestSupport;
import org.migspec.checker.input.Side;
import org.migspec.checker.input.TraceEvent;
import org.migspec.checker.input.TraceFile;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.checker.spec.SpecEvent;
import org.migspec.checker.spec.TraceConfig;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matching relation of trace-checker/README.md ("The matching relation"), one rule at a
 * time, on tiny hand-made logs of one QEMU 10.2 precopy migration (the in-process spec
 * configuration "v4"): each rule has a log it accepts and a log it rejects.  The base run
 * is the mapped lines of qemu-runs/qemu-10.2/s1a_precopy_success (the destination's final
 * `quit` left out); which spec thread logs each line is in the comments of {@link #SRC}.
 * Unless a test says otherwise no unlogged fault is allowed ({@link AllowedFaults#none()}).
 */
class MatchingRulesTest {
    @TempDir
    Path dir;

    private static LoadedSpec spec;

    @BeforeAll
    static void load() throws Exception {
        spec = LoadedSpec.load(CheckerTestSupport.specDir(), new TraceConfig(CheckerTestSupport.IN_PROCESS_KEY,
                false, false, false, false));
    }

    // ---- the base run, as "thread|event|args" (NDJSON: the thread names MigSpec and QEMU give) ----

    /** The source: the main thread, then (after MigrationConnect created it) the migration thread. */
    static final List<String> SRC = List.of(
            "main|migration_block_activation|\"name\":\"active\"",                                       // VmStartAtBoot
            "main|runstate_set|\"current_run_state\":\"prelaunch\",\"new_state\":\"running\"",
            "main|qmp_enter_migrate|\"params\":{\"uri\":\"tcp:127.0.0.1:4444\"}",                       // QmpMigrate
            "main|migrate_set_state|\"new_state\":\"setup\"",
            "mig/src/main|migrate_set_state|\"new_state\":\"active\"",                                   // MigrationThreadSetup
            "mig/src/main|runstate_set|\"current_run_state\":\"running\",\"new_state\":\"finish-migrate\"", // MigrationCompletionPrecopy
            "mig/src/main|migrate_set_state|\"new_state\":\"device\"",
            "mig/src/main|migration_block_activation|\"name\":\"inactive\"",
            "mig/src/main|migrate_set_state|\"new_state\":\"completed\"",                                // MigrationCompletionEnd
            "mig/src/main|migration_thread_after_loop|",                                                 // MigrationIterationFinish
            "mig/src/main|runstate_set|\"current_run_state\":\"finish-migrate\",\"new_state\":\"postmigrate\"");

    /** The destination: one thread (the main loop's coroutine) in precopy. */
    static final List<String> DST = List.of(
            "main|qmp_enter_migrate_incoming|\"params\":{\"uri\":\"tcp:127.0.0.1:4444\"}",
            "main|migrate_set_state|\"new_state\":\"setup\"",
            "main|migrate_set_state|\"new_state\":\"active\"",
            "main|process_incoming_migration_co_end|\"ret\":0",
            "main|migration_block_activation|\"name\":\"active\"",
            "main|runstate_set|\"current_run_state\":\"inmigrate\",\"new_state\":\"running\"",
            "main|migrate_set_state|\"new_state\":\"completed\"");

    /** The same source as QEMU 10.2 writes it (one file, no thread ids). */
    static final List<String> SRC_QEMU = List.of(
            "migration_block_activation active",
            "runstate_set current_run_state 6 (prelaunch) new_state 9 (running)",
            "qmp_enter_migrate {\"uri\": \"tcp:127.0.0.1:4444\"}",
            "migrate_set_state new state setup",
            "migrate_set_state new state active",
            "runstate_set current_run_state 9 (running) new_state 7 (finish-migrate)",
            "migrate_set_state new state device",
            "migration_block_activation inactive",
            "migrate_set_state new state completed",
            "migration_thread_after_loop ",
            "runstate_set current_run_state 7 (finish-migrate) new_state 5 (postmigrate)");

    static final List<String> DST_QEMU = List.of(
            "qmp_enter_migrate_incoming {\"uri\": \"tcp:127.0.0.1:4444\"}",
            "migrate_set_state new state setup",
            "migrate_set_state new state active",
            "process_incoming_migration_co_end ret=0",
            "migration_block_activation active",
            "runstate_set current_run_state 1 (inmigrate) new_state 9 (running)",
            "migrate_set_state new state completed");

    // ---- helpers ----

    private int files;

    /** An NDJSON log of {@code side}; {@code events} is the header's "events" (null: "all"). */
    private Path ndjson(Side side, List<String> lines, List<String> events) throws Exception {
        List<String> out = new ArrayList<>();
        String ev = events == null ? "\"all\"" : "[" + String.join(",", events.stream().map(e -> "\"" + e + "\"").toList()) + "]";
        out.add("{\"header\":{\"format\":\"migspec-trace\",\"version\":1,\"variant\":\"v4\",\"side\":\"" + side.prefix()
                + "\",\"capabilities\":{},\"events\":" + ev + "}}");
        for (String l : lines) {
            String[] p = l.split("\\|", 3);
            String thread = p[0].isEmpty() ? "" : "\"thread\":\"" + p[0] + "\",";
            out.add("{\"pid\":1," + thread + "\"event\":\"" + p[1] + "\",\"args\":{" + p[2] + "}}");
        }
        Path f = dir.resolve((files++) + "-" + side.prefix() + ".trace.ndjson");
        Files.write(f, out);
        return f;
    }

    private Path ndjson(Side side, List<String> lines) throws Exception {
        return ndjson(side, lines, null);
    }

    /** A QEMU log (format recognised from the lines) in a directory of its own. */
    private Path qemu(Side side, List<String> lines) throws Exception {
        Path d = dir.resolve("q" + (files++));
        Files.createDirectories(d);
        Path f = d.resolve(side.prefix() + ".trace.log");
        Files.write(f, lines);
        return f;
    }

    private static SearchResult check(SearchOptions opt, AllowedFaults a, Path src, Path dst) throws Exception {
        TraceFile s = TraceFile.open(src, false, null);
        TraceFile d = TraceFile.open(dst, false, null);
        s.assumeSide(Side.SRC);
        d.assumeSide(Side.DST);
        try (s; d) {
            return new TraceSearch(spec, List.of(s, d), opt, a).run();
        }
    }

    private static SearchResult check(Path src, Path dst) throws Exception {
        return check(SearchOptions.defaults(), AllowedFaults.none(), src, dst);
    }

    private static void accepted(SearchResult r) {
        assertEquals(Verdict.ACCEPTED, r.verdict(), () -> describe(r));
    }

    /** Rejected exhaustively (no bound cut anything), at line {@code line} of the {@code side} log. */
    private static void rejectedAt(SearchResult r, Side side, long line) {
        assertEquals(Verdict.REJECTED, r.verdict(), () -> describe(r));
        assertTrue(r.bounds().isEmpty(), () -> describe(r));
        TraceEvent f = r.rejection().failing();
        assertTrue(f != null && f.side() == side && f.line() == line,
                () -> "expected the blame at " + side + " line " + line + ": " + describe(r));
    }

    private static String describe(SearchResult r) {
        TraceEvent f = r.rejection() == null ? null : r.rejection().failing();
        return r.verdict() + " " + r.reason() + " bounds " + r.bounds().keySet()
                + (f == null ? "" : " failing " + f.where() + " " + f.describe());
    }

    private static List<String> with(List<String> base, int index, String line) {
        List<String> l = new ArrayList<>(base);
        l.set(index, line);
        return l;
    }

    private static List<String> inserted(List<String> base, int index, String line) {
        List<String> l = new ArrayList<>(base);
        l.add(index, line);
        return l;
    }

    private static List<String> without(List<String> base, int index) {
        List<String> l = new ArrayList<>(base);
        l.remove(index);
        return l;
    }

    private static List<String> swapped(List<String> base, int i, int j) {
        List<String> l = new ArrayList<>(base);
        Collections.swap(l, i, j);
        return l;
    }

    // NDJSON line numbers are 1-based and count the header: event i of SRC is line i + 2.

    @Test
    void baseRunIsAcceptedInBothFormats() throws Exception {
        accepted(check(ndjson(Side.SRC, SRC), ndjson(Side.DST, DST)));
        accepted(check(qemu(Side.SRC, SRC_QEMU), qemu(Side.DST, DST_QEMU)));
    }

    // ---- R1: only mapped events take part ----

    @Test
    void R1_unmappedEventsAreSkippedWhateverTheirArguments() throws Exception {
        List<String> src = inserted(inserted(SRC_QEMU, 5, "savevm_section_start ram, section_id 2"),
                5, "migrate_pending_exact exact pending size 0 (pre = 0 post=0)");
        SearchResult r = check(qemu(Side.SRC, src), qemu(Side.DST, DST_QEMU));
        accepted(r);
        assertEquals(Map.of("savevm_section_start", 1L, "migrate_pending_exact", 1L), r.files().get(0).skipped());
        assertEquals(11, r.files().get(0).matched());
    }

    @Test
    void R1_aMappedLineIsNeverSkipped() throws Exception {
        // the migration thread's `active` twice: the spec logs it once
        List<String> src = inserted(SRC_QEMU, 5, "migrate_set_state new state active");
        rejectedAt(check(qemu(Side.SRC, src), qemu(Side.DST, DST_QEMU)), Side.SRC, 6);
    }

    // ---- R2: same name, every argument the spec fixes equal; the line's other arguments ignored ----

    @Test
    void R2_specEventMatchesByNameAndTheArgumentsItFixes() {
        SpecEvent active = new SpecEvent("src/migration", "migrate_set_state", Map.of("new_state", "active"));
        assertTrue(active.matches(line("migrate_set_state", Map.of("new_state", "active"))));
        // arguments the spec does not fix are ignored
        assertTrue(active.matches(line("migrate_set_state", Map.of("new_state", "active", "old_state", "setup"))));
        // numbers compare by value, whatever their Java type
        SpecEvent pong = new SpecEvent("src/return-path", "source_return_path_thread_pong", Map.of("val", 66L));
        assertTrue(pong.matches(line("source_return_path_thread_pong", Map.of("val", BigInteger.valueOf(66)))));
        // an event with no arguments matches any line of its name
        assertTrue(new SpecEvent("src/migration", "migration_thread_after_loop", Map.of())
                .matches(line("migration_thread_after_loop", Map.of("x", 1L))));
    }

    @Test
    void R2_anotherNameOrValueOrAMissingArgumentDoesNotMatch() {
        SpecEvent active = new SpecEvent("src/migration", "migrate_set_state", Map.of("new_state", "active"));
        assertFalse(active.matches(line("migrate_set_state", Map.of("new_state", "device"))));
        assertFalse(active.matches(line("migrate_set_state", Map.of())));
        assertFalse(active.matches(line("runstate_set", Map.of("new_state", "active"))));
        SpecEvent pong = new SpecEvent("src/return-path", "source_return_path_thread_pong", Map.of("val", 66L));
        assertFalse(pong.matches(line("source_return_path_thread_pong", Map.of("val", 67L))));
    }

    @Test
    void R2_extraArgumentsInALogAreIgnored() throws Exception {
        List<String> src = with(SRC, 4, "mig/src/main|migrate_set_state|\"new_state\":\"active\",\"extra\":42");
        accepted(check(ndjson(Side.SRC, src), ndjson(Side.DST, DST)));
    }

    @Test
    void R2_aDifferentArgumentValueDoesNotMatch() throws Exception {
        // `pre-switchover` where the spec logs `device` (no pause-before-switchover here)
        List<String> src = with(SRC, 6, "mig/src/main|migrate_set_state|\"new_state\":\"pre-switchover\"");
        rejectedAt(check(ndjson(Side.SRC, src), ndjson(Side.DST, DST)), Side.SRC, 8);
    }

    private static TraceEvent line(String name, Map<String, Object> args) {
        return new TraceEvent("t", 1, Side.SRC, null, null, name, args);
    }

    // ---- R3: a line matches only events of its own process ----

    @Test
    void R3_theSameLineInTheOtherProcessesLogDoesNotMatch() throws Exception {
        // the destination's process_incoming_migration_co_end, moved to the source's log
        List<String> src = inserted(SRC, 9, "main|process_incoming_migration_co_end|\"ret\":0");
        rejectedAt(check(ndjson(Side.SRC, src), ndjson(Side.DST, without(DST, 3))), Side.SRC, 11);
    }

    @Test
    void R3_logsOfTwoProcessesNeedNoCommonOrder() throws Exception {
        // the destination completes before the source logs anything: the logs are matched independently
        SearchResult r = check(SearchOptions.defaults(), AllowedFaults.none(), ndjson(Side.SRC, SRC), ndjson(Side.DST, DST));
        accepted(r);
        // the timestamps of one log may all be later than the other's (R13): still accepted
        accepted(check(stamped(Side.SRC, SRC, 5_000_000_000L), stamped(Side.DST, DST, 0)));
    }

    // ---- R4: per spec thread, first in first out; threads interleave freely ----

    /** cancel-active (MigSpec's scenario): the main thread cancels while the migration thread runs. */
    static final List<String> CANCEL_SRC = List.of(
            "main|migration_block_activation|\"name\":\"active\"",
            "main|runstate_set|\"current_run_state\":\"prelaunch\",\"new_state\":\"running\"",
            "main|qmp_enter_migrate|\"params\":{\"uri\":\"tcp:127.0.0.1:4444\"}",
            "main|migrate_set_state|\"new_state\":\"setup\"",
            "mig/src/main|migrate_set_state|\"new_state\":\"active\"",
            "main|qmp_enter_migrate_cancel|\"params\":{}",
            "main|migrate_set_state|\"new_state\":\"cancelling\"",
            "mig/src/main|migration_thread_after_loop|",
            "mig/src/main|migration_block_activation|\"name\":\"active\"",
            "main|migrate_set_state|\"new_state\":\"cancelled\"");

    static final List<String> CANCEL_DST = List.of(
            "main|qmp_enter_migrate_incoming|\"params\":{\"uri\":\"tcp:127.0.0.1:4444\"}",
            "main|migrate_set_state|\"new_state\":\"setup\"",
            "main|migrate_set_state|\"new_state\":\"active\"",
            "main|process_incoming_migration_co_end|\"ret\":-5",
            "main|migrate_set_state|\"new_state\":\"failed\"");

    /** Without thread names: every line may be any thread's. */
    private static List<String> anonymous(List<String> lines) {
        return lines.stream().map(l -> l.substring(l.indexOf('|'))).toList();
    }

    @Test
    void R4_threadsOfOneProcessInterleaveFreely() throws Exception {
        accepted(check(ndjson(Side.SRC, CANCEL_SRC), ndjson(Side.DST, CANCEL_DST)));
        // the main thread's cancelling logged after the migration thread's first reaction to it:
        // a step's events are matched lazily, and QEMU traces after its CAS
        List<String> late = swapped(CANCEL_SRC, 6, 7);
        assertEquals("mig/src/main|migration_thread_after_loop|", late.get(6));
        accepted(check(ndjson(Side.SRC, late), ndjson(Side.DST, CANCEL_DST)));
        accepted(check(ndjson(Side.SRC, anonymous(late)), ndjson(Side.DST, CANCEL_DST)));
    }

    @Test
    void R4_eventsOfOneThreadKeepTheSpecsOrder() throws Exception {
        // finish-migrate and device, both of the migration thread's one step, swapped
        List<String> src = swapped(SRC_QEMU, 5, 6);
        rejectedAt(check(qemu(Side.SRC, src), qemu(Side.DST, DST_QEMU)), Side.SRC, 6);
        rejectedAt(check(ndjson(Side.SRC, swapped(SRC, 5, 6)), ndjson(Side.DST, DST)), Side.SRC, 7);
    }

    // ---- R5: a line whose thread is a known lane matches only that lane's events ----

    @Test
    void R5_aLineOfAnotherThreadDoesNotMatch() throws Exception {
        // `active` is the migration thread's; logged by the main thread it matches nothing
        List<String> src = with(SRC, 4, "main|migrate_set_state|\"new_state\":\"active\"");
        rejectedAt(check(ndjson(Side.SRC, src), ndjson(Side.DST, DST)), Side.SRC, 6);
    }

    @Test
    void R5_aLineOfAnUnknownThreadMayBeAnyThreads() throws Exception {
        // a thread name not in ThreadLanes' table constrains nothing (neither does no name)
        List<String> src = with(SRC, 4, "worker-7|migrate_set_state|\"new_state\":\"active\"");
        accepted(check(ndjson(Side.SRC, src), ndjson(Side.DST, DST)));
        accepted(check(ndjson(Side.SRC, anonymous(SRC)), ndjson(Side.DST, anonymous(DST))));
    }

    @Test
    void R5_withLanesTheInterleavingOfThreadsIsFreeButNotTheirLines() throws Exception {
        // the cancel run with its cancel logged late (R4) but by the migration thread: rejected
        List<String> late = swapped(swapped(CANCEL_SRC, 5, 7), 6, 7);
        List<String> wrong = with(late, 6, "mig/src/main|qmp_enter_migrate_cancel|\"params\":{}");
        // no line of the main thread shows the cancel, so the cancel step is never taken, and the
        // migration thread's reaction to it (after_loop, line 7) is the first line nothing gets past
        rejectedAt(check(ndjson(Side.SRC, wrong), ndjson(Side.DST, CANCEL_DST)), Side.SRC, 7);
    }

    // ---- R6: QEMU's thread names, before 9.1 and since, name the same lanes ----

    private static List<String> renamed(List<String> lines, String from, String to) {
        return lines.stream().map(l -> l.startsWith(from + "|") ? to + l.substring(from.length()) : l).toList();
    }

    @Test
    void R6_theMigrationThreadByItsOldName() throws Exception {
        accepted(check(ndjson(Side.SRC, renamed(SRC, "mig/src/main", "live_migration")), ndjson(Side.DST, DST)));
    }

    @Test
    void R6_theReturnPathThreadsNameIsNotTheMigrationThreads() throws Exception {
        // the migration thread's lines written by a thread named "return path" (7.2's return-path thread)
        rejectedAt(check(ndjson(Side.SRC, renamed(SRC, "mig/src/main", "return path")), ndjson(Side.DST, DST)),
                Side.SRC, 6);
    }

    // ---- R7 (lanes by thread id, QEMU 7.2's TID@ lines): the id's first anchor event binds it ----

    /** SRC_QEMU as 7.2 writes it: main thread 100, migration thread 110. */
    private static List<String> tidLines(List<String> lines, int mainUpTo, int mainTid, int migTid, int second) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int tid = i <= mainUpTo ? mainTid : migTid;
            out.add(tid + "@" + second + "." + String.format("%06d", 100 + i) + ":" + lines.get(i));
        }
        return out;
    }

    @Test
    void R7_idsBoundByTheirAnchorEventsAccept() throws Exception {
        accepted(check(qemu(Side.SRC, tidLines(SRC_QEMU, 3, 100, 110, 1)), qemu(Side.DST, tidLines(DST_QEMU, 99, 200, 0, 2))));
    }

    @Test
    void R7_aLineOfAThreadBoundToAnotherLaneDoesNotMatch() throws Exception {
        // `active` written by thread 100, which qmp_enter_migrate bound to the main thread
        List<String> src = tidLines(SRC_QEMU, 3, 100, 110, 1);
        src.set(4, src.get(4).replace("110@", "100@"));
        rejectedAt(check(qemu(Side.SRC, src), qemu(Side.DST, tidLines(DST_QEMU, 99, 200, 0, 2))), Side.SRC, 5);
    }

    // ---- R8: an injected fault's marker is in a lane of its own, logged by any thread ----

    /** precopy-dst-killed (MigSpec's scenario): the destination killed while active. */
    static final List<String> KILLED_SRC = List.of(
            "main|migration_block_activation|\"name\":\"active\"",
            "main|runstate_set|\"current_run_state\":\"prelaunch\",\"new_state\":\"running\"",
            "main|qmp_enter_migrate|\"params\":{\"uri\":\"tcp:127.0.0.1:4444\"}",
            "main|migrate_set_state|\"new_state\":\"setup\"",
            "mig/src/main|migrate_set_state|\"new_state\":\"active\"",
            "mig/src/main|migrate_set_state|\"new_state\":\"failed\"",
            "mig/src/main|migration_thread_after_loop|",
            "mig/src/main|migration_block_activation|\"name\":\"active\"");

    static final List<String> KILLED_DST = List.of(
            "main|qmp_enter_migrate_incoming|\"params\":{\"uri\":\"tcp:127.0.0.1:4444\"}",
            "main|migrate_set_state|\"new_state\":\"setup\"",
            "main|migrate_set_state|\"new_state\":\"active\"",
            "main|x_inject_fault|\"fault\":\"dst-crash\",\"at\":\"x-inject-fault\"");

    @Test
    void R8_aFaultMarkerMayBeLoggedByAnyThread() throws Exception {
        accepted(check(ndjson(Side.SRC, KILLED_SRC), ndjson(Side.DST, KILLED_DST)));
        // the spec draws DestinationCrash on no QEMU thread: its marker waits in the lane dst/env
        List<String> dst = with(KILLED_DST, 3, "mig/dst/listen|x_inject_fault|\"fault\":\"dst-crash\"");
        SearchResult r = check(ndjson(Side.SRC, KILLED_SRC), ndjson(Side.DST, dst));
        accepted(r);
        assertTrue(r.faults().isEmpty(), "a logged marker is no assumption: " + r.faults());
    }

    @Test
    void R8_aFaultMarkerIsNotQueuedBehindTheMainThreadsEvents() throws Exception {
        // the cancel run with a network break the migration thread logs between the main
        // thread's two cancel lines: the spec draws the marker on src/main, where it would have to
        // come before qmp_enter_migrate_cancel (break first) or after `cancelling` (break after)
        List<String> src = inserted(CANCEL_SRC, 6, "mig/src/main|x_inject_fault|\"fault\":\"channel-break\"");
        SearchResult r = check(ndjson(Side.SRC, src), ndjson(Side.DST, CANCEL_DST));
        accepted(r);
        assertTrue(r.actionsTaken().contains("ChannelBreak"), r.actionsTaken().toString());
    }

    @Test
    void R8_aFaultMarkerMatchesOnlyItsFault() throws Exception {
        List<String> dst = with(KILLED_DST, 3, "main|x_inject_fault|\"fault\":\"src-crash\"");
        SearchResult r = check(ndjson(Side.SRC, KILLED_SRC), ndjson(Side.DST, dst));
        assertEquals(Verdict.REJECTED, r.verdict(), () -> describe(r));
        assertTrue(r.bounds().isEmpty(), () -> describe(r));
        // no explanation gets past the destination's marker (its next line is the marker)
        assertEquals(5, r.rejection().nextEvents().get(1).line(), () -> describe(r));
    }

    // ---- R9: a fault or quit whose marker no line shows is an assumption; a crash may log nothing ----

    @Test
    void R9_anUnloggedCrashIsTakenWhenAllowed() throws Exception {
        List<String> dst = without(KILLED_DST, 3);
        SearchResult r = check(SearchOptions.defaults(), AllowedFaults.none().with("dst-crash", "test"),
                ndjson(Side.SRC, KILLED_SRC), ndjson(Side.DST, dst));
        accepted(r);
        assertEquals(List.of("dst-crash"), r.faults().stream().map(FaultUse::kind).toList());
    }

    @Test
    void R9_anUnloggedCrashIsNotTakenWithoutEvidence() throws Exception {
        List<String> dst = without(KILLED_DST, 3);
        SearchResult r = check(ndjson(Side.SRC, KILLED_SRC), ndjson(Side.DST, dst));
        assertNotEquals(Verdict.ACCEPTED, r.verdict(), () -> describe(r));
        assertTrue(r.notAssumed().contains("dst-crash"), () -> describe(r) + " " + r.notAssumed());
    }

    @Test
    void R9_aCrashWithItsMarkerLoggedNeedsNoEvidence() throws Exception {
        accepted(check(ndjson(Side.SRC, KILLED_SRC), ndjson(Side.DST, KILLED_DST)));
    }

    // ---- R10: an event the log does not record is left out of the step (hidden); a recorded one must appear ----

    @Test
    void R10_anEventTheLogDoesNotRecordIsHidden() throws Exception {
        List<String> events = List.of("migrate_set_state", "runstate_set", "migration_block_activation", "qmp_enter_migrate");
        SearchResult r = check(ndjson(Side.SRC, without(SRC, 9), events), ndjson(Side.DST, DST));
        accepted(r);
    }

    @Test
    void R10_anEventTheLogRecordsMustAppear() throws Exception {
        // "events": "all": migration_thread_after_loop is recorded, and missing
        rejectedAt(check(ndjson(Side.SRC, without(SRC, 9)), ndjson(Side.DST, DST)), Side.SRC, 11);
    }

    // ---- R11: a created thread's lines come after what its creator had logged (one file only) ----

    /** The source with the migration thread's `active` before the main thread's `setup`. */
    private static final List<String> SETUP_LATE = swapped(SRC_QEMU, 3, 4);

    /** One hidden step more than the default 10: room for every step of the base run, so that a rejection is exhaustive. */
    private static SearchOptions deeper() {
        SearchOptions d = SearchOptions.defaults();
        return new SearchOptions(11, d.maxPending(), d.window(), d.maxNodes(), d.timestamps());
    }

    @Test
    void R11_inOneFileACreatedThreadsLineCannotPrecedeItsCreatorsEarlierLine() throws Exception {
        // without thread ids the search tries every later step for line 4, past the switchover
        // (two steps since the crash point between the stop of the VM and the switchover)
        rejectedAt(check(deeper(), AllowedFaults.none(), qemu(Side.SRC, SETUP_LATE), qemu(Side.DST, DST_QEMU)),
                Side.SRC, 4);
        assertEquals(Verdict.UNDECIDED, check(qemu(Side.SRC, SETUP_LATE), qemu(Side.DST, DST_QEMU)).verdict(),
                "with the default 10 hidden steps the bound cuts it, and says so");
        // NDJSON with thread names: one file too, and the barrier holds across lanes
        rejectedAt(check(deeper(), AllowedFaults.none(), ndjson(Side.SRC, swapped(SRC, 3, 4)), ndjson(Side.DST, DST)),
                Side.SRC, 5);
    }

    @Test
    void R11_perThreadLogsMergedByTimestampHaveNoBarrier() throws Exception {
        // the same lines as QEMU's per-thread files (-d tid): the migration thread's clock was early
        Path d = dir.resolve("per-thread");
        Files.createDirectories(d);
        List<String> main = new ArrayList<>(), mig = new ArrayList<>();
        for (int i = 0; i < SRC_QEMU.size(); i++) {
            int us = i == 4 ? 103 : i == 3 ? 104 : 100 + i;   // active (mig) stamped before setup (main)
            String l = "2026-12-07T01:00:00." + String.format("%06d", us) + "Z " + SRC_QEMU.get(i);
            (i <= 3 ? main : mig).add(l);
        }
        Files.write(d.resolve("src.trace.300.log"), main);
        Files.write(d.resolve("src.trace.310.log"), mig);
        Files.writeString(d.resolve("src.threads.json"), "{\"pid\": 300, \"threads\": {\"310\": \"mig/src/main\"}}");
        accepted(check(d.resolve("src.trace.%d.log"), qemu(Side.DST, DST_QEMU)));
        // and the thread's own order still holds there (R4)
        Collections.swap(mig, 1, 2);
        Files.write(d.resolve("src.trace.310.log"), mig);
        SearchResult r = check(d.resolve("src.trace.%d.log"), qemu(Side.DST, DST_QEMU));
        assertEquals(Verdict.REJECTED, r.verdict(), () -> describe(r));
    }

    @Test
    void R11_theCreatorsLaterLinesMayFollowTheCreatedThreads() throws Exception {
        // the cancel run: main's cancel (after it created the migration thread) may come before or after
        accepted(check(ndjson(Side.SRC, anonymous(CANCEL_SRC)), ndjson(Side.DST, CANCEL_DST)));
    }

    // ---- R15: nothing a QMP command causes is logged before its qmp_enter_* ----

    /** The cancel run with the migration thread's reaction (after_loop) before the command's marker. */
    private static final List<String> REACTION_FIRST = swapped(swapped(CANCEL_SRC, 5, 7), 6, 7);

    @Test
    void R15_aReactionLoggedBeforeTheCommandsMarkerIsRejected() throws Exception {
        assertEquals("mig/src/main|migration_thread_after_loop|", REACTION_FIRST.get(5));
        // one file (NDJSON): the reaction's line is line 7 (the header is line 1)
        rejectedAt(check(ndjson(Side.SRC, REACTION_FIRST), ndjson(Side.DST, CANCEL_DST)), Side.SRC, 7);
        rejectedAt(check(ndjson(Side.SRC, anonymous(REACTION_FIRST)), ndjson(Side.DST, CANCEL_DST)), Side.SRC, 7);
    }

    @Test
    void R15_whatTheThreadsHadPendingBeforeTheCommandMayFollowItsMarker() throws Exception {
        // the migration thread's `active` (MigrationThreadSetup, before the cancel) logged after the marker
        List<String> src = swapped(CANCEL_SRC, 4, 5);
        assertEquals("main|qmp_enter_migrate_cancel|\"params\":{}", src.get(4));
        accepted(check(ndjson(Side.SRC, src), ndjson(Side.DST, CANCEL_DST)));
    }

    /** The cancel run as QEMU's per-thread files (-d tid), stamped 1 us apart but {@code stamp} overrides. */
    private Path perThreadCancel(String name, Map<Integer, Integer> stamp) throws Exception {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        List<String> main = new ArrayList<>(), mig = new ArrayList<>();
        String[] qemu = {
                "migration_block_activation active",
                "runstate_set current_run_state 6 (prelaunch) new_state 9 (running)",
                "qmp_enter_migrate {\"uri\": \"tcp:127.0.0.1:4444\"}",
                "migrate_set_state new state setup",
                "migrate_set_state new state active",
                "qmp_enter_migrate_cancel {}",
                "migrate_set_state new state cancelling",
                "migration_thread_after_loop ",
                "migration_block_activation active",
                "migrate_set_state new state cancelled"};
        for (int i = 0; i < qemu.length; i++) {
            int us = stamp.getOrDefault(i, 100 + 10 * i);
            String l = "2026-12-07T01:00:00." + String.format("%06d", us) + "Z " + qemu[i];
            (CANCEL_SRC.get(i).startsWith("mig/") ? mig : main).add(l);
        }
        Files.write(d.resolve("src.trace.300.log"), main);
        // the migration thread's id below the main thread's: at a tie it sorts first
        Files.write(d.resolve("src.trace.290.log"), mig);
        Files.writeString(d.resolve("src.threads.json"), "{\"pid\": 300, \"threads\": {\"290\": \"mig/src/main\"}}");
        return d.resolve("src.trace.%d.log");
    }

    @Test
    void R15_perThreadLogsUseTheClocks() throws Exception {
        Path dst = ndjson(Side.DST, CANCEL_DST);
        accepted(check(perThreadCancel("in-order", Map.of()), dst));
        // the reaction stamped 5 us before the marker: it was logged before the command ran
        SearchResult r = check(perThreadCancel("early", Map.of(7, 145)), dst);
        assertEquals(Verdict.REJECTED, r.verdict(), () -> describe(r));
        // stamped in the same microsecond as the marker: the clocks cannot say which came first
        accepted(check(perThreadCancel("tie", Map.of(7, 150)), dst));
    }

    // ---- R12: accepted when every line is matched and nothing is pending; the spec need not end ----

    @Test
    void R12_aPrefixOfARunIsAccepted() throws Exception {
        // both processes stop logging in the middle of the migration
        accepted(check(ndjson(Side.SRC, SRC.subList(0, 5)), ndjson(Side.DST, DST.subList(0, 3))));
    }

    @Test
    void R12_aLogEndingInsideAStepIsRejected() throws Exception {
        // MigrationCompletionSwitchover logs device, inactive in one step; the log stops after device
        SearchResult r = check(SearchOptions.defaults(), AllowedFaults.all("test"), ndjson(Side.SRC, SRC.subList(0, 7)),
                ndjson(Side.DST, DST.subList(0, 3)));
        assertEquals(Verdict.REJECTED, r.verdict(), () -> describe(r));
        assertTrue(r.rejection().failing() == null, () -> describe(r));
        assertTrue(r.rejection().pending().stream().anyMatch(e -> e.describe().equals(
                "migration_block_activation(name=inactive)")), () -> describe(r) + " " + r.rejection().pending());
    }

    // ---- R13: timestamps order the search, never decide ----

    /** An NDJSON log with timestamps from {@code t0} ns, 1 ms apart. */
    private Path stamped(Side side, List<String> lines, long t0) throws Exception {
        Path p = ndjson(side, lines);
        List<String> l = Files.readAllLines(p);
        for (int i = 1; i < l.size(); i++) l.set(i, l.get(i).replace("{\"pid\"", "{\"ts\":" + (t0 + i * 1_000_000L) + ",\"pid\""));
        Files.write(p, l);
        return p;
    }

    @Test
    void R13_timestampsThatContradictTheSpecDoNotReject() throws Exception {
        // the destination's clock 5 s ahead: its `active` before the source's qmp_enter_migrate
        accepted(check(stamped(Side.SRC, SRC, 0), stamped(Side.DST, DST, 5_000_000_000L)));
        accepted(check(stamped(Side.SRC, SRC, 5_000_000_000L), stamped(Side.DST, DST, 0)));
    }

    @Test
    void R13_timestampsDoNotExcuseAnOrderTheSpecForbids() throws Exception {
        List<String> src = swapped(SRC, 5, 6);
        rejectedAt(check(stamped(Side.SRC, src, 0), stamped(Side.DST, DST, 0)), Side.SRC, 7);
    }

    // ---- R14: the bounds; a cut branch makes a run undecided, never rejected ----

    private static SearchOptions opts(int maxAhead, int window) {
        SearchOptions d = SearchOptions.defaults();
        return new SearchOptions(maxAhead, d.maxPending(), window, d.maxNodes(), true, d.toleranceNanos(),
                d.lookahead(), d.laneLookahead(), d.laxMaxNodes(), d.maxFaults());
    }

    @Test
    void R14_hiddenStepsInARowAreBounded() throws Exception {
        // `active` needs two steps in a row after `setup`: MigrationConnect (no line) and
        // MigrationThreadSetup; with one allowed the run is not explained, and that is a bound's doing
        SearchResult r = check(opts(1, SearchOptions.DEFAULT_WINDOW), AllowedFaults.none(),
                ndjson(Side.SRC, SRC), ndjson(Side.DST, DST));
        assertEquals(Verdict.UNDECIDED, r.verdict(), () -> describe(r));
        assertTrue(r.bounds().containsKey(Bound.HIDDEN_STEPS), () -> describe(r));
        assertTrue(r.reason().contains("--max-steps-ahead"), r.reason());
        assertEquals(1, r.bounds().get(Bound.HIDDEN_STEPS).limit());
        accepted(check(opts(2, SearchOptions.DEFAULT_WINDOW), AllowedFaults.none(), ndjson(Side.SRC, SRC), ndjson(Side.DST, DST)));
    }

    @Test
    void R14_aChoiceOlderThanTheWindowIsFinalAndTheRunUndecidedNotRejected() throws Exception {
        // R4's rejected run: with a window of 1 matched event, the branches that fall behind are
        // dropped, so the search is no longer exhaustive
        Path src = qemu(Side.SRC, swapped(SRC_QEMU, 5, 6));
        Path dst = qemu(Side.DST, DST_QEMU);
        SearchResult r = check(opts(10, 1), AllowedFaults.none(), src, dst);
        assertEquals(Verdict.UNDECIDED, r.verdict(), () -> describe(r));
        BoundHit w = r.bounds().get(Bound.WINDOW);
        assertTrue(w != null, () -> describe(r));
        assertEquals(1, w.limit());
        assertTrue(r.reason().contains("--window"), r.reason());
        rejectedAt(check(opts(10, SearchOptions.DEFAULT_WINDOW), AllowedFaults.none(), src, dst), Side.SRC, 6);
    }

    @Test
    void R14_theWindowDoesNotStopAnExplanationAlongTheLogs() throws Exception {
        SearchResult r = check(opts(10, 1), AllowedFaults.none(), qemu(Side.SRC, SRC_QEMU), qemu(Side.DST, DST_QEMU));
        accepted(r);
    }
}
