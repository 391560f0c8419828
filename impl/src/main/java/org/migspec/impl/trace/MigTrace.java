package org.migspec.impl.trace;

/**
 * One method per QEMU trace event (migration/trace-events and friends), like QEMU's generated
 * {@code trace_*()} functions. Protocol code calls these at the point QEMU does; it never checks
 * whether tracing is on. Argument names and types are QEMU's, as the one table of trace events,
 * spec/trace-events, declares them (shared with the trace checker; TraceEventsTableTest calls
 * every method and compares its event with the table). The implementation is
 * {@code fault.TracePoints}: each event written, and a fault point beside it.
 */
public interface MigTrace {
    /** qmp_enter_&lt;command&gt;(const char *json): QMP command entry ({@code params} = its arguments). */
    void qmpEnter(String command, RawJson params);

    /** qmp_exit_&lt;command&gt;(const char *result, bool succeeded). */
    void qmpExit(String command, RawJson result, boolean succeeded);

    /** migrate_set_state: migration.c:1274, only on a successful CAS. */
    void migrateSetState(String newState);

    /** runstate_set: system/runstate.c runstate_set. */
    void runstateSet(String currentRunState, String newState);

    /** vm_state_notify: system/runstate.c vm_state_notify. */
    void vmStateNotify(int running, String reason);

    /** migration_block_activation: block-active.c:21,38 (10.2 only). */
    void migrationBlockActivation(String name);

    /** migrate_error: migration.c:1360 migrate_set_error (10.2). */
    void migrateError(String errorDesc);

    /** migrate_fd_error: 7.2 migrate_fd_error. */
    void migrateFdError(String errorDesc);

    /** migration_cancel: migration.c:1433 (10.2 name). */
    void migrationCancel();

    /** migrate_fd_cancel: 7.2 name of migration_cancel. */
    void migrateFdCancel();

    /** migration_cleanup: migration.c:1289 (10.2 name). */
    void migrationCleanup();

    /** migrate_fd_cleanup: 7.2 name of migration_cleanup. */
    void migrateFdCleanup();

    /** savevm_state_header: savevm.c qemu_savevm_state_header. */
    void savevmStateHeader();

    /** savevm_state_setup: savevm.c qemu_savevm_state_setup. */
    void savevmStateSetup();

    /** savevm_state_cleanup: savevm.c qemu_savevm_state_cleanup. */
    void savevmStateCleanup();

    /** savevm_state_resume_prepare: savevm.c qemu_savevm_state_resume_prepare. */
    void savevmStateResumePrepare();

    /** savevm_state_complete_precopy: savevm.c (7.2). */
    void savevmStateCompletePrecopy();

    /** migration_socket_outgoing_connected: socket.c. */
    void migrationSocketOutgoingConnected(String hostname);

    /** migration_socket_outgoing_error: socket.c. */
    void migrationSocketOutgoingError(String err);

    /** migration_socket_incoming_accepted: socket.c. */
    void migrationSocketIncomingAccepted();

    /** open_return_path_on_source: migration.c:2406. */
    void openReturnPathOnSource();

    /** open_return_path_on_source_continue: migration.c:2412. */
    void openReturnPathOnSourceContinue();

    /** source_return_path_thread_entry: migration.c:2249. */
    void sourceReturnPathThreadEntry();

    /** source_return_path_thread_pong: migration.c:2306. */
    void sourceReturnPathThreadPong(long val);

    /** source_return_path_thread_shut: migration.c:2293. */
    void sourceReturnPathThreadShut(long val);

    /** source_return_path_thread_end: migration.c:2396. */
    void sourceReturnPathThreadEnd();

    /** source_return_path_thread_bad_end: migration.c:2379. */
    void sourceReturnPathThreadBadEnd();

    /** source_return_path_thread_resume_ack: migration.c:2184. */
    void sourceReturnPathThreadResumeAck(long v);

    /** source_return_path_thread_postcopy_package_loaded: migration.c:2309 (10.2). */
    void sourceReturnPathThreadPostcopyPackageLoaded();

