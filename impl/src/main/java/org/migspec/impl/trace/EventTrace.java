package org.migspec.impl.trace;

/**
 * The tracer: builds {@link TraceEvent}s for the one sink. Purely observational: it writes lines
 * and does nothing else (fault points are beside it, in {@link org.migspec.impl.fault.FaultPoints});
 * with the sink off nothing is built.
 */
public final class EventTrace implements MigTrace {
    private final TraceSink sink;

    public EventTrace(TraceSink sink) {
        this.sink = sink;
    }

    private void emit(String name, Object... kv) {
        if (sink.enabled()) {
            sink.write(new TraceEvent(name, kv));
        }
    }

    @Override
    public void qmpEnter(String command, RawJson params) {
        emit("qmp_enter_" + command.replace('-', '_'), "params", params);
    }

    @Override
    public void qmpExit(String command, RawJson result, boolean succeeded) {
        emit("qmp_exit_" + command.replace('-', '_'), "result", result, "succeeded", succeeded);
    }

    @Override
    public void migrateSetState(String newState) {
        emit("migrate_set_state", "new_state", newState);
    }

    @Override
    public void runstateSet(String currentRunState, String newState) {
        emit("runstate_set", "current_run_state", currentRunState, "new_state", newState);
    }

    @Override
    public void vmStateNotify(int running, String reason) {
        emit("vm_state_notify", "running", (Integer) running, "reason", reason);
    }

    @Override
    public void migrationBlockActivation(String name) {
        emit("migration_block_activation", "name", name);
    }

    @Override
    public void migrateError(String errorDesc) {
        emit("migrate_error", "error_desc", errorDesc);
    }

    @Override
    public void migrateFdError(String errorDesc) {
        emit("migrate_fd_error", "error_desc", errorDesc);
    }

    @Override
    public void migrationCancel() {
        emit("migration_cancel");
    }

    @Override
    public void migrateFdCancel() {
        emit("migrate_fd_cancel");
    }

    @Override
    public void migrationCleanup() {
        emit("migration_cleanup");
    }

    @Override
    public void migrateFdCleanup() {
        emit("migrate_fd_cleanup");
    }

    @Override
    public void savevmStateHeader() {
        emit("savevm_state_header");
    }

    @Override
    public void savevmStateSetup() {
        emit("savevm_state_setup");
    }

    @Override
    public void savevmStateCleanup() {
        emit("savevm_state_cleanup");
    }

    @Override
    public void savevmStateResumePrepare() {
        emit("savevm_state_resume_prepare");
    }

    @Override
    public void savevmStateCompletePrecopy() {
        emit("savevm_state_complete_precopy");
    }

    @Override
    public void migrationSocketOutgoingConnected(String hostname) {
        emit("migration_socket_outgoing_connected", "hostname", hostname);
    }

    @Override
    public void migrationSocketOutgoingError(String err) {
        emit("migration_socket_outgoing_error", "err", err);
    }

    @Override
    public void migrationSocketIncomingAccepted() {
        emit("migration_socket_incoming_accepted");
    }

    @Override
    public void openReturnPathOnSource() {
        emit("open_return_path_on_source");
    }

    @Override
    public void openReturnPathOnSourceContinue() {
        emit("open_return_path_on_source_continue");
    }

    @Override
    public void sourceReturnPathThreadEntry() {
        emit("source_return_path_thread_entry");
    }

    @Override
    public void sourceReturnPathThreadPong(long val) {
        emit("source_return_path_thread_pong", "val", (Long) val);
    }

    @Override
    public void sourceReturnPathThreadShut(long val) {
        emit("source_return_path_thread_shut", "val", (Long) val);
    }

    @Override
    public void sourceReturnPathThreadEnd() {
        emit("source_return_path_thread_end");
    }

    @Override
    public void sourceReturnPathThreadBadEnd() {
        emit("source_return_path_thread_bad_end");
    }

    @Override
    public void sourceReturnPathThreadResumeAck(long v) {
        emit("source_return_path_thread_resume_ack", "v", (Long) v);
    }

    @Override
    public void sourceReturnPathThreadPostcopyPackageLoaded() {
        emit("source_return_path_thread_postcopy_package_loaded");
    }

    @Override
    public void sourceReturnPathThreadDstStarted() {
        emit("source_return_path_thread_dst_started");
    }

    @Override
    public void savevmSendOpenReturnPath() {
        emit("savevm_send_open_return_path");
    }

    @Override
    public void savevmSendPing(long val) {
        emit("savevm_send_ping", "val", (Long) val);
    }

