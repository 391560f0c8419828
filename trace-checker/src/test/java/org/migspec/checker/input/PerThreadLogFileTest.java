package org.migspec.checker.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QEMU's per-thread logs ({@code -d tid -D DIR/src.trace.%d.log}) read as one log. */
class PerThreadLogFileTest {
    @TempDir
    Path dir;

    private void write(String name, String... lines) throws Exception {
        Files.write(dir.resolve(name), List.of(lines));
    }

    private Path pattern(String side) {
        return dir.resolve(side + ".trace.%d.log");
    }

    private static List<TraceEvent> all(TraceFile f) throws Exception {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e; (e = f.next()) != null; ) out.add(e);
        return out;
    }

    private static List<String> order(List<TraceEvent> events) {
        return events.stream().map(e -> e.thread() + ":" + e.name()).toList();
    }

    @Test
    void mergesByTimestampAndKeepsEachThreadsOwnOrder() throws Exception {
        // thread 300's third line has an older timestamp than its second: within a thread the
        // file's order stands, so it follows its predecessor wherever that went.
        write("src.trace.300.log",
                "300@100.000001:qmp_enter_migrate {\"uri\": \"tcp:x\"}",
                "300@100.000005:migrate_set_state new state setup",
                "300@100.000003:migrate_fd_cleanup ");
        write("src.trace.310.log",
                "310@100.000002:savevm_state_header ",
                "310@100.000004:migrate_set_state new state active",
                "310@100.000005:migration_thread_setup_complete ");
        try (TraceFile f = TraceFile.open(pattern("src"), false, null)) {
            assertEquals(List.of("300:qmp_enter_migrate", "310:savevm_state_header", "310:migrate_set_state",
                    "300:migrate_set_state", "300:migrate_fd_cleanup", "310:migration_thread_setup_complete"),
                    order(all(f)));
        }
    }

    @Test
    void equalTimestampsGoByThreadIdAndEventsKeepTheirFileAndLine() throws Exception {
        write("src.trace.42.log", "42@7.5:migrate_set_state new state setup");
        write("src.trace.41.log", "41@7.000005:qmp_enter_migrate {}", "41@7.000005:qmp_exit_migrate {} 1");
        try (TraceFile f = TraceFile.open(pattern("src"), false, null)) {
            List<TraceEvent> ev = all(f);
            assertEquals(List.of("41:qmp_enter_migrate", "41:qmp_exit_migrate", "42:migrate_set_state"), order(ev));
            assertEquals(dir.resolve("src.trace.41.log").toString(), ev.get(1).file());
            assertEquals(2, ev.get(1).line());
            assertEquals(7_500_000_000L, ev.get(2).tsNanos());
            assertEquals(Side.SRC, ev.get(0).side());
        }
    }

    @Test
    void isoLinesTakeTheirThreadIdFromTheFileName() throws Exception {
        write("dst.trace.900.log",
                "2026-12-04T17:24:13.667268Z qmp_enter_migrate_incoming {\"uri\": \"tcp:x\"}",
                "2026-12-04T17:24:13.70Z migrate_set_state new state postcopy-active");
        write("dst.trace.912.log", "2026-12-04T17:24:13.681102Z migrate_set_state new state postcopy-device");
        try (TraceFile f = TraceFile.open(pattern("dst"), false, null)) {
            assertEquals(TraceFormat.QEMU_PER_THREAD, f.header().format());
            assertEquals(Side.DST, f.header().side());
            assertFalse(f.exactOrderAcrossThreads());
            assertEquals(List.of("900:qmp_enter_migrate_incoming", "912:migrate_set_state", "900:migrate_set_state"),
                    order(all(f)));
        }
    }

    @Test
    void threadNamesComeFromThreadsJsonAndTheMainThreadIsThePid() throws Exception {
        write("dst.trace.900.log", "2026-12-04T17:24:13.1Z qmp_enter_migrate_incoming {}");
        write("dst.trace.912.log", "2026-12-04T17:24:13.2Z migrate_set_state new state postcopy-device");
        write("dst.trace.913.log", "2026-12-04T17:24:13.3Z postcopy_ram_fault_thread_entry ");
        write("dst.threads.json", "{\"pid\": 900, \"threads\": {\"900\": \"qemu-system-x86\", \"905\": \"qemu-system-x86\","
                + " \"912\": \"mig/dst/listen\"}, \"sampled\": [1, 2]}");
        try (TraceFile f = TraceFile.open(pattern("dst"), false, null)) {
            List<TraceEvent> ev = all(f);
            assertEquals("main", ev.get(0).threadName());
            assertEquals("mig/dst/listen", ev.get(1).threadName());
            assertNull(ev.get(2).threadName(), "913 exited before it was sampled: only its id is known");
            assertEquals("913", ev.get(2).thread());
        }
    }

    @Test
    void capabilitiesAndSideComeFromAllTheThreads() throws Exception {
        write("src.trace.5.log", "5@1.1:qmp_enter_migrate_set_capabilities {\"capabilities\": "
                + "[{\"state\": true, \"capability\": \"postcopy-ram\"}]}");
        write("src.trace.6.log", "6@1.2:source_return_path_thread_entry ");
        try (TraceFile f = TraceFile.open(pattern("src"), false, null)) {
            assertEquals(Side.SRC, f.header().side());
            assertEquals(Boolean.TRUE, f.header().capabilities().get("postcopy-ram"));
        }
    }

    private String badInput(Path p) {
        return assertThrows(TraceInputException.class, () -> {
            try (TraceFile f = TraceFile.open(p, false, null)) {
                all(f);
            }
        }).getMessage();
    }

    @Test
    void noFilesMatchThePattern() throws Exception {
        write("dst.trace.7.log", "7@1.1:qmp_enter_migrate_incoming {}");
        String m = badInput(pattern("src"));
        assertEquals(pattern("src") + ": no files match the per-thread pattern (QEMU writes src.trace.<TID>.log once a thread logs)", m);
    }

    @Test
    void aFileWhosePercentDPartIsNotAThreadId() throws Exception {
        write("src.trace.7.log", "7@1.1:qmp_enter_migrate {}");
        write("src.trace.7a.log", "7@1.1:qmp_enter_migrate {}");
        assertEquals(dir.resolve("src.trace.7a.log") + ": file name: \"7a\" in place of %d of src.trace.%d.log is not a thread id",
                badInput(pattern("src")));
    }

    @Test
    void aMalformedLineNamesItsOwnFileAndLine() throws Exception {
        write("src.trace.7.log", "7@1.1:qmp_enter_migrate {}", "7@1.3:migrate_set_state new state setup");
        write("src.trace.8.log", "8@1.2:savevm_state_header ", "qemu-system-x86_64: something went wrong");
        String m = badInput(pattern("src"));
        assertTrue(m.startsWith(dir.resolve("src.trace.8.log") + ":2:1: not a trace line"), m);
    }

    @Test
    void aLineWhoseThreadIdIsNotItsFiles() throws Exception {
        write("src.trace.7.log", "7@1.1:qmp_enter_migrate {}", "9@1.3:migrate_set_state new state setup");
        assertEquals(dir.resolve("src.trace.7.log") + ":2:1: thread id: 9 in the line, but the file name says 7",
                badInput(pattern("src")));
    }

    @Test
    void threadsJsonThatIsNotValid() throws Exception {
        write("src.trace.7.log", "7@1.1:qmp_enter_migrate {}");
        Path json = dir.resolve("src.threads.json");
        write("src.threads.json", "{\"pid\": 7,", " \"threads\": {\"7\": \"main\",}}");
        assertTrue(badInput(pattern("src")).startsWith(json + ":2:26: malformed JSON: "), badInput(pattern("src")));
        write("src.threads.json", "{\"pid\": \"seven\", \"threads\": {}}");
        assertEquals(json + ":1:9: pid: expected a process id (a positive integer), got seven", badInput(pattern("src")));
        write("src.threads.json", "{\"pid\": 7,", " \"threads\": {\"x7\": \"main\"}}");
        assertEquals(json + ":2:14: threads: \"x7\" is not a thread id", badInput(pattern("src")));
        write("src.threads.json", "{\"pid\": 7, \"threads\": {\"8\": 1}}");
        assertEquals(json + ":1:29: threads.8: expected the thread's name (a string)", badInput(pattern("src")));
        write("src.threads.json", "{\"threads\": {}}");
        assertEquals(json + ":1:1: pid: missing (the process id, the main thread's id)", badInput(pattern("src")));
        write("src.threads.json", "[]");
        assertEquals(json + ":1:1: expected a JSON object", badInput(pattern("src")));
    }

    @Test
    void perThreadLogsNeedTimestampsAndOneLineFormat() throws Exception {
        write("src.trace.7.log", "qmp_enter_migrate {}");
        assertTrue(badInput(pattern("src")).startsWith(dir.resolve("src.trace.7.log") + ":1:1: per-thread logs without timestamps"));
        write("src.trace.7.log", "7@1.1:qmp_enter_migrate {}");
        write("src.trace.8.log", "2026-12-04T17:24:13.1Z savevm_state_header ");
        assertTrue(badInput(pattern("src")).startsWith(dir.resolve("src.trace.8.log") + ":1:1: line format: "),
                badInput(pattern("src")));
    }

    @Test
    void aPatternIsRecognisedByItsPercentD() {
        assertTrue(ThreadLogPattern.isPattern(Path.of("/tmp/x/src.trace.%d.log")));
        assertFalse(ThreadLogPattern.isPattern(Path.of("/tmp/%d/src.trace.log")));
        assertEquals(Path.of("/tmp/x/src.threads.json"), ThreadLogPattern.threadsJson(Path.of("/tmp/x/src.trace.%d.log")));
    }
}