    /** source_return_path_thread_dst_started: v1 patch. */
    void sourceReturnPathThreadDstStarted();

    /** savevm_send_open_return_path: savevm.c:1112. */
    void savevmSendOpenReturnPath();

    /** savevm_send_ping: savevm.c:1105. */
    void savevmSendPing(long val);

    /** savevm_command_send: savevm.c:1087. */
    void savevmCommandSend(int command, int len);

    /** qemu_savevm_send_postcopy_advise: savevm.c:1158. */
    void qemuSavevmSendPostcopyAdvise();

    /** qemu_savevm_send_postcopy_ram_discard: savevm.c:1193. */
    void qemuSavevmSendPostcopyRamDiscard(String id, int len);

    /** savevm_send_postcopy_listen: savevm.c:1215. */
    void savevmSendPostcopyListen();

    /** savevm_send_postcopy_run: savevm.c:1222. */
    void savevmSendPostcopyRun();

    /** qemu_savevm_send_packaged: savevm.c:1141. */
    void qemuSavevmSendPackaged();

    /** savevm_send_postcopy_resume: savevm.c:1228. */
    void savevmSendPostcopyResume();

    /** savevm_send_recv_bitmap: savevm.c:1237. */
    void savevmSendRecvBitmap(String name);

    /** savevm_send_switchover_start: savevm.c:1247. */
    void savevmSendSwitchoverStart();

    /** ram_postcopy_send_discard_bitmap: ram.c. */
    void ramPostcopySendDiscardBitmap();

    /** postcopy_start: migration.c:2487. */
    void postcopyStart();

    /** postcopy_start_set_run: migration.c:2489. */
    void postcopyStartSetRun();

    /** postcopy_preempt_enabled: migration.c:2613. */
    void postcopyPreemptEnabled(boolean value);

    /** migration_completion_vm_stop: migration.c:289. */
    void migrationCompletionVmStop(int ret);

    /** migration_completion_postcopy_end: migration.c:2763. */
    void migrationCompletionPostcopyEnd();

    /** migration_completion_postcopy_end_after_complete: migration.c:2777. */
    void migrationCompletionPostcopyEndAfterComplete();

    /** migration_completion_file_err: migration.c:2808. */
    void migrationCompletionFileErr();

    /** migration_return_path_end_before: migration.c:2422. */
    void migrationReturnPathEndBefore();

    /** migration_return_path_end_after: migration.c:2439 (10.2: no argument). */
    void migrationReturnPathEndAfter();

    /** migration_return_path_end_after: 7.2: with rp_error. */
    void migrationReturnPathEndAfterRpError(int rpError);

    /** migration_thread_setup_complete: migration.c:3550. */
    void migrationThreadSetupComplete();

    /** migration_thread_after_loop: migration.c:3583. */
    void migrationThreadAfterLoop();

    /** migration_thread_file_err: migration.c:3070. */
    void migrationThreadFileErr();

    /** migration_thread_low_pending: migration.c:3266. */
    void migrationThreadLowPending(long pending);

    /** migrate_pending_exact: migration.c:3241. */
    void migratePendingExact(long size, long pre, long post);

    /** postcopy_pause_continued: migration.c:2998. */
    void postcopyPauseContinued();

    /** postcopy_pause_return_path: 7.2 postcopy_pause_return_path_thread. */
    void postcopyPauseReturnPath();

    /** postcopy_pause_return_path_continued: 7.2 postcopy_pause_return_path_thread. */
    void postcopyPauseReturnPathContinued();

    /** vmstate_downtime_checkpoint: 10.2 downtime checkpoints. */
    void vmstateDowntimeCheckpoint(String checkpoint);

    /** migrate_handle_rp_req_pages: migration.c migrate_handle_rp_req_pages. */
    void migrateHandleRpReqPages(String rbname, long start, long len);

    /** loadvm_state_setup: savevm.c. */
    void loadvmStateSetup();

    /** loadvm_state_cleanup: savevm.c. */
    void loadvmStateCleanup();

    /** loadvm_process_command: savevm.c:2477. */
    void loadvmProcessCommand(String s, int len);

