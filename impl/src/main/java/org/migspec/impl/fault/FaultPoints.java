package org.migspec.impl.fault;

import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.trace.RawJson;
import org.migspec.impl.trace.Unsigned;

/**
 * The protocol code's points: each is a trace call and, beside it, a fault point. The protocol
 * code calls one method per QEMU trace event (as QEMU calls trace_*()); this class passes it to
 * the tracer ({@link MigTrace}: the NDJSON trace, or {@link org.migspec.impl.trace.NoopTrace}
 * with tracing off), and then, as a separate call, to the fault hook ({@link FaultHook}) with the
 * point's name and arguments. The tracer never calls the fault hook and the fault hook never
 * depends on the tracer: tracing on or off, the same faults fire at the same points (a fault armed
 * {@code at} an event fires just after that event would be traced). With no fault armed the hook
 * costs one volatile read.
 */
public final class FaultPoints implements MigTrace {
    private final MigTrace trace;
    private final FaultHook faults;

    public FaultPoints(MigTrace trace, FaultHook faults) {
        this.trace = trace;
        this.faults = faults;
    }

    @Override
    public void qmpEnter(String command, RawJson params) {
        trace.qmpEnter(command, params);
        if (faults.armed()) {
            faults.at("qmp_enter_" + command.replace('-', '_'), "params", params);
        }
    }

    @Override
    public void qmpExit(String command, RawJson result, boolean succeeded) {
        trace.qmpExit(command, result, succeeded);
        if (faults.armed()) {
            faults.at("qmp_exit_" + command.replace('-', '_'), "result", result, "succeeded", succeeded);
        }
    }

    @Override
    public void migrateSetState(String newState) {
        trace.migrateSetState(newState);
        if (faults.armed()) {
            faults.at("migrate_set_state", "new_state", newState);
        }
    }

    @Override
    public void runstateSet(String currentRunState, String newState) {
        trace.runstateSet(currentRunState, newState);
        if (faults.armed()) {
            faults.at("runstate_set", "current_run_state", currentRunState, "new_state", newState);
        }
    }

    @Override
    public void vmStateNotify(int running, String reason) {
        trace.vmStateNotify(running, reason);
        if (faults.armed()) {
            faults.at("vm_state_notify", "running", (Integer) running, "reason", reason);
        }
    }

    @Override
    public void migrationBlockActivation(String name) {
        trace.migrationBlockActivation(name);
        if (faults.armed()) {
            faults.at("migration_block_activation", "name", name);
        }
    }

    @Override
    public void migrateError(String errorDesc) {
        trace.migrateError(errorDesc);
        if (faults.armed()) {
            faults.at("migrate_error", "error_desc", errorDesc);
        }
    }

    @Override
    public void migrateFdError(String errorDesc) {
        trace.migrateFdError(errorDesc);
        if (faults.armed()) {
            faults.at("migrate_fd_error", "error_desc", errorDesc);
        }
    }

    @Override
    public void migrationCancel() {
        trace.migrationCancel();
        if (faults.armed()) {
            faults.at("migration_cancel");
        }
    }

    @Override
    public void migrateFdCancel() {
        trace.migrateFdCancel();
        if (faults.armed()) {
            faults.at("migrate_fd_cancel");
        }
    }

    @Override
    public void migrationCleanup() {
        trace.migrationCleanup();
        if (faults.armed()) {
            faults.at("migration_cleanup");
        }
    }

    @Override
    public void migrateFdCleanup() {
        trace.migrateFdCleanup();
        if (faults.armed()) {
            faults.at("migrate_fd_cleanup");
        }
    }

    @Override
    public void savevmStateHeader() {
        trace.savevmStateHeader();
        if (faults.armed()) {
            faults.at("savevm_state_header");
        }
    }

    @Override
    public void savevmStateSetup() {
        trace.savevmStateSetup();
        if (faults.armed()) {
            faults.at("savevm_state_setup");
        }
    }

    @Override
    public void savevmStateCleanup() {
        trace.savevmStateCleanup();
        if (faults.armed()) {
            faults.at("savevm_state_cleanup");
        }
    }

    @Override
    public void savevmStateResumePrepare() {
        trace.savevmStateResumePrepare();
        if (faults.armed()) {
            faults.at("savevm_state_resume_prepare");
        }
    }

    @Override
    public void savevmStateCompletePrecopy() {
        trace.savevmStateCompletePrecopy();
        if (faults.armed()) {
            faults.at("savevm_state_complete_precopy");
        }
    }

