package org.migspec.impl.destination;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.QapiEvents;
import org.migspec.impl.common.QemuEvent;
import org.migspec.impl.common.Variant;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigRpMessage;
import org.migspec.impl.wire.MigrationChannel;
import org.migspec.impl.wire.QemuFileIn;
import org.migspec.impl.wire.QemuFileOut;

/**
 * {@code MigrationIncomingState} ({@code mis->state} and what the destination's threads share).
 * Every field is private; the methods are named after QEMU's fields and the operations on them,
 * and each says which thread writes it. "main loop" is a QMP handler or bottom half with the BQL
 * held; "coroutine" is the incoming coroutine ({@link IncomingCoroutine}).
 */
public final class MigrationIncomingState {
    private final Variant variant;
    private final MigTrace trace;
    private final Capabilities caps;
    private final QapiEvents events;
    private final AtomicReference<MigrationStatus> state = new AtomicReference<>(MigrationStatus.NONE);
    private final AtomicReference<PostcopyState> postcopyState = new AtomicReference<>(PostcopyState.NONE);

    /** The main channel (from_src_file): written by the main loop (accept, postcopy_try_recover). */
    private volatile MigrationChannel channel;
    /**
     * mis->to_src_file, the return path: opened by the coroutine (OPEN_RETURN_PATH) or the main
     * loop (recovery), dropped by the listen thread when it pauses.
     */
    private volatile QemuFileOut toSrcFile;
    /** mis->have_listen_thread: written by the coroutine at LISTEN. */
    private volatile boolean haveListenThread;
    /** mis->fault_thread: written by the coroutine at LISTEN. */
    private volatile FaultThread faultThread;
    /** mis->main_thread_load_event: the coroutine is done with the stream (the listen thread waits). */
    private final QemuEvent mainThreadLoadEvent = new QemuEvent();
    /** mis->thread_sync_event for the listen thread: set once it has written D6. */
    private final QemuEvent listenThreadStarted = new QemuEvent();
    /** mis->postcopy_pause_sem_dst: the paused listen thread sleeps on it until migrate-recover. */
    private final Semaphore postcopyPauseSemDst = new Semaphore(0);
    /** mis->postcopy_pause_sem_fault: the paused fault thread sleeps on it until RESUME. */
    private final Semaphore postcopyPauseSemFault = new Semaphore(0);
    /** qmp_migrate_incoming's "once": written by the main loop. */
    private volatile boolean incomingStarted;
    /** FIX F3: PING 0x42 seen inside the package (coroutine), PONG deferred to the RUN bottom half. */
    private volatile boolean pongDeferred;
    /** mis->exit_on_error: written by the main loop (migrate-incoming). */
    private volatile boolean exitOnError = true;
    /** The error query-migrate reports: the first migrate_set_error, or the stream header's error. */
    private volatile String error;

    public MigrationIncomingState(Variant variant, MigTrace trace, Capabilities caps, QapiEvents events) {
        this.variant = variant;
        this.trace = trace;
        this.caps = caps;
        this.events = events;
    }

    public MigrationStatus get() {
        return state.get();
    }

    /** migrate_set_state on {@code mis->state}: CAS, then trace and QMP event only on success. */
    public boolean migrateSetState(MigrationStatus old, MigrationStatus next) {
        if (!state.compareAndSet(old, next)) {
            return false;
        }
        trace.migrateSetState(next.qapi());
        if (caps.events()) {
            events.emit("MIGRATION", Map.of("status", next.qapi()));
        }
        return true;
    }

    public PostcopyState postcopyState() {
        return postcopyState.get();
    }

    /** postcopy_state_set: the coroutine (ADVISE to RUNNING), the listen thread (END). */
    void setPostcopyState(PostcopyState ps) {
        postcopyState.set(ps);
    }

    /** migrate_set_error: the first error is kept (10.2 traces migrate_error). */
    synchronized void setError(String e) {
        if (variant.modernTraceNames()) {
            trace.migrateError(e);
        }
        if (error == null) {
            error = e;
        }
    }

