package org.migspec.checker.spec;

import org.migspec.checker.input.Side;

import java.util.Map;

/**
 * The spec thread ("lane") a log line comes from, when the log names its thread.
 *
 * <p>QEMU names the threads it creates (qemu_thread_create) and MigSpec's implementation
 * uses the same names, so a line's thread says which spec lane emitted it: the search then
 * matches a line only with that lane's events, and a lane's unmatched events must be the
 * next lines of that thread.  Without this, a repetitive log (forty pause/recover cycles)
 * lets a lane run whole cycles ahead and the search backtracks over them.  A thread name
 * not listed here (a numeric TID, a helper thread) constrains nothing.
 */
public final class ThreadLanes {
    /** QEMU's names, current (migration/migration.c, postcopy-ram.c) and before QEMU 9.1. */
    private static final Map<String, String> ROLE = Map.ofEntries(
            Map.entry("main", "main"),
            Map.entry("mig/src/main", "migration"),
            Map.entry("live_migration", "migration"),
            Map.entry("mig/src/return", "return-path"),
            Map.entry("return path", "return-path"),
            Map.entry("mig/dst/listen", "listen"),
            Map.entry("postcopy/listen", "listen"),
            Map.entry("mig/dst/fault", "fault"),
            Map.entry("fault-default", "fault"),
            Map.entry("postcopy/fault", "fault"));

    private ThreadLanes() {
    }

    /**
     * "src/migration" for a source line logged by "mig/src/main"; null if unknown, and for
     * x_inject_fault, which the thread that reaches the fault's point logs, whichever it is.
     */
    public static String laneOf(Side side, String logThread, String event) {
        if (side == null || logThread == null || event.equals("x_inject_fault")) return null;
        String role = ROLE.get(logThread);
        return role == null ? null : side.prefix() + "/" + role;
    }

    /**
     * The lane of the only QEMU thread that logs {@code event}, or null if several may.
     * QEMU's `log` backend names no threads, only their ids (QEMU 7.2: "TID@SEC.USEC:");
     * the checker learns each id's lane from the first such event it logs.
     */
    public static String anchorLane(Side side, String event) {
        if (side == null) return null;
        String role = side == Side.SRC ? srcAnchor(event) : dstAnchor(event);
        return role == null ? null : side.prefix() + "/" + role;
    }

    private static String srcAnchor(String e) {
        if (e.startsWith("qmp_enter_") || e.startsWith("qmp_exit_") || e.equals("migrate_fd_cancel")) return "main";
        if (e.startsWith("source_return_path_thread_") || e.startsWith("migrate_handle_rp_")
                || e.startsWith("postcopy_pause_return_path")) return "return-path";
        if (e.startsWith("savevm_") || e.startsWith("migration_thread_") || e.startsWith("migration_completion")
                || e.equals("postcopy_start") || e.equals("postcopy_start_set_run")
                || e.startsWith("migration_return_path_end") || e.equals("postcopy_pause_continued")) return "migration";
        return null;
    }

    private static String dstAnchor(String e) {
        if (e.startsWith("qmp_enter_") || e.startsWith("qmp_exit_")
                || e.startsWith("process_incoming_migration_co_") || e.equals("loadvm_postcopy_handle_run_bh")) return "main";
        if (e.startsWith("postcopy_ram_listen_thread_") || e.startsWith("postcopy_pause_incoming")) return "listen";
        if (e.startsWith("postcopy_ram_fault_thread_")) return "fault";
        return null;
    }
}