    @Override
    public void migrationSocketOutgoingConnected(String hostname) {
        trace.migrationSocketOutgoingConnected(hostname);
        if (faults.armed()) {
            faults.at("migration_socket_outgoing_connected", "hostname", hostname);
        }
    }

    @Override
    public void migrationSocketOutgoingError(String err) {
        trace.migrationSocketOutgoingError(err);
        if (faults.armed()) {
            faults.at("migration_socket_outgoing_error", "err", err);
        }
    }

    @Override
    public void migrationSocketIncomingAccepted() {
        trace.migrationSocketIncomingAccepted();
        if (faults.armed()) {
            faults.at("migration_socket_incoming_accepted");
        }
    }

    @Override
    public void openReturnPathOnSource() {
        trace.openReturnPathOnSource();
        if (faults.armed()) {
            faults.at("open_return_path_on_source");
        }
    }

    @Override
    public void openReturnPathOnSourceContinue() {
        trace.openReturnPathOnSourceContinue();
        if (faults.armed()) {
            faults.at("open_return_path_on_source_continue");
        }
    }

    @Override
    public void sourceReturnPathThreadEntry() {
        trace.sourceReturnPathThreadEntry();
        if (faults.armed()) {
            faults.at("source_return_path_thread_entry");
        }
    }

    @Override
    public void sourceReturnPathThreadPong(long val) {
        trace.sourceReturnPathThreadPong(val);
        if (faults.armed()) {
            faults.at("source_return_path_thread_pong", "val", (Long) val);
        }
    }

    @Override
    public void sourceReturnPathThreadShut(long val) {
        trace.sourceReturnPathThreadShut(val);
        if (faults.armed()) {
            faults.at("source_return_path_thread_shut", "val", (Long) val);
        }
    }

    @Override
    public void sourceReturnPathThreadEnd() {
        trace.sourceReturnPathThreadEnd();
        if (faults.armed()) {
            faults.at("source_return_path_thread_end");
        }
    }

    @Override
    public void sourceReturnPathThreadBadEnd() {
        trace.sourceReturnPathThreadBadEnd();
        if (faults.armed()) {
            faults.at("source_return_path_thread_bad_end");
        }
    }

    @Override
    public void sourceReturnPathThreadResumeAck(long v) {
        trace.sourceReturnPathThreadResumeAck(v);
        if (faults.armed()) {
            faults.at("source_return_path_thread_resume_ack", "v", (Long) v);
        }
    }

    @Override
    public void sourceReturnPathThreadPostcopyPackageLoaded() {
        trace.sourceReturnPathThreadPostcopyPackageLoaded();
        if (faults.armed()) {
            faults.at("source_return_path_thread_postcopy_package_loaded");
        }
    }

    @Override
    public void sourceReturnPathThreadDstStarted() {
        trace.sourceReturnPathThreadDstStarted();
        if (faults.armed()) {
            faults.at("source_return_path_thread_dst_started");
        }
    }

    @Override
    public void savevmSendOpenReturnPath() {
        trace.savevmSendOpenReturnPath();
        if (faults.armed()) {
            faults.at("savevm_send_open_return_path");
        }
    }

    @Override
    public void savevmSendPing(long val) {
        trace.savevmSendPing(val);
        if (faults.armed()) {
            faults.at("savevm_send_ping", "val", (Long) val);
        }
    }

    @Override
    public void savevmCommandSend(int command, int len) {
        trace.savevmCommandSend(command, len);
        if (faults.armed()) {
            faults.at("savevm_command_send", "command", (Integer) command, "len", (Integer) len);
        }
    }

    @Override
    public void qemuSavevmSendPostcopyAdvise() {
        trace.qemuSavevmSendPostcopyAdvise();
        if (faults.armed()) {
            faults.at("qemu_savevm_send_postcopy_advise");
        }
    }

    @Override
    public void qemuSavevmSendPostcopyRamDiscard(String id, int len) {
        trace.qemuSavevmSendPostcopyRamDiscard(id, len);
        if (faults.armed()) {
            faults.at("qemu_savevm_send_postcopy_ram_discard", "id", id, "len", (Integer) len);
        }
    }

    @Override
    public void savevmSendPostcopyListen() {
        trace.savevmSendPostcopyListen();
        if (faults.armed()) {
            faults.at("savevm_send_postcopy_listen");
        }
    }

    @Override
    public void savevmSendPostcopyRun() {
        trace.savevmSendPostcopyRun();
        if (faults.armed()) {
            faults.at("savevm_send_postcopy_run");
        }
    }

    @Override
    public void qemuSavevmSendPackaged() {
        trace.qemuSavevmSendPackaged();
        if (faults.armed()) {
            faults.at("qemu_savevm_send_packaged");
        }
    }

