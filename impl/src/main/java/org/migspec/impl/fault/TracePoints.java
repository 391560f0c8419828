package org.migspec.impl.fault;

import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.trace.RawJson;
import org.migspec.impl.trace.TraceEvent;
import org.migspec.impl.trace.TraceSink;
import org.migspec.impl.trace.Unsigned;

/**
 * The protocol code's points, one method per QEMU trace event ({@link MigTrace}, as QEMU's
 * generated trace_*()): each computes its event's name and arguments once, then (a) writes the
 * {@link TraceEvent} to the sink if tracing is on and (b) separately, beside it, calls the fault
 * hook ({@link FaultHook}) with the same name and arguments if a fault is armed. The hook is never
 * called from inside the sink's write, and whether (b) runs never depends on (a): tracing on or
 * off, the same faults fire at the same points (a fault armed {@code at} an event fires just after
 * that event is traced). With tracing off and nothing armed a point builds its name and argument
 * array and drops them after one volatile read (ImplBench measures the tracing-off runs).
 *
 * <p>Why here, in {@code fault}: this is where the trace and the faults meet, and the dependency
 * between the packages stays one-way ({@code fault -> trace}); {@code trace} (sink, events, JSON)
 * knows nothing of faults and cannot call into them.
 *
 * <p>Why over 400 lines: one short method per event QEMU traces (95), in the order of
 * {@link MigTrace}. The names and argument names are checked against the one table of events the
 * checker reads too, spec/trace-events ({@code TraceEventsTableTest}).
 */
public final class TracePoints implements MigTrace {
    private final TraceSink sink;
    /** The sink's {@link TraceSink#enabled()}, which a sink fixes for its life. */
    private final boolean tracing;
    private final FaultHook faults;

    /** {@code faults}: {@link FaultHook#NONE} for the trace alone (what x_inject_fault is written to). */
    public TracePoints(TraceSink sink, FaultHook faults) {
        this.sink = sink;
        this.tracing = sink.enabled();
        this.faults = faults;
    }

    /** One point: the trace event, then, beside it and not inside it, the fault point. */
    private void point(String name, Object... kv) {
        if (tracing) {
            sink.write(new TraceEvent(name, kv));
        }
        if (faults.armed()) {
            faults.at(name, kv);
        }
    }

    @Override
    public void qmpEnter(String command, RawJson params) {
        point("qmp_enter_" + command.replace('-', '_'), "params", params);
    }

    @Override
    public void qmpExit(String command, RawJson result, boolean succeeded) {
        point("qmp_exit_" + command.replace('-', '_'), "result", result, "succeeded", succeeded);
    }

    @Override
    public void migrateSetState(String newState) {
        point("migrate_set_state", "new_state", newState);
    }

    @Override
    public void runstateSet(String currentRunState, String newState) {
        point("runstate_set", "current_run_state", currentRunState, "new_state", newState);
    }

    @Override
    public void vmStateNotify(int running, String reason) {
        point("vm_state_notify", "running", (Integer) running, "reason", reason);
    }

    @Override
    public void migrationBlockActivation(String name) {
        point("migration_block_activation", "name", name);
    }

    @Override
    public void migrateError(String errorDesc) {
        point("migrate_error", "error_desc", errorDesc);
    }

    @Override
    public void migrateFdError(String errorDesc) {
        point("migrate_fd_error", "error_desc", errorDesc);
    }

    @Override
    public void migrationCancel() {
        point("migration_cancel");
    }

    @Override
    public void migrateFdCancel() {
        point("migrate_fd_cancel");
    }

    @Override
    public void migrationCleanup() {
        point("migration_cleanup");
    }

    @Override
    public void migrateFdCleanup() {
        point("migrate_fd_cleanup");
    }

    @Override
    public void savevmStateHeader() {
        point("savevm_state_header");
    }

    @Override
    public void savevmStateSetup() {
        point("savevm_state_setup");
    }

    @Override
    public void savevmStateCleanup() {
        point("savevm_state_cleanup");
    }

    @Override
    public void savevmStateResumePrepare() {
        point("savevm_state_resume_prepare");
    }

    @Override
    public void savevmStateCompletePrecopy() {
        point("savevm_state_complete_precopy");
    }

    @Override
    public void migrationSocketOutgoingConnected(String hostname) {
        point("migration_socket_outgoing_connected", "hostname", hostname);
    }

    @Override
    public void migrationSocketOutgoingError(String err) {
        point("migration_socket_outgoing_error", "err", err);
    }

    @Override
    public void migrationSocketIncomingAccepted() {
        point("migration_socket_incoming_accepted");
    }

    @Override
    public void openReturnPathOnSource() {
        point("open_return_path_on_source");
    }

    @Override
    public void openReturnPathOnSourceContinue() {
        point("open_return_path_on_source_continue");
    }

    @Override
    public void sourceReturnPathThreadEntry() {
        point("source_return_path_thread_entry");
    }