    /** qemu_loadvm_state's header check (coroutine): error_report in QEMU, untraced; it replaces any earlier one. */
    void setLoadvmHeaderError(String e) {
        error = e;
    }

    public String error() {
        return error;
    }

    // ---------------------------------------------------------------- channels

    /** The main channel, or null before a connection was accepted. */
    public MigrationChannel channel() {
        return channel;
    }

    public QemuFileIn fromSrcFile() {
        MigrationChannel ch = channel;
        return ch == null ? null : ch.in();
    }

    /** migration_incoming_process (main loop): a new main channel, no return path yet. */
    void setChannel(MigrationChannel ch) {
        channel = ch;
        toSrcFile = null;
    }

    /** postcopy_try_recover (main loop): the recovery's channel, its return path open at once. */
    void setRecoveredChannel(MigrationChannel ch) {
        channel = ch;
        toSrcFile = ch.out();
    }

    /** mis->to_src_file, or null without a return path. */
    QemuFileOut toSrcFile() {
        return toSrcFile;
    }

    /** loadvm_process_command OPEN_RETURN_PATH (coroutine): qemu_file_get_return_path. */
    void openReturnPath() {
        toSrcFile = channel.out();
    }

    /** postcopy_pause_incoming (listen thread): the return path is gone with the channel. */
    void closeReturnPath() {
        toSrcFile = null;
    }

    /** migrate_send_rp_message (migration.c:505-527). Returns false when the return path is gone. */
    boolean migrateSendRpMessage(MigRpMessage type, byte[] data) {
        trace.migrateSendRpMessage(type.wire(), data.length);
        QemuFileOut out = toSrcFile;
        if (out == null) {
            return false;
        }
        Frames.writeRp(out, type, data);
        return out.error() == null;
    }

    /**
     * migration_incoming_state_destroy (migration.c:430-492), on the main loop (7.2: the listen
     * thread): the cleanup trace, SHUT to the source (1 if {@code failed} or the stream failed),
     * close the channel.
     */
    void migrationIncomingStateDestroy(boolean failed) {
        if (variant.modernTraceNames()) {
            trace.loadvmStateCleanup();
        }
        if (toSrcFile != null) {
            boolean err = failed || fromSrcFile().error() != null;
            migrateSendRpMessage(MigRpMessage.SHUT, Frames.be32(err ? 1 : 0));
        }
        MigrationChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    // ---------------------------------------------------------------- threads and QEMU's events and semaphores

    boolean haveListenThread() {
        return haveListenThread;
    }

    FaultThread faultThread() {
        return faultThread;
    }

    /** postcopy_incoming_setup / loadvm_postcopy_handle_listen (coroutine): the fault thread, then the listen thread. */
    void setFaultThread(FaultThread ft) {
        faultThread = ft;
    }

    void setHaveListenThread() {
        haveListenThread = true;
    }

    QemuEvent mainThreadLoadEvent() {
        return mainThreadLoadEvent;
    }

    QemuEvent listenThreadStarted() {
        return listenThreadStarted;
    }

    Semaphore postcopyPauseSemDst() {
        return postcopyPauseSemDst;
    }

    Semaphore postcopyPauseSemFault() {
        return postcopyPauseSemFault;
    }

    // ---------------------------------------------------------------- flags

    boolean incomingStarted() {
        return incomingStarted;
    }

    void setIncomingStarted() {
        incomingStarted = true;
    }

    /** FIX F3 (coroutine, inside the package): PING 0x42 answered later, by the RUN bottom half. */
    void deferPong() {
        pongDeferred = true;
    }

    /** FIX F3 (the RUN bottom half): whether PONG 0x42 was deferred; it is not any more. */
    boolean takeDeferredPong() {
        if (!pongDeferred) {
            return false;
        }
        pongDeferred = false;
        return true;
    }

    boolean exitOnError() {
        return exitOnError;
    }

    /** migrate-incoming's exit-on-error (main loop). */
    public void setExitOnError(boolean v) {
        exitOnError = v;
    }
}