    @Override
    public void savevmSendPostcopyResume() {
        trace.savevmSendPostcopyResume();
        if (faults.armed()) {
            faults.at("savevm_send_postcopy_resume");
        }
    }

    @Override
    public void savevmSendRecvBitmap(String name) {
        trace.savevmSendRecvBitmap(name);
        if (faults.armed()) {
            faults.at("savevm_send_recv_bitmap", "name", name);
        }
    }

    @Override
    public void savevmSendSwitchoverStart() {
        trace.savevmSendSwitchoverStart();
        if (faults.armed()) {
            faults.at("savevm_send_switchover_start");
        }
    }

    @Override
    public void ramPostcopySendDiscardBitmap() {
        trace.ramPostcopySendDiscardBitmap();
        if (faults.armed()) {
            faults.at("ram_postcopy_send_discard_bitmap");
        }
    }

    @Override
    public void postcopyStart() {
        trace.postcopyStart();
        if (faults.armed()) {
            faults.at("postcopy_start");
        }
    }

    @Override
    public void postcopyStartSetRun() {
        trace.postcopyStartSetRun();
        if (faults.armed()) {
            faults.at("postcopy_start_set_run");
        }
    }

    @Override
    public void postcopyPreemptEnabled(boolean value) {
        trace.postcopyPreemptEnabled(value);
        if (faults.armed()) {
            faults.at("postcopy_preempt_enabled", "value", (Boolean) value);
        }
    }

    @Override
    public void migrationCompletionVmStop(int ret) {
        trace.migrationCompletionVmStop(ret);
        if (faults.armed()) {
            faults.at("migration_completion_vm_stop", "ret", (Integer) ret);
        }
    }

    @Override
    public void migrationCompletionPostcopyEnd() {
        trace.migrationCompletionPostcopyEnd();
        if (faults.armed()) {
            faults.at("migration_completion_postcopy_end");
        }
    }

    @Override
    public void migrationCompletionPostcopyEndAfterComplete() {
        trace.migrationCompletionPostcopyEndAfterComplete();
        if (faults.armed()) {
            faults.at("migration_completion_postcopy_end_after_complete");
        }
    }

    @Override
    public void migrationCompletionFileErr() {
        trace.migrationCompletionFileErr();
        if (faults.armed()) {
            faults.at("migration_completion_file_err");
        }
    }

    @Override
    public void migrationReturnPathEndBefore() {
        trace.migrationReturnPathEndBefore();
        if (faults.armed()) {
            faults.at("migration_return_path_end_before");
        }
    }

    @Override
    public void migrationReturnPathEndAfter() {
        trace.migrationReturnPathEndAfter();
        if (faults.armed()) {
            faults.at("migration_return_path_end_after");
        }
    }

    @Override
    public void migrationReturnPathEndAfterRpError(int rpError) {
        trace.migrationReturnPathEndAfterRpError(rpError);
        if (faults.armed()) {
            faults.at("migration_return_path_end_after", "rp_error", (Integer) rpError);
        }
    }

    @Override
    public void migrationThreadSetupComplete() {
        trace.migrationThreadSetupComplete();
        if (faults.armed()) {
            faults.at("migration_thread_setup_complete");
        }
    }

    @Override
    public void migrationThreadAfterLoop() {
        trace.migrationThreadAfterLoop();
        if (faults.armed()) {
            faults.at("migration_thread_after_loop");
        }
    }

    @Override
    public void migrationThreadFileErr() {
        trace.migrationThreadFileErr();
        if (faults.armed()) {
            faults.at("migration_thread_file_err");
        }
    }

    @Override
    public void migrationThreadLowPending(long pending) {
        trace.migrationThreadLowPending(pending);
        if (faults.armed()) {
            faults.at("migration_thread_low_pending", "pending", new Unsigned(pending));
        }
    }

    @Override
    public void migratePendingExact(long size, long pre, long post) {
        trace.migratePendingExact(size, pre, post);
        if (faults.armed()) {
            faults.at("migrate_pending_exact", "size", new Unsigned(size), "pre", new Unsigned(pre), "post", new Unsigned(post));
        }
    }

    @Override
    public void postcopyPauseContinued() {
        trace.postcopyPauseContinued();
        if (faults.armed()) {
            faults.at("postcopy_pause_continued");
        }
    }

    @Override
    public void postcopyPauseReturnPath() {
        trace.postcopyPauseReturnPath();
        if (faults.armed()) {
            faults.at("postcopy_pause_return_path");
        }
    }

