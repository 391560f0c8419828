package org.migspec.checker.spec;

import org.junit.jupiter.api.Test;
import org.migspec.checker.input.Side;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link ThreadLanes}: QEMU's thread names (R6 of trace-checker/README.md, "The matching
 * relation") and the events only one QEMU thread logs, which bind a thread id (R7).
 */
class ThreadLanesTest {
    @Test
    void R6_qemuThreadNamesOldAndNewAreLanesOfTheirSide() {
        Map<String, String> src = Map.of("main", "src/main", "mig/src/main", "src/migration",
                "live_migration", "src/migration", "mig/src/return", "src/return-path", "return path", "src/return-path");
        src.forEach((name, lane) -> assertEquals(lane, ThreadLanes.laneOf(Side.SRC, name, "migrate_set_state"), name));
        Map<String, String> dst = Map.of("main", "dst/main", "mig/dst/listen", "dst/listen", "postcopy/listen", "dst/listen",
                "mig/dst/fault", "dst/fault", "fault-default", "dst/fault", "postcopy/fault", "dst/fault");
        dst.forEach((name, lane) -> assertEquals(lane, ThreadLanes.laneOf(Side.DST, name, "migrate_set_state"), name));
        // the table gives the role; the side is the log's
        assertEquals("dst/migration", ThreadLanes.laneOf(Side.DST, "mig/src/main", "migrate_set_state"));
    }

    @Test
    void R6_unknownNamesIdsAndFaultMarkersHaveNoLane() {
        for (String name : List.of("qemu-system-x86", "rcu", "CPU 0/KVM", "worker", "1234", "Main", "mig/src/sendpage")) {
            assertNull(ThreadLanes.laneOf(Side.SRC, name, "migrate_set_state"), name);
        }
        assertNull(ThreadLanes.laneOf(Side.SRC, null, "migrate_set_state"));
        assertNull(ThreadLanes.laneOf(null, "main", "migrate_set_state"));
        // R8: whichever thread reaches a fault's point logs its marker
        assertNull(ThreadLanes.laneOf(Side.DST, "main", "x_inject_fault"));
        assertNull(ThreadLanes.laneOf(Side.SRC, "mig/src/main", "x_inject_fault"));
    }

    @Test
    void R7_anchorEventsOfTheSource() {
        Map<String, String> anchors = Map.ofEntries(
                Map.entry("qmp_enter_migrate", "src/main"), Map.entry("qmp_exit_migrate", "src/main"),
                Map.entry("migrate_fd_cancel", "src/main"),
                Map.entry("source_return_path_thread_pong", "src/return-path"),
                Map.entry("migrate_handle_rp_req_pages", "src/return-path"),
                Map.entry("postcopy_pause_return_path", "src/return-path"),
                Map.entry("postcopy_pause_return_path_continued", "src/return-path"),
                Map.entry("savevm_send_ping", "src/migration"), Map.entry("savevm_state_cleanup", "src/migration"),
                Map.entry("migration_thread_after_loop", "src/migration"),
                Map.entry("migration_completion_postcopy_end", "src/migration"),
                Map.entry("postcopy_start", "src/migration"), Map.entry("postcopy_start_set_run", "src/migration"),
                Map.entry("migration_return_path_end_before", "src/migration"),
                Map.entry("postcopy_pause_continued", "src/migration"));
        anchors.forEach((event, lane) -> assertEquals(lane, ThreadLanes.anchorLane(Side.SRC, event), event));
    }

    @Test
    void R7_anchorEventsOfTheDestination() {
        Map<String, String> anchors = Map.of(
                "qmp_enter_migrate_incoming", "dst/main", "process_incoming_migration_co_end", "dst/main",
                "loadvm_postcopy_handle_run_bh", "dst/main",
                "postcopy_ram_listen_thread_start", "dst/listen", "postcopy_pause_incoming", "dst/listen",
                "postcopy_pause_incoming_continued", "dst/listen",
                "postcopy_ram_fault_thread_request", "dst/fault");
        anchors.forEach((event, lane) -> assertEquals(lane, ThreadLanes.anchorLane(Side.DST, event), event));
    }

    @Test
    void R7_eventsSeveralThreadsLogBindNothing() {
        for (String e : List.of("migrate_set_state", "runstate_set", "migration_block_activation", "x_inject_fault",
                "postcopy_start_other", "loadvm_process_command_ping", "loadvm_postcopy_handle_listen",
                "qemu_savevm_send_postcopy_advise")) {
            assertNull(ThreadLanes.anchorLane(Side.SRC, e), "src " + e);
            assertNull(ThreadLanes.anchorLane(Side.DST, e), "dst " + e);
        }
        // an anchor of one side binds nothing on the other
        assertNull(ThreadLanes.anchorLane(Side.DST, "savevm_send_ping"));
        assertNull(ThreadLanes.anchorLane(Side.SRC, "postcopy_ram_listen_thread_start"));
        assertNull(ThreadLanes.anchorLane(null, "qmp_enter_migrate"));
    }
}