    @Override
    public void savevmCommandSend(int command, int len) {
        emit("savevm_command_send", "command", (Integer) command, "len", (Integer) len);
    }

    @Override
    public void qemuSavevmSendPostcopyAdvise() {
        emit("qemu_savevm_send_postcopy_advise");
    }

    @Override
    public void qemuSavevmSendPostcopyRamDiscard(String id, int len) {
        emit("qemu_savevm_send_postcopy_ram_discard", "id", id, "len", (Integer) len);
    }

    @Override
    public void savevmSendPostcopyListen() {
        emit("savevm_send_postcopy_listen");
    }

    @Override
    public void savevmSendPostcopyRun() {
        emit("savevm_send_postcopy_run");
    }

    @Override
    public void qemuSavevmSendPackaged() {
        emit("qemu_savevm_send_packaged");
    }

    @Override
    public void savevmSendPostcopyResume() {
        emit("savevm_send_postcopy_resume");
    }

    @Override
    public void savevmSendRecvBitmap(String name) {
        emit("savevm_send_recv_bitmap", "name", name);
    }

    @Override
    public void savevmSendSwitchoverStart() {
        emit("savevm_send_switchover_start");
    }

    @Override
    public void ramPostcopySendDiscardBitmap() {
        emit("ram_postcopy_send_discard_bitmap");
    }

    @Override
    public void postcopyStart() {
        emit("postcopy_start");
    }

    @Override
    public void postcopyStartSetRun() {
        emit("postcopy_start_set_run");
    }

    @Override
    public void postcopyPreemptEnabled(boolean value) {
        emit("postcopy_preempt_enabled", "value", (Boolean) value);
    }

    @Override
    public void migrationCompletionVmStop(int ret) {
        emit("migration_completion_vm_stop", "ret", (Integer) ret);
    }

    @Override
    public void migrationCompletionPostcopyEnd() {
        emit("migration_completion_postcopy_end");
    }

    @Override
    public void migrationCompletionPostcopyEndAfterComplete() {
        emit("migration_completion_postcopy_end_after_complete");
    }

    @Override
    public void migrationCompletionFileErr() {
        emit("migration_completion_file_err");
    }

    @Override
    public void migrationReturnPathEndBefore() {
        emit("migration_return_path_end_before");
    }

    @Override
    public void migrationReturnPathEndAfter() {
        emit("migration_return_path_end_after");
    }

    @Override
    public void migrationReturnPathEndAfterRpError(int rpError) {
        emit("migration_return_path_end_after", "rp_error", (Integer) rpError);
    }

    @Override
    public void migrationThreadSetupComplete() {
        emit("migration_thread_setup_complete");
    }

    @Override
    public void migrationThreadAfterLoop() {
        emit("migration_thread_after_loop");
    }

    @Override
    public void migrationThreadFileErr() {
        emit("migration_thread_file_err");
    }

    @Override
    public void migrationThreadLowPending(long pending) {
        emit("migration_thread_low_pending", "pending", new Unsigned(pending));
    }

    @Override
    public void migratePendingExact(long size, long pre, long post) {
        emit("migrate_pending_exact", "size", new Unsigned(size), "pre", new Unsigned(pre), "post", new Unsigned(post));
    }

    @Override
    public void postcopyPauseContinued() {
        emit("postcopy_pause_continued");
    }

    @Override
    public void postcopyPauseReturnPath() {
        emit("postcopy_pause_return_path");
    }

    @Override
    public void postcopyPauseReturnPathContinued() {
        emit("postcopy_pause_return_path_continued");
    }

    @Override
    public void vmstateDowntimeCheckpoint(String checkpoint) {
        emit("vmstate_downtime_checkpoint", "checkpoint", checkpoint);
    }

    @Override
    public void migrateHandleRpReqPages(String rbname, long start, long len) {
        emit("migrate_handle_rp_req_pages", "rbname", rbname, "start", new Unsigned(start), "len", new Unsigned(len));
    }

    @Override
    public void loadvmStateSetup() {
        emit("loadvm_state_setup");
    }

    @Override
    public void loadvmStateCleanup() {
        emit("loadvm_state_cleanup");
    }

    @Override
    public void loadvmProcessCommand(String s, int len) {
        emit("loadvm_process_command", "s", s, "len", (Integer) len);
    }

    @Override
    public void loadvmProcessCommandPing(long val) {
        emit("loadvm_process_command_ping", "val", (Long) val);
    }