    @Override
    public void postcopyPauseReturnPathContinued() {
        trace.postcopyPauseReturnPathContinued();
        if (faults.armed()) {
            faults.at("postcopy_pause_return_path_continued");
        }
    }

    @Override
    public void vmstateDowntimeCheckpoint(String checkpoint) {
        trace.vmstateDowntimeCheckpoint(checkpoint);
        if (faults.armed()) {
            faults.at("vmstate_downtime_checkpoint", "checkpoint", checkpoint);
        }
    }

    @Override
    public void migrateHandleRpReqPages(String rbname, long start, long len) {
        trace.migrateHandleRpReqPages(rbname, start, len);
        if (faults.armed()) {
            faults.at("migrate_handle_rp_req_pages", "rbname", rbname, "start", new Unsigned(start), "len", new Unsigned(len));
        }
    }

    @Override
    public void loadvmStateSetup() {
        trace.loadvmStateSetup();
        if (faults.armed()) {
            faults.at("loadvm_state_setup");
        }
    }

    @Override
    public void loadvmStateCleanup() {
        trace.loadvmStateCleanup();
        if (faults.armed()) {
            faults.at("loadvm_state_cleanup");
        }
    }

    @Override
    public void loadvmProcessCommand(String s, int len) {
        trace.loadvmProcessCommand(s, len);
        if (faults.armed()) {
            faults.at("loadvm_process_command", "s", s, "len", (Integer) len);
        }
    }

    @Override
    public void loadvmProcessCommandPing(long val) {
        trace.loadvmProcessCommandPing(val);
        if (faults.armed()) {
            faults.at("loadvm_process_command_ping", "val", (Long) val);
        }
    }

    @Override
    public void loadvmPostcopyHandleAdvise() {
        trace.loadvmPostcopyHandleAdvise();
        if (faults.armed()) {
            faults.at("loadvm_postcopy_handle_advise");
        }
    }

    @Override
    public void loadvmPostcopyHandleListen(String str) {
        trace.loadvmPostcopyHandleListen(str);
        if (faults.armed()) {
            faults.at("loadvm_postcopy_handle_listen", "str", str);
        }
    }

    @Override
    public void loadvmPostcopyHandleRun() {
        trace.loadvmPostcopyHandleRun();
        if (faults.armed()) {
            faults.at("loadvm_postcopy_handle_run");
        }
    }

    @Override
    public void loadvmPostcopyHandleRunBh(String str) {
        trace.loadvmPostcopyHandleRunBh(str);
        if (faults.armed()) {
            faults.at("loadvm_postcopy_handle_run_bh", "str", str);
        }
    }

    @Override
    public void loadvmPostcopyHandleResume() {
        trace.loadvmPostcopyHandleResume();
        if (faults.armed()) {
            faults.at("loadvm_postcopy_handle_resume");
        }
    }

    @Override
    public void loadvmPostcopyRamHandleDiscard() {
        trace.loadvmPostcopyRamHandleDiscard();
        if (faults.armed()) {
            faults.at("loadvm_postcopy_ram_handle_discard");
        }
    }

    @Override
    public void loadvmHandleCmdPackaged(long length) {
        trace.loadvmHandleCmdPackaged(length);
        if (faults.armed()) {
            faults.at("loadvm_handle_cmd_packaged", "length", (Long) length);
        }
    }

    @Override
    public void loadvmHandleCmdPackagedReceived(int ret) {
        trace.loadvmHandleCmdPackagedReceived(ret);
        if (faults.armed()) {
            faults.at("loadvm_handle_cmd_packaged_received", "ret", (Integer) ret);
        }
    }

    @Override
    public void loadvmHandleCmdPackagedMain(int ret) {
        trace.loadvmHandleCmdPackagedMain(ret);
        if (faults.armed()) {
            faults.at("loadvm_handle_cmd_packaged_main", "ret", (Integer) ret);
        }
    }

    @Override
    public void loadvmHandleRecvBitmap(String s) {
        trace.loadvmHandleRecvBitmap(s);
        if (faults.armed()) {
            faults.at("loadvm_handle_recv_bitmap", "s", s);
        }
    }

    @Override
    public void qemuLoadvmStateSectionPartend(long sectionId) {
        trace.qemuLoadvmStateSectionPartend(sectionId);
        if (faults.armed()) {
            faults.at("qemu_loadvm_state_section_partend", "section_id", (Long) sectionId);
        }
    }

