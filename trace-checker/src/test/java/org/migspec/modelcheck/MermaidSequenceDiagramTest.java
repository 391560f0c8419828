package org.migspec.modelcheck;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MermaidSequenceDiagramTest {

    private static String diagram(String resource) {
        TlcToolOutput o = TlcToolOutput.parse(Samples.text(resource));
        return MermaidSequenceDiagram.render(o.counterexample(), ChannelTraffic.MIGSPEC_QUEUES);
    }

    private static List<String> lines(String diagram) {
        return diagram.lines().map(String::strip).toList();
    }

    @Test
    void deviceLoadFailure() {
        String d = diagram("migration/v4_device_load_failure.tlc.out");
        List<String> l = lines(d);
        assertEquals("sequenceDiagram", l.get(0));
        // participants: only lanes that appear, source left, destination right, ids without slashes
        assertEquals(List.of("participant src_main as src/main", "participant src_migration as src/migration",
                "participant src_return_path as src/return-path", "participant dst_main as dst/main",
                "participant dst_listen as dst/listen"), l.subList(1, 6));
        // arrows at the receiving step, FIFO-paired with the send
        assertTrue(l.contains("src_migration->>dst_main: 7→9 OPEN_RETURN_PATH"), d);
        assertTrue(l.contains("src_migration->>dst_main: 7→15 PING 0x1"), d);
        assertTrue(l.contains("dst_main-->>src_return_path: 15→16 PONG 0x1"), d);
        assertTrue(l.contains("src_migration->>dst_main: 8→18 PAGE 1 v0"), d);
        assertTrue(l.contains("src_migration->>dst_main: 12→23 PACKAGED (with PING 0x42)"), d);
        assertTrue(l.contains("src_migration->>dst_listen: 12→26 PING 0x4"), d);
        assertTrue(l.contains("dst_listen-->>src_return_path: 26→27 PONG 0x4"), d);
        // migrate_set_state, runstate_set, x_inject_fault and QMP as notes with step numbers
        assertTrue(l.contains("Note over src_migration: 13: postcopy-device"), d);
        int s12 = l.indexOf("Note over src_migration: 12: postcopy_start · runstate finish-migrate");
        assertTrue(s12 > 0, d);
        assertEquals(List.of("Note over src_migration: 12: device", "Note over src_migration: 12: block inactive"),
                l.subList(s12 + 1, s12 + 3));
        assertTrue(l.contains("Note over dst_main: 28: FAULT device-load-failure · process_incoming_migration_co_end"), d);
        assertTrue(l.contains("Note over src_main: 4: QMP migrate"), d);
        assertTrue(l.contains("Note over src_main: 4: setup"), d);
        // ping sends are arrows, not notes
        assertFalse(d.contains("savevm_send_ping"), d);
        // the PING 0x1 arrow comes after step 13's note and before step 16's
        assertTrue(l.indexOf("src_migration->>dst_main: 7→15 PING 0x1") > l.indexOf("Note over src_migration: 13: postcopy-device"));
        assertFalse(d.contains("participant env"), d);
    }

    @Test
    void channelBreakLosesMessages() {
        List<String> l = lines(diagram("migration/v4_channel_break.tlc.out"));
        int fault = l.indexOf("Note over src_main: 14: FAULT channel-break");
        assertTrue(fault > 0, String.join("\n", l));
        assertEquals("src_migration-xdst_main: 7→14 OPEN_RETURN_PATH, PING 0x1, POSTCOPY_ADVISE (lost)", l.get(fault + 1));
        assertEquals("src_migration-xdst_main: 10→14 PAGE 1 v0 (lost)", l.get(fault + 3));
        int s16 = l.indexOf("Note over dst_main: 16: process_incoming_migration_co_end");
        assertEquals("Note over dst_main: 16: failed", l.get(s16 + 1));
    }

    @Test
    void lassoIsALoopBlock() {
        String d = MermaidSequenceDiagram.render(Samples.toy("lasso").output().counterexample(),
                ChannelTraffic.MIGSPEC_QUEUES);
        assertEquals("""
                sequenceDiagram
                    participant src_main as src/main
                    participant src_migration as src/migration
                    participant src_return_path as src/return-path
                    participant dst_main as dst/main
                    Note over src_main: 2: QMP migrate
                    Note over src_main: 2: active
                    src_migration->>dst_main: 3→4 PING 0x40
                    loop back to state 4, forever
                        dst_main-->>src_return_path: 4→5 PONG 0x40
                        Note over src_migration: 6: completed
                        Note over src_main: 7: none
                        Note over src_main: 8: QMP migrate
                        Note over src_main: 8: active
                        Note over src_main,dst_main: 9→4: RecvPing, back to state 4
                    end
                    Note over src_main,dst_main: queued when the loop closes: PING 0x40 (9)
                """, d);
    }

    @Test
    void stutteringEndsWithANote() {
        Counterexample cx = Samples.toy("stutter").output().counterexample();
        List<String> l = lines(MermaidSequenceDiagram.render(cx, ChannelTraffic.MIGSPEC_QUEUES));
        int n = cx.states().size();
        assertEquals("Note over src_main,dst_main: " + (n + 1) + ": stuttering, nothing happens from state " + n + " on",
                l.get(l.size() - 1));
        assertTrue(l.stream().anyMatch(x -> x.startsWith("src_migration-xdst_main: ") && x.endsWith("PING 0x40 (lost)")), l.toString());
    }

    @Test
    void initialStateOnly() {
        String d = MermaidSequenceDiagram.render(Samples.toy("initinv").output().counterexample(),
                ChannelTraffic.MIGSPEC_QUEUES);
        assertEquals("sequenceDiagram\n    participant trace as trace\n    Note over trace: 1: the initial state, no steps\n", d);
    }

    @Test
    void textAndIds() {
        assertEquals("src_return_path", MermaidSequenceDiagram.id("src/return-path"));
        assertEquals("a, b no.1", MermaidSequenceDiagram.text("a; b #1"));
        assertEquals("QMP migrate (resume)", MermaidSequenceDiagram.noteFor(
                new TraceEvent("src/main", "qmp_enter_migrate", Map.of("resume", true))));
        assertEquals(null, MermaidSequenceDiagram.noteFor(new TraceEvent("src/migration", "savevm_send_ping", Map.of("val", 1L))));
        assertEquals("loadvm_postcopy_handle_listen(str=\"enter\")", MermaidSequenceDiagram.noteFor(
                new TraceEvent("dst/main", "loadvm_postcopy_handle_listen", Map.of("str", "enter"))));
    }
}
