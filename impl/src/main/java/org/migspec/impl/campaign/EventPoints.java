package org.migspec.impl.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * The trace events of the reference implementation at which a campaign may fire a fault, per side
 * and thread, in the order a migration emits them (read off the traces of precopy-success and
 * postcopy-success). {@code maxCount} bounds the emission counted to (an event emitted once per
 * page request may be hit at its 200th emission); an event the run never emits leaves the fault
 * unfired, which the run's outcome shows as a fault-free migration.
 */
final class EventPoints {
    /** One candidate: {@code postcopyOnly}/{@code needsReturnPath} say in which migrations it occurs. */
    record Candidate(String side, String thread, String event, int maxCount, boolean postcopyOnly,
                     boolean needsReturnPath) {
    }

    private static final String SRC_MAIN = "mig/src/main";
    private static final String SRC_RP = "mig/src/return";
    private static final String DST_LISTEN = "mig/dst/listen";
    private static final String DST_FAULT = "mig/dst/fault";

    static final List<Candidate> ALL = List.of(
            new Candidate("src", SRC_MAIN, "savevm_state_setup", 1, false, false),
            new Candidate("src", SRC_MAIN, "savevm_state_header", 1, false, false),
            new Candidate("src", SRC_MAIN, "migration_thread_setup_complete", 1, false, false),
            new Candidate("src", SRC_MAIN, "migration_thread_low_pending", 1, false, false),
            new Candidate("src", SRC_MAIN, "migration_completion_vm_stop", 1, false, false),
            new Candidate("src", SRC_MAIN, "savevm_state_complete_precopy", 1, false, false),
            new Candidate("src", SRC_MAIN, "migration_thread_after_loop", 1, false, false),
            new Candidate("src", SRC_MAIN, "savevm_send_ping", 5, false, true),
            new Candidate("src", SRC_MAIN, "migration_return_path_end_before", 1, false, true),
            new Candidate("src", SRC_MAIN, "postcopy_start", 1, true, true),
            new Candidate("src", SRC_MAIN, "qemu_savevm_send_packaged", 1, true, true),
            new Candidate("src", SRC_MAIN, "savevm_send_postcopy_run", 1, true, true),
            new Candidate("src", SRC_MAIN, "postcopy_start_set_run", 1, true, true),
            new Candidate("src", SRC_MAIN, "migration_completion_postcopy_end", 1, true, true),
            new Candidate("src", SRC_RP, "source_return_path_thread_entry", 1, false, true),
            new Candidate("src", SRC_RP, "source_return_path_thread_pong", 4, false, true),
            new Candidate("src", SRC_RP, "source_return_path_thread_postcopy_package_loaded", 1, true, true),
            new Candidate("src", SRC_RP, "migrate_handle_rp_req_pages", 200, true, true),
            new Candidate("dst", "main", "migration_socket_incoming_accepted", 1, false, false),
            new Candidate("dst", "main", "loadvm_state_setup", 1, false, false),
            new Candidate("dst", "main", "qemu_loadvm_state_section_startfull", 2, false, false),
            new Candidate("dst", "main", "qemu_loadvm_state_section_partend", 15, false, false),
            new Candidate("dst", "main", "loadvm_process_command_ping", 4, false, true),
            new Candidate("dst", "main", "process_incoming_migration_co_end", 1, false, false),
            new Candidate("dst", "main", "loadvm_postcopy_handle_advise", 1, true, true),
            new Candidate("dst", "main", "loadvm_postcopy_handle_listen", 1, true, true),
            new Candidate("dst", "main", "loadvm_handle_cmd_packaged", 1, true, true),
            new Candidate("dst", "main", "loadvm_postcopy_handle_run", 1, true, true),
            new Candidate("dst", DST_LISTEN, "postcopy_ram_listen_thread_start", 1, true, true),
            new Candidate("dst", DST_LISTEN, "qemu_loadvm_state_section_partend", 300, true, true),
            new Candidate("dst", DST_LISTEN, "loadvm_process_command_ping", 1, true, true),
            new Candidate("dst", DST_LISTEN, "postcopy_ram_listen_thread_exit", 1, true, true),
            new Candidate("dst", DST_FAULT, "postcopy_ram_fault_thread_request", 200, true, true));

    private EventPoints() {
    }

    /** The candidates of {@code side} that a migration of this kind emits. */
    static List<Candidate> of(String side, boolean postcopy, boolean returnPath) {
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : ALL) {
            if (c.side().equals(side) && (postcopy || !c.postcopyOnly()) && (returnPath || postcopy || !c.needsReturnPath())) {
                out.add(c);
            }
        }
        return out;
    }

    /** The position of an event in the emission order (for shrinking a point earlier); -1 if unknown. */
    static int rank(Schedule.Point p) {
        for (int i = 0; i < ALL.size(); i++) {
            Candidate c = ALL.get(i);
            if (c.side().equals(p.side()) && c.thread().equals(p.thread()) && c.event().equals(p.event())) {
                return i;
            }
        }
        return -1;
    }
}
