package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.ACTIVE;
import static org.migspec.impl.common.MigrationStatus.FAILED;
import static org.migspec.impl.common.MigrationStatus.NONE;
import static org.migspec.impl.common.MigrationStatus.SETUP;

import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.ProcessExit;
import org.migspec.impl.common.Variant;
import org.migspec.impl.fault.FaultInjector;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.MigrationStreamException;
import org.migspec.impl.wire.QemuFileIn;
import org.migspec.impl.wire.StreamFormat;

/**
 * process_incoming_migration_co (migration.c:763-822). In QEMU a coroutine in the main thread; here
 * a thread named {@code main} that takes the BQL for each section it processes, so QMP stays
 * responsive while it waits for the stream, as the coroutine yields.
 */
final class IncomingCoroutine implements Runnable {
    private final MigrationIncomingState mis;
    private final Guest guest;
    private final MainLoop mainLoop;
    private final Capabilities caps;
    private final Variant variant;
    private final MigTrace trace;
    private final FaultInjector faults;
    private final ProcessExit exit;
    private final long pid;

    /** {@code faults}, {@code pid}: for {@link Loadvm} and the threads it starts. */
    IncomingCoroutine(MigrationIncomingState mis, Guest guest, MainLoop mainLoop, Capabilities caps, Variant variant,
                      MigTrace trace, FaultInjector faults, ProcessExit exit, long pid) {
        this.mis = mis;
        this.guest = guest;
        this.mainLoop = mainLoop;
        this.caps = caps;
        this.variant = variant;
        this.trace = trace;
        this.faults = faults;
        this.exit = exit;
        this.pid = pid;
    }

    @Override
    public void run() {
        // D3 (7.2: the destination's state was never SETUP, so NONE -> ACTIVE)
        if (!variant.incomingHasSetupState()) {
            mis.migrateSetState(NONE, ACTIVE);
        } else {
            mis.migrateSetState(SETUP, ACTIVE);
        }
        trace.loadvmStateSetup();
        Loadvm loadvm = new Loadvm(mis, guest, mainLoop, caps, variant, trace, faults, exit, pid);
        QemuFileIn f = mis.fromSrcFile();
        int ret = qemuLoadvmState(loadvm, f);
        // qemuLoadvmState returns with the BQL held (see Loadvm.loadvmStateMain)
        try {
            afterLoad(loadvm, f, ret);
        } finally {
            mainLoop.bql().unlock();
        }
    }

    /** qemu_loadvm_state (savevm.c:3030-3070). */
    private int qemuLoadvmState(Loadvm loadvm, QemuFileIn f) {
        int header = checkHeader(f);
        if (header < 0) {
            mainLoop.bql().lock();
            return header;
        }
        int ret = loadvm.loadvmStateMain(f, Loadvm.Who.COROUTINE, false);
        trace.qemuLoadvmStatePostMain(ret);
        if (mis.haveListenThread()) {
            // the listen thread still reads the stream: it owns the cleanup
            mis.mainThreadLoadEvent().set();
            return ret;
        }
        if (!variant.modernTraceNames()) {
            trace.loadvmStateCleanup();
        }
        return ret;
    }

    private int checkHeader(QemuFileIn f) {
        try {
            int magic = f.getBe32("stream magic");
            if (magic != StreamFormat.QEMU_VM_FILE_MAGIC) {
                mis.setLoadvmHeaderError("malformed stream: Not a migration stream (magic 0x" + Integer.toHexString(magic) + ")");
                return -StreamFormat.EINVAL;
            }
            int version = f.getBe32("stream version");
            if (version != StreamFormat.QEMU_VM_FILE_VERSION) {
                mis.setLoadvmHeaderError("malformed stream: Unsupported migration stream version " + version);
                return -95;
            }
        } catch (MigrationStreamException e) {
            mis.setLoadvmHeaderError(e.getMessage());
            return e.ret();
        }
        return 0;
    }

    private void afterLoad(Loadvm loadvm, QemuFileIn f, int ret) {
        if (variant.modernTraceNames()) {
            trace.vmstateDowntimeCheckpoint("dst-precopy-loadvm-completed");
        }
        if (variant.qemu72CodePath()) {
            int ps = mis.postcopyState().ordinal();
            trace.processIncomingMigrationCoEndPs(ret, ps);
            if (ps != PostcopyState.NONE.ordinal() && ps != PostcopyState.ADVISE.ordinal() && ret >= 0) {
                trace.processIncomingMigrationCoPostcopyEndMain();
                return;
            }
            // 7.2: a failed package falls through to fail: even with the listen thread running
        } else {
            // 10.2 (468a7effde; v1 too, the posting being on 10.2's code base): with a listen
            // thread the coroutine only marks the file and leaves; the thread owns the cleanup
            trace.processIncomingMigrationCoEnd(ret);
            if (mis.haveListenThread()) {
                trace.processIncomingMigrationCoPostcopyEndMain();
                if (ret < 0 && variant.isFix()) {
                    // FIX F2: qemu_file_shutdown: the socket, both directions. The listen thread's
                    // blocked read returns and it fails the migration (D8); the source sees the
                    // error at once (spec CoFail: ChanBroken)
                    mis.channel().shutdown();
                }
                return;
            }
        }
        if (ret < 0) {
            String why = loadvm.lastError().isEmpty() ? mis.error() : loadvm.lastError();
            System.err.println("load of migration failed: " + why);
            // D4: ACTIVE -> FAILED (a silent no-op when the listen thread already moved the state)
            mis.migrateSetState(ACTIVE, FAILED);
            exit.exit(1);
            return;
        }
        mainLoop.scheduleBh(new ProcessIncomingMigrationBh(mis, guest, caps, variant, trace));
    }
}