    @Override
    public void sourceReturnPathThreadPong(long val) {
        point("source_return_path_thread_pong", "val", (Long) val);
    }

    @Override
    public void sourceReturnPathThreadShut(long val) {
        point("source_return_path_thread_shut", "val", (Long) val);
    }

    @Override
    public void sourceReturnPathThreadEnd() {
        point("source_return_path_thread_end");
    }

    @Override
    public void sourceReturnPathThreadBadEnd() {
        point("source_return_path_thread_bad_end");
    }

    @Override
    public void sourceReturnPathThreadResumeAck(long v) {
        point("source_return_path_thread_resume_ack", "v", (Long) v);
    }

    @Override
    public void sourceReturnPathThreadPostcopyPackageLoaded() {
        point("source_return_path_thread_postcopy_package_loaded");
    }

    @Override
    public void sourceReturnPathThreadDstStarted() {
        point("source_return_path_thread_dst_started");
    }

    @Override
    public void savevmSendOpenReturnPath() {
        point("savevm_send_open_return_path");
    }

    @Override
    public void savevmSendPing(long val) {
        point("savevm_send_ping", "val", (Long) val);
    }

    @Override
    public void savevmCommandSend(int command, int len) {
        point("savevm_command_send", "command", (Integer) command, "len", (Integer) len);
    }

    @Override
    public void qemuSavevmSendPostcopyAdvise() {
        point("qemu_savevm_send_postcopy_advise");
    }

    @Override
    public void qemuSavevmSendPostcopyRamDiscard(String id, int len) {
        point("qemu_savevm_send_postcopy_ram_discard", "id", id, "len", (Integer) len);
    }

    @Override
    public void savevmSendPostcopyListen() {
        point("savevm_send_postcopy_listen");
    }

    @Override
    public void savevmSendPostcopyRun() {
        point("savevm_send_postcopy_run");
    }

    @Override
    public void qemuSavevmSendPackaged() {
        point("qemu_savevm_send_packaged");
    }

    @Override
    public void savevmSendPostcopyResume() {
        point("savevm_send_postcopy_resume");
    }

    @Override
    public void savevmSendRecvBitmap(String name) {
        point("savevm_send_recv_bitmap", "name", name);
    }

    @Override
    public void savevmSendSwitchoverStart() {
        point("savevm_send_switchover_start");
    }

    @Override
    public void ramPostcopySendDiscardBitmap() {
        point("ram_postcopy_send_discard_bitmap");
    }

    @Override
    public void postcopyStart() {
        point("postcopy_start");
    }

    @Override
    public void postcopyStartSetRun() {
        point("postcopy_start_set_run");
    }

    @Override
    public void postcopyPreemptEnabled(boolean value) {
        point("postcopy_preempt_enabled", "value", (Boolean) value);
    }

    @Override
    public void migrationCompletionVmStop(int ret) {
        point("migration_completion_vm_stop", "ret", (Integer) ret);
    }

    @Override
    public void migrationCompletionPostcopyEnd() {
        point("migration_completion_postcopy_end");
    }

    @Override
    public void migrationCompletionPostcopyEndAfterComplete() {
        point("migration_completion_postcopy_end_after_complete");
    }

    @Override
    public void migrationCompletionFileErr() {
        point("migration_completion_file_err");
    }

    @Override
    public void migrationReturnPathEndBefore() {
        point("migration_return_path_end_before");
    }

    @Override
    public void migrationReturnPathEndAfter() {
        point("migration_return_path_end_after");
    }

    @Override
    public void migrationReturnPathEndAfterRpError(int rpError) {
        point("migration_return_path_end_after", "rp_error", (Integer) rpError);
    }

    @Override
    public void migrationThreadSetupComplete() {
        point("migration_thread_setup_complete");
    }

    @Override
    public void migrationThreadAfterLoop() {
        point("migration_thread_after_loop");
    }

    @Override
    public void migrationThreadFileErr() {
        point("migration_thread_file_err");
    }

    @Override
    public void migrationThreadLowPending(long pending) {
        point("migration_thread_low_pending", "pending", new Unsigned(pending));
    }

    @Override
    public void migratePendingExact(long size, long pre, long post) {
        point("migrate_pending_exact", "size", new Unsigned(size), "pre", new Unsigned(pre), "post", new Unsigned(post));
    }

    @Override
    public void postcopyPauseContinued() {
        point("postcopy_pause_continued");
    }

    @Override
    public void postcopyPauseReturnPath() {
        point("postcopy_pause_return_path");
    }

    @Override
    public void postcopyPauseReturnPathContinued() {
        point("postcopy_pause_return_path_continued");
    }

    @Override
    public void vmstateDowntimeCheckpoint(String checkpoint) {
        point("vmstate_downtime_checkpoint", "checkpoint", checkpoint);
    }

    @Override
    public void migrateHandleRpReqPages(String rbname, long start, long len) {
        point("migrate_handle_rp_req_pages", "rbname", rbname, "start", new Unsigned(start), "len", new Unsigned(len));
    }