    @Override
    public void qemuLoadvmStateSectionStartfull(long sectionId, String idstr, long instanceId, long versionId) {
        trace.qemuLoadvmStateSectionStartfull(sectionId, idstr, instanceId, versionId);
        if (faults.armed()) {
            faults.at("qemu_loadvm_state_section_startfull", "section_id", (Long) sectionId, "idstr", idstr,
                "instance_id", (Long) instanceId, "version_id", (Long) versionId);
        }
    }

    @Override
    public void qemuLoadvmStatePostMain(int ret) {
        trace.qemuLoadvmStatePostMain(ret);
        if (faults.armed()) {
            faults.at("qemu_loadvm_state_post_main", "ret", (Integer) ret);
        }
    }

    @Override
    public void postcopyRamListenThreadStart() {
        trace.postcopyRamListenThreadStart();
        if (faults.armed()) {
            faults.at("postcopy_ram_listen_thread_start");
        }
    }

    @Override
    public void postcopyRamListenThreadExit() {
        trace.postcopyRamListenThreadExit();
        if (faults.armed()) {
            faults.at("postcopy_ram_listen_thread_exit");
        }
    }

    @Override
    public void processIncomingMigrationCoEnd(int ret) {
        trace.processIncomingMigrationCoEnd(ret);
        if (faults.armed()) {
            faults.at("process_incoming_migration_co_end", "ret", (Integer) ret);
        }
    }

    @Override
    public void processIncomingMigrationCoEndPs(int ret, int ps) {
        trace.processIncomingMigrationCoEndPs(ret, ps);
        if (faults.armed()) {
            faults.at("process_incoming_migration_co_end", "ret", (Integer) ret, "ps", (Integer) ps);
        }
    }

    @Override
    public void processIncomingMigrationCoPostcopyEndMain() {
        trace.processIncomingMigrationCoPostcopyEndMain();
        if (faults.armed()) {
            faults.at("process_incoming_migration_co_postcopy_end_main");
        }
    }

    @Override
    public void postcopyPauseIncoming() {
        trace.postcopyPauseIncoming();
        if (faults.armed()) {
            faults.at("postcopy_pause_incoming");
        }
    }

    @Override
    public void postcopyPauseIncomingContinued() {
        trace.postcopyPauseIncomingContinued();
        if (faults.armed()) {
            faults.at("postcopy_pause_incoming_continued");
        }
    }

    @Override
    public void postcopyPauseFaultThread() {
        trace.postcopyPauseFaultThread();
        if (faults.armed()) {
            faults.at("postcopy_pause_fault_thread");
        }
    }

    @Override
    public void postcopyPauseFaultThreadContinued() {
        trace.postcopyPauseFaultThreadContinued();
        if (faults.armed()) {
            faults.at("postcopy_pause_fault_thread_continued");
        }
    }

    @Override
    public void postcopyRamFaultThreadEntry() {
        trace.postcopyRamFaultThreadEntry();
        if (faults.armed()) {
            faults.at("postcopy_ram_fault_thread_entry");
        }
    }

    @Override
    public void postcopyRamFaultThreadExit() {
        trace.postcopyRamFaultThreadExit();
        if (faults.armed()) {
            faults.at("postcopy_ram_fault_thread_exit");
        }
    }

    @Override
    public void postcopyRamFaultThreadQuit() {
        trace.postcopyRamFaultThreadQuit();
        if (faults.armed()) {
            faults.at("postcopy_ram_fault_thread_quit");
        }
    }

    @Override
    public void postcopyRamFaultThreadRequest(long hostaddr, String ramblock, long offset, long pid) {
        trace.postcopyRamFaultThreadRequest(hostaddr, ramblock, offset, pid);
        if (faults.armed()) {
            faults.at("postcopy_ram_fault_thread_request", "hostaddr", new Unsigned(hostaddr), "ramblock", ramblock, "offset", new Unsigned(offset), "pid", (Long) pid);
        }
    }

    @Override
    public void migrateSendRpMessage(int msgType, int len) {
        trace.migrateSendRpMessage(msgType, len);
        if (faults.armed()) {
            faults.at("migrate_send_rp_message", "msg_type", (Integer) msgType, "len", (Integer) len);
        }
    }

    @Override
    public void migrateSendRpRecvBitmap(String name, long size) {
        trace.migrateSendRpRecvBitmap(name, size);
        if (faults.armed()) {
            faults.at("migrate_send_rp_recv_bitmap", "name", name, "size", (Long) size);
        }
    }

    @Override
    public void xInjectFault(String fault, String at) {
        trace.xInjectFault(fault, at);
        if (faults.armed()) {
            faults.at("x_inject_fault", "fault", fault, "at", at);
        }
    }
}