    /** loadvm_process_command_ping: savevm.c:2512. */
    void loadvmProcessCommandPing(long val);

    /** loadvm_postcopy_handle_advise: savevm.c:1927. */
    void loadvmPostcopyHandleAdvise();

    /** loadvm_postcopy_handle_listen: savevm.c:2097/2114/2118, postcopy-ram.c:2211. */
    void loadvmPostcopyHandleListen(String str);

    /** loadvm_postcopy_handle_run: savevm.c:2167. */
    void loadvmPostcopyHandleRun();

    /** loadvm_postcopy_handle_run_bh: 7.2 savevm.c. */
    void loadvmPostcopyHandleRunBh(String str);

    /** loadvm_postcopy_handle_resume: savevm.c:2252. */
    void loadvmPostcopyHandleResume();

    /** loadvm_postcopy_ram_handle_discard: savevm.c. */
    void loadvmPostcopyRamHandleDiscard();

    /** loadvm_handle_cmd_packaged: savevm.c:2308. */
    void loadvmHandleCmdPackaged(long length);

    /** loadvm_handle_cmd_packaged_received: savevm.c:2327. */
    void loadvmHandleCmdPackagedReceived(int ret);

    /** loadvm_handle_cmd_packaged_main: savevm.c:2353. */
    void loadvmHandleCmdPackagedMain(int ret);

    /** loadvm_handle_recv_bitmap: savevm.c. */
    void loadvmHandleRecvBitmap(String s);

    /** qemu_loadvm_state_section_partend: savevm.c, a PART/END section loaded. */
    void qemuLoadvmStateSectionPartend(long sectionId);

    /** qemu_loadvm_state_section_startfull: savevm.c, a START/FULL section loaded. */
    void qemuLoadvmStateSectionStartfull(long sectionId, String idstr, long instanceId, long versionId);

    /** qemu_loadvm_state_post_main: savevm.c:3061. */
    void qemuLoadvmStatePostMain(int ret);

    /** postcopy_ram_listen_thread_start: postcopy-ram.c:2123. */
    void postcopyRamListenThreadStart();

    /** postcopy_ram_listen_thread_exit: postcopy-ram.c:2145. */
    void postcopyRamListenThreadExit();

    /** process_incoming_migration_co_end: migration.c:784 (10.2). */
    void processIncomingMigrationCoEnd(int ret);

    /** process_incoming_migration_co_end: 7.2: with postcopy-state. */
    void processIncomingMigrationCoEndPs(int ret, int ps);

    /** process_incoming_migration_co_postcopy_end_main: migration.c:790. */
    void processIncomingMigrationCoPostcopyEndMain();

    /** postcopy_pause_incoming: savevm.c:2884. */
    void postcopyPauseIncoming();

    /** postcopy_pause_incoming_continued: savevm.c:2945. */
    void postcopyPauseIncomingContinued();

    /** postcopy_pause_fault_thread: postcopy-ram.c. */
    void postcopyPauseFaultThread();

    /** postcopy_pause_fault_thread_continued: postcopy-ram.c. */
    void postcopyPauseFaultThreadContinued();

    /** postcopy_ram_fault_thread_entry: postcopy-ram.c. */
    void postcopyRamFaultThreadEntry();

    /** postcopy_ram_fault_thread_exit: postcopy-ram.c. */
    void postcopyRamFaultThreadExit();

    /** postcopy_ram_fault_thread_quit: postcopy-ram.c. */
    void postcopyRamFaultThreadQuit();

    /** postcopy_ram_fault_thread_request: postcopy-ram.c. */
    void postcopyRamFaultThreadRequest(long hostaddr, String ramblock, long offset, long pid);

    /** migrate_send_rp_message: migration.c:511. */
    void migrateSendRpMessage(int msgType, int len);

    /** migrate_send_rp_recv_bitmap: migration.c. */
    void migrateSendRpRecvBitmap(String name, long size);

    /** x_inject_fault: MigSpec: an injected fault takes effect next. */
    void xInjectFault(String fault, String at);
}
