package org.migspec.impl.destination;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.QemuEvent;
import org.migspec.impl.vm.VmProcess;
import org.migspec.impl.wire.MigrationChannel;
import org.migspec.impl.wire.QemuFileIn;
import org.migspec.impl.wire.QemuFileOut;

/** {@code MigrationIncomingState} ({@code mis->state} and what the destination's threads share). */
public final class MigrationIncomingState {
    private final VmProcess vm;
    private final AtomicReference<MigrationStatus> state = new AtomicReference<>(MigrationStatus.NONE);
    private final AtomicReference<PostcopyState> postcopyState = new AtomicReference<>(PostcopyState.NONE);

    /** The main channel (from_src_file) and, once OPEN_RETURN_PATH arrived, its return path. */
    public volatile MigrationChannel channel;
    public volatile QemuFileOut toSrcFile;
    public volatile boolean haveListenThread;
    public volatile Thread listenThread;
    public volatile FaultThread faultThread;
    public final QemuEvent mainThreadLoadEvent = new QemuEvent();
    public final QemuEvent listenThreadStarted = new QemuEvent();
    public final Semaphore postcopyPauseSemDst = new Semaphore(0);
    public final Semaphore postcopyPauseSemFault = new Semaphore(0);
    public volatile ServerSocket listener;
    public volatile boolean incomingStarted;
    /** FIX F3: PING 0x42 seen inside the package, PONG deferred to the RUN bottom half. */
    public volatile boolean pongDeferred;
    public volatile boolean exitOnError = true;
    public volatile String error;

    public MigrationIncomingState(VmProcess vm) {
        this.vm = vm;
    }

    public MigrationStatus get() {
        return state.get();
    }

    public QemuFileIn fromSrcFile() {
        MigrationChannel ch = channel;
        return ch == null ? null : ch.in();
    }

    /** migrate_set_state on {@code mis->state}: CAS, then trace and QMP event only on success. */
    public boolean migrateSetState(MigrationStatus old, MigrationStatus next) {
        if (!state.compareAndSet(old, next)) {
            return false;
        }
        vm.trace.migrateSetState(next.qapi());
        if (vm.caps.events()) {
            vm.events.emit("MIGRATION", Map.of("status", next.qapi()));
        }
        return true;
    }

    /** The 7.2 destination's untraced state writes (its SETUP is not a traced state change). */
    public void setStateUntraced(MigrationStatus next) {
        state.set(next);
    }

    public PostcopyState postcopyState() {
        return postcopyState.get();
    }

    public void setPostcopyState(PostcopyState ps) {
        postcopyState.set(ps);
    }

    public synchronized void setError(String e) {
        if (vm.variant.modernTraceNames()) {
            vm.trace.migrateError(e);
        }
        if (error == null) {
            error = e;
        }
    }
}
