package org.migspec.checker;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.migspec.checker.CheckerTestSupport.inProcess;
import static org.migspec.checker.CheckerTestSupport.lines;
import static org.migspec.checker.CheckerTestSupport.real;
import static org.migspec.checker.CheckerTestSupport.write;

/**
 * Every kind of bad input gives exit code 2 and one line naming the file, line and column
 * and what is wrong, never a stack trace.  In this JVM, with the one configuration the
 * in-process tests share ({@link CheckerTestSupport#IN_PROCESS_KEY}: QEMU 10.2 precopy,
 * s1a_precopy_success and NDJSON made from it).
 */
class BadInputTest {
    @TempDir
    static Path tmp;
    static Path src, dst, qsrc, qdst;

    @BeforeAll
    static void inputs() throws Exception {
        Path s1a = real("qemu-10.2/s1a_precopy_success");
        src = tmp.resolve("src.trace.ndjson");
        dst = tmp.resolve("dst.trace.ndjson");
        CheckerTestSupport.toNdjson(s1a.resolve("src.trace.log"), src, "v4", "src");
        CheckerTestSupport.toNdjson(s1a.resolve("dst.trace.log"), dst, "v4", "dst");
        CheckerTestSupport.copyRecords(s1a, tmp);   // the QMP transcripts: the `quit`s sent
        Path q = tmp.resolve("qemu");
        CheckerTestSupport.copyRun(s1a, q);
        qsrc = q.resolve("src.trace.log");
        qdst = q.resolve("dst.trace.log");
    }

