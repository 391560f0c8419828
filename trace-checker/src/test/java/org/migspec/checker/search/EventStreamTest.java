package org.migspec.checker.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.checker.input.Side;
import org.migspec.checker.input.TraceFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EventStream}: the mapped events of one log (R1 of trace-checker/README.md, "The
 * matching relation"), read lazily and forgotten behind the window (R14), and each line's
 * lane: from its thread's name (R5, R6) or from what its thread id logged (R7), including
 * the rebinding of lines already read when an id's binding is learnt or withdrawn.
 */
class EventStreamTest {
    @TempDir
    Path dir;

    private static final Set<String> MAPPED = Set.of("qmp_enter_migrate", "migrate_set_state", "savevm_state_cleanup",
            "savevm_send_ping", "source_return_path_thread_entry", "source_return_path_thread_pong", "x_inject_fault",
            "qmp_enter_migrate_cancel", "runstate_set");

    private final List<TraceFile> open = new ArrayList<>();

    private EventStream stream(String name, List<String> lines) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, lines);
        TraceFile f = TraceFile.open(p, false, null);
        open.add(f);
        return new EventStream(f, Side.SRC, MAPPED);
    }

    /** The lanes of the first {@code n} mapped events once those are read (and no more). */
    private static List<String> lanes(EventStream s, int n) throws Exception {
        s.get(n - 1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(s.lane(i));
        return out;
    }

    @Test
    void R1_onlyMappedEventsAreKeptTheOthersCountedByName() throws Exception {
        EventStream s = stream("src.trace.log", List.of(
                "qmp_enter_migrate {\"uri\": \"tcp:x\"}",
                "savevm_section_start ram, section_id 2",
                "migrate_set_state new state setup",
                "savevm_section_start ram, section_id 2",
                "migrate_pending_exact exact pending size 0 (pre = 0 post=0)",
                "migrate_set_state new state active"));
        assertEquals("qmp_enter_migrate", s.get(0).name());
        assertEquals(3, s.get(1).line());
        assertEquals("active", s.get(2).args().get("new_state"));
        assertEquals(6, s.get(2).line());
        assertNull(s.get(3));
        assertEquals(3, s.mappedSoFar());
        assertEquals(6, s.totalEvents);
        assertEquals(Map.of("savevm_section_start", 2L, "migrate_pending_exact", 1L), s.skipped);
        assertEquals(3, s.skippedCount());
        // a log without thread ids or names: no line has a lane
        assertEquals(java.util.Arrays.asList(null, null, null), lanes(s, 3));
    }

    @Test
    void R1_eventsAreReadOnlyAsFarAsAsked() throws Exception {
        EventStream s = stream("src.trace.log", List.of(
                "migrate_set_state new state setup", "savevm_section_start ram, section_id 2",
                "migrate_set_state new state active"));
        assertNull(s.peek(0), "nothing read yet");
        s.get(0);
        assertEquals("setup", s.peek(0).args().get("new_state"));
        assertNull(s.peek(1), "not read yet");
        assertEquals(1, s.totalEvents);
        s.drain();
        assertEquals(3, s.totalEvents);
        assertEquals(2, s.mappedSoFar());
    }

    @Test
    void R14_eventsBehindTheWindowAreForgotten() throws Exception {
        EventStream s = stream("src.trace.log", List.of(
                "migrate_set_state new state setup", "migrate_set_state new state active",
                "migrate_set_state new state device", "migrate_set_state new state completed"));
        assertEquals("device", s.get(2).args().get("new_state"));
        s.discardBefore(2);
        assertFalse(s.kept(0));
        assertFalse(s.kept(1));
        assertTrue(s.kept(2));
        assertNull(s.peek(1));
        assertEquals("device", s.peek(2).args().get("new_state"));
        assertThrows(IllegalStateException.class, () -> s.get(1));
        // reading goes on from where it was; forgetting more than was read forgets what was read
        assertEquals("completed", s.get(3).args().get("new_state"));
        s.discardBefore(10);
        assertTrue(s.kept(10));
        assertNull(s.get(10));
        assertEquals(4, s.mappedSoFar());
    }

    @Test
    void R5_namedThreadsAreLanesUnknownNamesAreBoundLikeIds() throws Exception {
        String h = "{\"header\":{\"format\":\"migspec-trace\",\"version\":1,\"variant\":\"v4\",\"side\":\"src\",\"capabilities\":{},\"events\":\"all\"}}";
        EventStream s = stream("src.trace.ndjson", List.of(h,
                "{\"thread\":\"main\",\"event\":\"migrate_set_state\",\"args\":{\"new_state\":\"setup\"}}",
                // a name wins over the event: qmp_enter_* is the main thread's, but this line is the migration thread's
                "{\"thread\":\"mig/src/main\",\"event\":\"qmp_enter_migrate\",\"args\":{}}",
                "{\"thread\":\"mig/src/main\",\"event\":\"x_inject_fault\",\"args\":{\"fault\":\"channel-break\"}}",
                // a name not in the table is treated as an id: its first anchor event binds it
                "{\"thread\":\"worker\",\"event\":\"migrate_set_state\",\"args\":{\"new_state\":\"active\"}}",
                "{\"thread\":\"worker\",\"event\":\"source_return_path_thread_entry\",\"args\":{}}",
                "{\"event\":\"migrate_set_state\",\"args\":{\"new_state\":\"device\"}}"));
        assertEquals(java.util.Arrays.asList("src/main", "src/migration", null, "src/return-path", "src/return-path", null),
                lanes(s, 6));
    }

    /** QEMU 7.2's single-file lines, "TID@SEC.USEC:event args". */
    private static List<String> tid(String... lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf(' ');
            out.add(lines[i].substring(0, at) + "@1." + String.format("%06d", i + 1) + ":" + lines[i].substring(at + 1));
        }
        return out;
    }

    @Test
    void R7_anIdsFirstAnchorBindsItAndItsLinesAlreadyRead() throws Exception {
        EventStream s = stream("src.trace.log", tid(
                "100 migrate_set_state new state setup",
                "100 qmp_enter_migrate {}",
                "110 migrate_set_state new state active",
                "100 x_inject_fault channel-break",
                "110 savevm_send_ping 0x1",
                "110 migrate_set_state new state device"));
        // before the anchor is read, the line has no lane ...
        assertNull(s.lane(0));
        // ... and once it is, the id's earlier lines (still kept) are the main thread's
        assertEquals("src/main", s.lane(1));
        assertEquals("src/main", s.lane(0));
        assertNull(s.lane(2), "110's anchor is not read yet");
        assertNull(s.lane(3), "a fault marker never takes its thread's lane (R8)");
        assertEquals("src/migration", s.lane(4));
        assertEquals(List.of("src/main", "src/main", "src/migration"), List.of(s.lane(0), s.lane(1), s.lane(2)));
        assertNull(s.lane(3));
        assertEquals("src/migration", s.lane(5));
    }

    @Test
    void R7_anUnmappedAnchorBindsToo() throws Exception {
        // savevm_section_start is not a spec event (skipped, R1) but only the migration thread logs it
        EventStream s = stream("src.trace.log", tid(
                "110 migrate_set_state new state active",
                "110 savevm_section_start ram, section_id 2",
                "110 migrate_set_state new state device"));
        assertEquals(List.of("src/migration", "src/migration"), lanes(s, 2));
        assertEquals(Map.of("savevm_section_start", 1L), s.skipped);
    }

    @Test
    void R7_anIdTwoLanesClaimIsUnboundItsLinesAlreadyReadToo() throws Exception {
        // 7.2's main thread: qmp_enter_* (main) and, at cleanup, savevm_state_cleanup (migration thread's)
        EventStream s = stream("src.trace.log", tid(
                "100 qmp_enter_migrate {}",
                "100 migrate_set_state new state setup",
                "110 savevm_send_ping 0x1",
                "100 savevm_state_cleanup ",
                "100 qmp_enter_migrate_cancel {}",
                "100 migrate_set_state new state cancelled"));
        assertEquals(List.of("src/main", "src/main", "src/migration"), lanes(s, 3));
        assertNull(s.lane(3));
        // the earlier lines of 100 lose their lane; 110 keeps its own
        assertEquals(java.util.Arrays.asList(null, null, "src/migration", null), lanes(s, 4));
        // and a later anchor of the main thread does not bind 100 again
        assertNull(s.lane(4));
        assertNull(s.lane(5));
    }

    @Test
    void R7_aReusedThreadIdIsUnbound() throws Exception {
        // Linux reuses a finished thread's id: a return-path thread's 120 later a migration thread's
        EventStream s = stream("src.trace.log", tid(
                "120 source_return_path_thread_entry ",
                "120 source_return_path_thread_pong 0x1",
                "100 qmp_enter_migrate {}",
                "120 savevm_send_ping 0x2"));
        assertEquals(List.of("src/return-path", "src/return-path", "src/main"), lanes(s, 3));
        assertEquals(java.util.Arrays.asList(null, null, "src/main", null), lanes(s, 4));
    }

    @Test
    void R7_linesForgottenBeforeARebindingKeepTheLaneTheyHad() throws Exception {
        EventStream s = stream("src.trace.log", tid(
                "100 qmp_enter_migrate {}",
                "100 migrate_set_state new state setup",
                "100 savevm_state_cleanup "));
        assertEquals("src/main", s.lane(1));
        s.discardBefore(2);
        assertNull(s.lane(2));
        assertFalse(s.kept(1), "the line the search already made final with its lane src/main");
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws Exception {
        for (TraceFile f : open) f.close();
    }
}
