package org.migspec.impl.trace;

/** Tracing off: every event is a no-op. */
public final class NoopTrace implements MigTrace {
    public static final NoopTrace INSTANCE = new NoopTrace();

    private NoopTrace() {
    }

    @Override
    public void qmpEnter(String command, RawJson params) {
    }

    @Override
    public void qmpExit(String command, RawJson result, boolean succeeded) {
    }

    @Override
    public void migrateSetState(String newState) {
    }

    @Override
    public void runstateSet(String currentRunState, String newState) {
    }

    @Override
    public void vmStateNotify(int running, String reason) {
    }

    @Override
    public void migrationBlockActivation(String name) {
    }

    @Override
    public void migrateError(String errorDesc) {
    }

    @Override
    public void migrateFdError(String errorDesc) {
    }

    @Override
    public void migrationCancel() {
    }

    @Override
    public void migrateFdCancel() {
    }

    @Override
    public void migrationCleanup() {
    }

    @Override
    public void migrateFdCleanup() {
    }

    @Override
    public void savevmStateHeader() {
    }

    @Override
    public void savevmStateSetup() {
    }

    @Override
    public void savevmStateCleanup() {
    }

    @Override
    public void savevmStateResumePrepare() {
    }

    @Override
    public void savevmStateCompletePrecopy() {
    }

    @Override
    public void migrationSocketOutgoingConnected(String hostname) {
    }

    @Override
    public void migrationSocketOutgoingError(String err) {
    }

    @Override
    public void migrationSocketIncomingAccepted() {
    }

    @Override
    public void openReturnPathOnSource() {
    }

    @Override
    public void openReturnPathOnSourceContinue() {
    }

    @Override
    public void sourceReturnPathThreadEntry() {
    }

    @Override
    public void sourceReturnPathThreadPong(long val) {
    }

    @Override
    public void sourceReturnPathThreadShut(long val) {
    }

    @Override
    public void sourceReturnPathThreadEnd() {
    }

    @Override
    public void sourceReturnPathThreadBadEnd() {
    }

    @Override
    public void sourceReturnPathThreadResumeAck(long v) {
    }

    @Override
    public void sourceReturnPathThreadPostcopyPackageLoaded() {
    }

    @Override
    public void sourceReturnPathThreadDstStarted() {
    }

    @Override
    public void savevmSendOpenReturnPath() {
    }

    @Override
    public void savevmSendPing(long val) {
    }

    @Override
    public void savevmCommandSend(int command, int len) {
    }

    @Override
    public void qemuSavevmSendPostcopyAdvise() {
    }

    @Override
    public void qemuSavevmSendPostcopyRamDiscard(String id, int len) {
    }

    @Override
    public void savevmSendPostcopyListen() {
    }

    @Override
    public void savevmSendPostcopyRun() {
    }

    @Override
    public void qemuSavevmSendPackaged() {
    }

    @Override
    public void savevmSendPostcopyResume() {
    }

    @Override
    public void savevmSendRecvBitmap(String name) {
    }

    @Override
    public void savevmSendSwitchoverStart() {
    }

    @Override
    public void ramPostcopySendDiscardBitmap() {
    }

    @Override
    public void postcopyStart() {
    }

    @Override
    public void postcopyStartSetRun() {
    }

    @Override
    public void postcopyPreemptEnabled(boolean value) {
    }

    @Override
    public void migrationCompletionVmStop(int ret) {
    }

    @Override
    public void migrationCompletionPostcopyEnd() {
    }

    @Override
    public void migrationCompletionPostcopyEndAfterComplete() {
    }

    @Override
    public void migrationCompletionFileErr() {
    }

    @Override
    public void migrationReturnPathEndBefore() {
    }

    @Override
    public void migrationReturnPathEndAfter() {
    }

    @Override
    public void migrationReturnPathEndAfterRpError(int rpError) {
    }

    @Override
    public void migrationThreadSetupComplete() {
    }

    @Override
    public void migrationThreadAfterLoop() {
    }

    @Override
    public void migrationThreadFileErr() {
    }

    @Override
    public void migrationThreadLowPending(long pending) {
    }

    @Override
    public void migratePendingExact(long size, long pre, long post) {
    }

    @Override
    public void postcopyPauseContinued() {
    }

    @Override
    public void postcopyPauseReturnPath() {
    }

    @Override
    public void postcopyPauseReturnPathContinued() {
    }

    @Override
    public void vmstateDowntimeCheckpoint(String checkpoint) {
    }

    @Override
    public void migrateHandleRpReqPages(String rbname, long start, long len) {
    }

    @Override
    public void loadvmStateSetup() {
    }

    @Override
    public void loadvmStateCleanup() {
    }

    @Override
    public void loadvmProcessCommand(String s, int len) {
    }

    @Override
    public void loadvmProcessCommandPing(long val) {
    }

    @Override
    public void loadvmPostcopyHandleAdvise() {
    }

    @Override
    public void loadvmPostcopyHandleListen(String str) {
    }

    @Override
    public void loadvmPostcopyHandleRun() {
    }

    @Override
    public void loadvmPostcopyHandleRunBh(String str) {
    }

    @Override
    public void loadvmPostcopyHandleResume() {
    }

    @Override
    public void loadvmPostcopyRamHandleDiscard() {
    }

    @Override
    public void loadvmHandleCmdPackaged(long length) {
    }

    @Override
    public void loadvmHandleCmdPackagedReceived(int ret) {
    }

    @Override
    public void loadvmHandleCmdPackagedMain(int ret) {
    }

    @Override
    public void loadvmHandleRecvBitmap(String s) {
    }

    @Override
    public void qemuLoadvmStateSectionPartend(long sectionId) {
    }

    @Override
    public void qemuLoadvmStateSectionStartfull(long sectionId, String idstr, long instanceId, long versionId) {
    }

    @Override
    public void qemuLoadvmStatePostMain(int ret) {
    }

    @Override
    public void postcopyRamListenThreadStart() {
    }

    @Override
    public void postcopyRamListenThreadExit() {
    }

    @Override
    public void processIncomingMigrationCoEnd(int ret) {
    }

    @Override
    public void processIncomingMigrationCoEndPs(int ret, int ps) {
    }

    @Override
    public void processIncomingMigrationCoPostcopyEndMain() {
    }

    @Override
    public void postcopyPauseIncoming() {
    }

    @Override
    public void postcopyPauseIncomingContinued() {
    }

    @Override
    public void postcopyPauseFaultThread() {
    }

    @Override
    public void postcopyPauseFaultThreadContinued() {
    }

    @Override
    public void postcopyRamFaultThreadEntry() {
    }

    @Override
    public void postcopyRamFaultThreadExit() {
    }

    @Override
    public void postcopyRamFaultThreadQuit() {
    }

    @Override
    public void postcopyRamFaultThreadRequest(long hostaddr, String ramblock, long offset, long pid) {
    }

    @Override
    public void migrateSendRpMessage(int msgType, int len) {
    }

    @Override
    public void migrateSendRpRecvBitmap(String name, long size) {
    }

    @Override
    public void xInjectFault(String fault, String at) {
    }
}