    /** Exit 2 and exactly one line on stderr that starts with "migspec check: " + prefix and contains {@code what}. */
    static void bad(CheckerTestSupport.Result r, String prefix, String what) {
        assertEquals(2, r.exit(), r.all());
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.all());
        assertTrue(err.get(0).startsWith("migspec check: " + prefix), r.all());
        assertTrue(err.get(0).contains(what), r.all());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.all());
    }

    private static Path variant(String name, List<String> lines) throws Exception {
        Path p = tmp.resolve(name);
        write(p, lines);
        return p;
    }

    @Test
    void theOriginalsAreAccepted() {
        var r = inProcess(src.toString(), dst.toString());
        assertEquals(0, r.exit(), r.all());
        r = inProcess("--variant", "v4", qsrc.toString(), qdst.toString());
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void malformedJson() throws Exception {
        List<String> l = lines(src);
        l.set(4, l.get(4).replace("\"event\":", "\"event\" "));
        Path p = variant("malformed.ndjson", l);
        bad(inProcess(p.toString(), dst.toString()), p + ":5:", "malformed JSON");
    }

    /**
     * A writer killed by SIGKILL leaves its last line cut: that line is ignored with a note in
     * the report (the run is checked on what the OS had), not a bad-input error.
     */
    @Test
    void truncatedLastLineIsIgnoredWithANote() throws Exception {
        List<String> l = lines(src);
        String last = l.get(l.size() - 1);
        List<String> cut = new java.util.ArrayList<>(l);
        cut.set(cut.size() - 1, last.substring(0, last.length() / 2));
        Path p = tmp.resolve("truncated.ndjson");
        Files.writeString(p, String.join("\n", cut));   // no final newline, as a killed writer leaves it
        // the same events without the cut line: the verdict must be the same
        Path whole = variant("truncated-dropped.ndjson", l.subList(0, l.size() - 1));
        var ref = inProcess(whole.toString(), dst.toString());
        Path json = tmp.resolve("truncated.json");
        var r = inProcess("--json", json.toString(), p.toString(), dst.toString());
        assertEquals(ref.exit(), r.exit(), r.all());
        assertTrue(r.exit() != 2, r.all());
        assertTrue(r.out().contains("note: line " + cut.size() + ": the last line is cut mid-line"), r.all());
        var notes = CheckerTestSupport.readJson(json).at("/runs/0/logs/0/notes");
        assertEquals(1, notes.size(), r.out());
        assertTrue(notes.get(0).asText().startsWith("line " + cut.size() + ": the last line is cut mid-line"), r.out());
    }

    /** A cut line that is not the last one is bad input: only the end of a log can be cut by a kill. */
    @Test
    void truncatedLineBeforeTheEndIsBadInput() throws Exception {
        List<String> l = lines(src);
        l.set(4, l.get(4).substring(0, l.get(4).length() / 2));
        Path p = variant("truncated-middle.ndjson", l);
        bad(inProcess(p.toString(), dst.toString()), p + ":5:", "truncated line");
    }

    /** A last line that is malformed (not the beginning of an event line) is bad input too. */
    @Test
    void malformedLastLineIsBadInput() throws Exception {
        List<String> l = lines(src);
        int n = l.size();
        l.set(n - 1, l.get(n - 1).replace("\"event\":", "\"event\" "));
        Path p = tmp.resolve("malformed-last.ndjson");
        Files.writeString(p, String.join("\n", l));
        bad(inProcess(p.toString(), dst.toString()), p + ":" + n + ":", "malformed JSON");
    }

    @Test
    void unknownEventWithStrict() throws Exception {
        List<String> l = lines(src);
        l.add(3, l.get(3).replaceFirst("\"event\":\"[a-z_]+\"", "\"event\":\"migrate_set_stat\""));
        Path p = variant("unknown.ndjson", l);
        bad(inProcess("--strict", p.toString(), dst.toString()), p + ":4:", "unknown event \"migrate_set_stat\"");
        // without --strict the event is skipped (and counted)
        Path json = tmp.resolve("unknown.json");
        var r = inProcess("--json", json.toString(), p.toString(), dst.toString());
        assertEquals(0, r.exit(), r.all());
        var j = CheckerTestSupport.readJson(json).at("/runs/0/logs/0/skippedByName/migrate_set_stat");
        assertEquals(1, j.asInt(), r.out());
    }

    @Test
    void unknownEventInAQemuLogWithStrict() throws Exception {
        List<String> l = lines(qsrc);
        String line = l.get(3);
        l.add(3, CheckerTestSupport.prefixOf(line) + "migratoin_cleanup");
        Path p = tmp.resolve("qemu").resolve("strict-src.trace.log");
        write(p, l);
        int col = CheckerTestSupport.prefixOf(line).length() + 1;
        bad(inProcess("--strict", "--variant", "v4", p.toString(), qdst.toString()), p + ":4:" + col + ":",
                "unknown event \"migratoin_cleanup\"");
    }

    @Test
    void numberOutOfRange() throws Exception {
        List<String> l = lines(src);
        l.add(3, "{\"ts\":1,\"pid\":1,\"event\":\"savevm_send_ping\",\"args\":{\"val\":18446744073709551616}}");
        Path p = variant("range.ndjson", l);
        bad(inProcess(p.toString(), dst.toString()), p + ":4:", "args.val: number out of range");
        // the same in a QEMU log: a PONG value beyond 64 bits
        List<String> q = lines(qsrc);
        q.add(3, CheckerTestSupport.prefixOf(q.get(3)) + "source_return_path_thread_pong 0x1ffffffffffffffff");
        Path qp = tmp.resolve("qemu").resolve("range-src.trace.log");
        write(qp, q);
        bad(inProcess("--variant", "v4", qp.toString(), qdst.toString()), qp + ":4:", "number out of range");
    }

    @Test
    void emptyFile() throws Exception {
        Path p = tmp.resolve("empty.ndjson");
        Files.writeString(p, "");
        bad(inProcess(p.toString(), dst.toString()), p + ": ", "empty file");
    }

    @Test
    void wrongVariant() {
        bad(inProcess("--variant", "legacy", src.toString(), dst.toString()), src + ":1:", "wrong variant: the header says \"v4\", --variant says \"legacy\"");
        bad(inProcess("--variant", "v7", qsrc.toString(), qdst.toString()), "--variant: ", "unknown variant \"v7\"");
    }

    @Test
    void headersThatDisagree() throws Exception {
        List<String> l = lines(dst);
        l.set(0, l.get(0).replace("\"variant\":\"v4\"", "\"variant\":\"v1\""));
        Path p = variant("v1-dst.ndjson", l);
        bad(inProcess(src.toString(), p.toString()), p + ":1:", "wrong variant");
    }

    @Test
    void nonTraceLineWithoutAndWithLenient() throws Exception {
        List<String> l = lines(qsrc);
        l.add(5, "qemu-system-x86_64: warning: host doesn't support requested feature");
        Path p = tmp.resolve("qemu").resolve("noise-src.trace.log");
        write(p, l);
        bad(inProcess("--variant", "v4", p.toString(), qdst.toString()), p + ":6:1: ", "not a trace line");
        var r = inProcess("--lenient", "--variant", "v4", p.toString(), qdst.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("1 non-trace lines skipped (--lenient)"), r.out());
    }

    @Test
    void missingFileAndUsage() {
        Path p = tmp.resolve("no-such.ndjson");
        bad(inProcess(p.toString(), dst.toString()), p + ": ", "no such file");
        // QEMU logs with nothing beside them that names the QEMU (no QMP greeting): the variant must be given
        Path bare = tmp.resolve("bare");
        try {
            java.nio.file.Files.createDirectories(bare);
            java.nio.file.Files.copy(qsrc, bare.resolve("src.trace.log"));
            java.nio.file.Files.copy(qdst, bare.resolve("dst.trace.log"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        bad(inProcess(bare.resolve("src.trace.log").toString(), bare.resolve("dst.trace.log").toString()),
                bare.resolve("src.trace.log") + ": ", "--variant is required for QEMU logs");
        bad(inProcess("--no-such-option"), "", "Unknown option");
        bad(inProcess(src.toString(), dst.toString(), qsrc.toString()), "", "");
        bad(inProcess(), "", "no logs given");
        bad(inProcess("--qemu-log", src.toString(), dst.toString()), src + ":1:1: ", "--qemu-log given");
        bad(inProcess("--src", dst.toString(), src.toString()), dst + ": ", "given as the source's log, but it is the destination's");
    }

    @Test
    void aBadSpecDirectoryIsBadInput() {
        var r = CheckerTestSupport.inProcess("--spec-dir", tmp.toString(), src.toString(), dst.toString());
        bad(r, tmp + ": ", "no TraceMigration.tla");
    }
}