    @Override
    public void loadvmPostcopyHandleAdvise() {
        emit("loadvm_postcopy_handle_advise");
    }

    @Override
    public void loadvmPostcopyHandleListen(String str) {
        emit("loadvm_postcopy_handle_listen", "str", str);
    }

    @Override
    public void loadvmPostcopyHandleRun() {
        emit("loadvm_postcopy_handle_run");
    }

    @Override
    public void loadvmPostcopyHandleRunBh(String str) {
        emit("loadvm_postcopy_handle_run_bh", "str", str);
    }

    @Override
    public void loadvmPostcopyHandleResume() {
        emit("loadvm_postcopy_handle_resume");
    }

    @Override
    public void loadvmPostcopyRamHandleDiscard() {
        emit("loadvm_postcopy_ram_handle_discard");
    }

    @Override
    public void loadvmHandleCmdPackaged(long length) {
        emit("loadvm_handle_cmd_packaged", "length", (Long) length);
    }

    @Override
    public void loadvmHandleCmdPackagedReceived(int ret) {
        emit("loadvm_handle_cmd_packaged_received", "ret", (Integer) ret);
    }

    @Override
    public void loadvmHandleCmdPackagedMain(int ret) {
        emit("loadvm_handle_cmd_packaged_main", "ret", (Integer) ret);
    }

    @Override
    public void loadvmHandleRecvBitmap(String s) {
        emit("loadvm_handle_recv_bitmap", "s", s);
    }

    @Override
    public void qemuLoadvmStateSectionPartend(long sectionId) {
        emit("qemu_loadvm_state_section_partend", "section_id", (Long) sectionId);
    }

    @Override
    public void qemuLoadvmStateSectionStartfull(long sectionId, String idstr, long instanceId, long versionId) {
        emit("qemu_loadvm_state_section_startfull", "section_id", (Long) sectionId, "idstr", idstr,
                "instance_id", (Long) instanceId, "version_id", (Long) versionId);
    }

    @Override
    public void qemuLoadvmStatePostMain(int ret) {
        emit("qemu_loadvm_state_post_main", "ret", (Integer) ret);
    }

    @Override
    public void postcopyRamListenThreadStart() {
        emit("postcopy_ram_listen_thread_start");
    }

    @Override
    public void postcopyRamListenThreadExit() {
        emit("postcopy_ram_listen_thread_exit");
    }

    @Override
    public void processIncomingMigrationCoEnd(int ret) {
        emit("process_incoming_migration_co_end", "ret", (Integer) ret);
    }

    @Override
    public void processIncomingMigrationCoEndPs(int ret, int ps) {
        emit("process_incoming_migration_co_end", "ret", (Integer) ret, "ps", (Integer) ps);
    }

    @Override
    public void processIncomingMigrationCoPostcopyEndMain() {
        emit("process_incoming_migration_co_postcopy_end_main");
    }

    @Override
    public void postcopyPauseIncoming() {
        emit("postcopy_pause_incoming");
    }

    @Override
    public void postcopyPauseIncomingContinued() {
        emit("postcopy_pause_incoming_continued");
    }

    @Override
    public void postcopyPauseFaultThread() {
        emit("postcopy_pause_fault_thread");
    }

    @Override
    public void postcopyPauseFaultThreadContinued() {
        emit("postcopy_pause_fault_thread_continued");
    }

    @Override
    public void postcopyRamFaultThreadEntry() {
        emit("postcopy_ram_fault_thread_entry");
    }

    @Override
    public void postcopyRamFaultThreadExit() {
        emit("postcopy_ram_fault_thread_exit");
    }

    @Override
    public void postcopyRamFaultThreadQuit() {
        emit("postcopy_ram_fault_thread_quit");
    }

    @Override
    public void postcopyRamFaultThreadRequest(long hostaddr, String ramblock, long offset, long pid) {
        emit("postcopy_ram_fault_thread_request", "hostaddr", new Unsigned(hostaddr), "ramblock", ramblock, "offset", new Unsigned(offset), "pid", (Long) pid);
    }

    @Override
    public void migrateSendRpMessage(int msgType, int len) {
        emit("migrate_send_rp_message", "msg_type", (Integer) msgType, "len", (Integer) len);
    }

    @Override
    public void migrateSendRpRecvBitmap(String name, long size) {
        emit("migrate_send_rp_recv_bitmap", "name", name, "size", (Long) size);
    }

    @Override
    public void xInjectFault(String fault, String at) {
        emit("x_inject_fault", "fault", fault, "at", at);
    }
}