    @Override
    public void loadvmStateSetup() {
        point("loadvm_state_setup");
    }

    @Override
    public void loadvmStateCleanup() {
        point("loadvm_state_cleanup");
    }

    @Override
    public void loadvmProcessCommand(String s, int len) {
        point("loadvm_process_command", "s", s, "len", (Integer) len);
    }

    @Override
    public void loadvmProcessCommandPing(long val) {
        point("loadvm_process_command_ping", "val", (Long) val);
    }

    @Override
    public void loadvmPostcopyHandleAdvise() {
        point("loadvm_postcopy_handle_advise");
    }

    @Override
    public void loadvmPostcopyHandleListen(String str) {
        point("loadvm_postcopy_handle_listen", "str", str);
    }

    @Override
    public void loadvmPostcopyHandleRun() {
        point("loadvm_postcopy_handle_run");
    }

    @Override
    public void loadvmPostcopyHandleRunBh(String str) {
        point("loadvm_postcopy_handle_run_bh", "str", str);
    }

    @Override
    public void loadvmPostcopyHandleResume() {
        point("loadvm_postcopy_handle_resume");
    }

    @Override
    public void loadvmPostcopyRamHandleDiscard() {
        point("loadvm_postcopy_ram_handle_discard");
    }

    @Override
    public void loadvmHandleCmdPackaged(long length) {
        point("loadvm_handle_cmd_packaged", "length", (Long) length);
    }

    @Override
    public void loadvmHandleCmdPackagedReceived(int ret) {
        point("loadvm_handle_cmd_packaged_received", "ret", (Integer) ret);
    }

    @Override
    public void loadvmHandleCmdPackagedMain(int ret) {
        point("loadvm_handle_cmd_packaged_main", "ret", (Integer) ret);
    }

    @Override
    public void loadvmHandleRecvBitmap(String s) {
        point("loadvm_handle_recv_bitmap", "s", s);
    }

    @Override
    public void qemuLoadvmStateSectionPartend(long sectionId) {
        point("qemu_loadvm_state_section_partend", "section_id", (Long) sectionId);
    }

    @Override
    public void qemuLoadvmStateSectionStartfull(long sectionId, String idstr, long instanceId, long versionId) {
        point("qemu_loadvm_state_section_startfull", "section_id", (Long) sectionId, "idstr", idstr,
                "instance_id", (Long) instanceId, "version_id", (Long) versionId);
    }

    @Override
    public void qemuLoadvmStatePostMain(int ret) {
        point("qemu_loadvm_state_post_main", "ret", (Integer) ret);
    }

    @Override
    public void postcopyRamListenThreadStart() {
        point("postcopy_ram_listen_thread_start");
    }

    @Override
    public void postcopyRamListenThreadExit() {
        point("postcopy_ram_listen_thread_exit");
    }

    @Override
    public void processIncomingMigrationCoEnd(int ret) {
        point("process_incoming_migration_co_end", "ret", (Integer) ret);
    }

    @Override
    public void processIncomingMigrationCoEndPs(int ret, int ps) {
        point("process_incoming_migration_co_end", "ret", (Integer) ret, "ps", (Integer) ps);
    }

    @Override
    public void processIncomingMigrationCoPostcopyEndMain() {
        point("process_incoming_migration_co_postcopy_end_main");
    }

    @Override
    public void postcopyPauseIncoming() {
        point("postcopy_pause_incoming");
    }

    @Override
    public void postcopyPauseIncomingContinued() {
        point("postcopy_pause_incoming_continued");
    }

    @Override
    public void postcopyPauseFaultThread() {
        point("postcopy_pause_fault_thread");
    }

    @Override
    public void postcopyPauseFaultThreadContinued() {
        point("postcopy_pause_fault_thread_continued");
    }

    @Override
    public void postcopyRamFaultThreadEntry() {
        point("postcopy_ram_fault_thread_entry");
    }

    @Override
    public void postcopyRamFaultThreadExit() {
        point("postcopy_ram_fault_thread_exit");
    }

    @Override
    public void postcopyRamFaultThreadQuit() {
        point("postcopy_ram_fault_thread_quit");
    }

    @Override
    public void postcopyRamFaultThreadRequest(long hostaddr, String ramblock, long offset, long pid) {
        point("postcopy_ram_fault_thread_request", "hostaddr", new Unsigned(hostaddr), "ramblock", ramblock, "offset", new Unsigned(offset), "pid", (Long) pid);
    }

    @Override
    public void migrateSendRpMessage(int msgType, int len) {
        point("migrate_send_rp_message", "msg_type", (Integer) msgType, "len", (Integer) len);
    }

    @Override
    public void migrateSendRpRecvBitmap(String name, long size) {
        point("migrate_send_rp_recv_bitmap", "name", name, "size", (Long) size);
    }

    @Override
    public void xInjectFault(String fault, String at) {
        point("x_inject_fault", "fault", fault, "at", at);
    }
}
