package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_RECOVER;

import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.ProcessExit;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigRpMessage;
import org.migspec.impl.wire.MigrationStreamException;
import org.migspec.impl.wire.QemuFileIn;
import org.migspec.impl.wire.QemuFileOut;
import org.migspec.impl.wire.StreamFormat;

/**
 * loadvm_process_command and the command handlers (savevm.c): the return path, PING, the postcopy
 * commands (ADVISE, discard, LISTEN, RUN, PACKAGED) and the recovery's (RESUME, RECV_BITMAP). Run
 * by whoever runs {@link Loadvm}'s loop; LISTEN starts the fault and listen threads, RUN schedules
 * the RUN bottom half.
 */
final class LoadvmCommands {
    private final Loadvm loadvm;
    private final MigrationIncomingState mis;
    private final Guest guest;
    private final MainLoop mainLoop;
    private final Capabilities caps;
    private final Variant variant;
    private final MigTrace trace;
    private final ProcessExit exit;
    private final long pid;

    LoadvmCommands(Loadvm loadvm, MigrationIncomingState mis, Guest guest, MainLoop mainLoop, Capabilities caps,
                   Variant variant, MigTrace trace, ProcessExit exit, long pid) {
        this.loadvm = loadvm;
        this.mis = mis;
        this.guest = guest;
        this.mainLoop = mainLoop;
        this.caps = caps;
        this.variant = variant;
        this.trace = trace;
        this.exit = exit;
        this.pid = pid;
    }

    private int error(int ret, String msg) {
        return loadvm.error(ret, msg);
    }

    /** loadvm_process_command (savevm.c:2462-2550). */
    int loadvmProcessCommand(QemuFileIn f, Loadvm.Who who, boolean nested) throws MigrationStreamException {
        Frames.Command c = Frames.readCommand(f);
        byte[] d = c.data();
        trace.loadvmProcessCommand(c.cmd().argName(), d.length);
        switch (c.cmd()) {
            case OPEN_RETURN_PATH:
                if (mis.toSrcFile() != null) {
                    return error(-1, "CMD_OPEN_RETURN_PATH called when RP already open");
                }
                mis.openReturnPath();
                return 0;
            case PING: {
                long val = Frames.readBe32(d, 0);
                trace.loadvmProcessCommandPing(val);
                if (mis.toSrcFile() == null) {
                    return error(-StreamFormat.EINVAL, String.format("CMD_PING (0x%x) received with no return path", val));
                }
                if (variant.isFix() && nested && val == StreamFormat.PING_PACKAGED_LOADED) {
                    // FIX F3: the PONG 0x42 waits for the RUN bottom half's block activation
                    mis.deferPong();
                    return 0;
                }
                mis.migrateSendRpMessage(MigRpMessage.PONG, Frames.be32(val));
                return 0;
            }
            case POSTCOPY_ADVISE:
                return handleAdvise(d);
            case POSTCOPY_RAM_DISCARD:
                return handleDiscard(d);
            case POSTCOPY_LISTEN:
                return handleListen();
            case POSTCOPY_RUN:
                return handleRun();
            case PACKAGED:
                return handlePackaged(f, d);
            case POSTCOPY_RESUME:
                return handleResume();
            case RECV_BITMAP:
                return handleRecvBitmap(d);
            case SWITCHOVER_START:
                return 0;
            default:
                return error(-StreamFormat.EINVAL, "unsupported command " + c.cmd().argName());
        }
    }

    /** loadvm_postcopy_handle_advise (savevm.c:1920-2005). */
    private int handleAdvise(byte[] d) {
        trace.loadvmPostcopyHandleAdvise();
        if (mis.postcopyState() != PostcopyState.NONE) {
            return error(-1, "CMD_POSTCOPY_ADVISE in wrong postcopy state (" + mis.postcopyState().ordinal() + ")");
        }
        if (d.length != 0 && d.length != 16) {
            return error(-StreamFormat.EINVAL, "CMD_POSTCOPY_ADVISE invalid length (" + d.length + ")");
        }
        if (d.length == 16) {
            long summary = Frames.readBe64(d, 0);
            long target = Frames.readBe64(d, 8);
            if (summary != guest.ram().pageSize() || target != guest.ram().pageSize()) {
                return error(-StreamFormat.EINVAL, String.format(
                        "Postcopy needs matching RAM page sizes (s=%x d=%x)", target, guest.ram().pageSize()));
            }
        }
        mis.setPostcopyState(PostcopyState.ADVISE);
        return 0;
    }

    /** loadvm_postcopy_ram_handle_discard (savevm.c:2012-2089). */
    private int handleDiscard(byte[] d) {
        trace.loadvmPostcopyRamHandleDiscard();
        PostcopyState ps = mis.postcopyState();
        if (ps != PostcopyState.ADVISE && ps != PostcopyState.DISCARD) {
            return error(-1, "CMD_POSTCOPY_RAM_DISCARD in wrong postcopy state (" + ps.ordinal() + ")");
        }
        mis.setPostcopyState(PostcopyState.DISCARD);
        if (d.length < 3 || d[0] != 0) {
            return error(-StreamFormat.EINVAL, "CMD_POSTCOPY_RAM_DISCARD invalid version or length (" + d.length + ")");
        }
        int nameLen = d[1] & 0xff;
        int header = 2 + nameLen + 1;
        if (d.length < header || (d.length - header) % 16 != 0) {
            return error(-StreamFormat.EINVAL, "CMD_POSTCOPY_RAM_DISCARD invalid length (" + d.length + ")");
        }
        String name = new String(d, 2, nameLen);
        if (!StreamFormat.RAMBLOCK.equals(name)) {
            return error(-StreamFormat.EINVAL, "CMD_POSTCOPY_RAM_DISCARD unknown RAMBlock '" + name + "'");
        }
        for (int off = header; off < d.length; off += 16) {
            long start = Frames.readBe64(d, off);
            long len = Frames.readBe64(d, off + 8);
            if (start < 0 || len < 0 || start + len > guest.ram().pages()) {
                return error(-StreamFormat.EINVAL, "CMD_POSTCOPY_RAM_DISCARD range beyond the RAMBlock");
            }
            for (long p = start; p < start + len; p++) {
                guest.ram().discard((int) p);
            }
        }
        return 0;
    }

    /** loadvm_postcopy_handle_listen (savevm.c:2092-2121) + postcopy_incoming_setup. */
    private int handleListen() {
        trace.loadvmPostcopyHandleListen("enter");
        PostcopyState ps = mis.postcopyState();
        if (ps != PostcopyState.ADVISE && ps != PostcopyState.DISCARD) {
            return error(-1, "CMD_POSTCOPY_LISTEN in wrong postcopy state (" + ps.ordinal() + ")");
        }
        mis.setPostcopyState(PostcopyState.LISTENING);
        trace.loadvmPostcopyHandleListen("after discard");
        FaultThread ft = new FaultThread(mis, trace, guest.ram(), pid);
        mis.setFaultThread(ft);
        guest.vcpu().setFaultHandler(ft::enqueue);
        ft.start();
        ft.awaitStarted();
        trace.loadvmPostcopyHandleListen("after uffd");
        mis.setHaveListenThread();
        mis.listenThreadStarted().reset();
        Thread lt = new Thread(new ListenThread(mis, loadvm, caps, variant, trace, mainLoop, exit), "mig/dst/listen");
        lt.setDaemon(true);
        lt.start();
        try {
            // thread_sync_event: D6 happens-before LISTEN returns
            mis.listenThreadStarted().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        trace.loadvmPostcopyHandleListen("return");
        return 0;
    }

    /** loadvm_postcopy_handle_run (savevm.c:2163-2187): D7, RUNNING, schedule the RUN bottom half. */
    private int handleRun() {
        PostcopyState ps = mis.postcopyState();
        if (ps != PostcopyState.LISTENING) {
            return error(-1, "CMD_POSTCOPY_RUN in wrong postcopy state (" + ps.ordinal() + ")");
        }
        trace.loadvmPostcopyHandleRun();
        if (variant.postcopyDeviceEndsAtRun() && mis.get() == POSTCOPY_DEVICE) {
            // D7
            mis.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_ACTIVE);
        }
        // FIX F3: stays in POSTCOPY_DEVICE until the bottom half has activated the image
        mis.setPostcopyState(PostcopyState.RUNNING);
        mainLoop.scheduleBh(new PostcopyRunBh(mis, guest, variant, trace, exit));
        return Loadvm.LOADVM_QUIT;
    }

    /** loadvm_handle_cmd_packaged (savevm.c:2301-2358): read the blob, load it nested. */
    private int handlePackaged(QemuFileIn f, byte[] d) throws MigrationStreamException {
        long len = Frames.readBe32(d, 0);
        trace.loadvmHandleCmdPackaged(len);
        if (len > StreamFormat.MAX_PACKAGED_SIZE) {
            return error(-7, "Unreasonably large packaged state: " + len);
        }
        byte[] blob = f.getBytes((int) len, "packaged blob");
        trace.loadvmHandleCmdPackagedReceived((int) len);
        int ret = loadvm.loadvmStateMain(QemuFileIn.buffer(blob), Loadvm.Who.COROUTINE, true);
        trace.loadvmHandleCmdPackagedMain(ret);
        return ret;
    }

    /** loadvm_postcopy_handle_resume (savevm.c:2232-2289): D12, then RESUME_ACK. */
    private int handleResume() {
        if (mis.get() != POSTCOPY_RECOVER) {
            System.err.println("migrate: resume command received in state " + mis.get().qapi() + ", ignored");
            return 0;
        }
        mis.migrateSetState(POSTCOPY_RECOVER, POSTCOPY_ACTIVE);
        trace.loadvmPostcopyHandleResume();
        mis.migrateSendRpMessage(MigRpMessage.RESUME_ACK, Frames.be32(1));
        FaultThread ft = mis.faultThread();
        if (ft != null) {
            ft.resendPending();
        }
        mis.postcopyPauseSemFault().release();
        return 0;
    }

    /** loadvm_handle_recv_bitmap (savevm.c:2366-2404) + migrate_send_rp_recv_bitmap. */
    private int handleRecvBitmap(byte[] d) {
        if (d.length < 2 || d.length != 1 + (d[0] & 0xff)) {
            return error(-StreamFormat.EINVAL, "CMD_RECV_BITMAP invalid length (" + d.length + ")");
        }
        String name = new String(d, 1, d[0] & 0xff);
        if (mis.get() != POSTCOPY_RECOVER) {
            return error(-StreamFormat.EINVAL, "Can't send recv bitmap in state " + mis.get().qapi());
        }
        if (!StreamFormat.RAMBLOCK.equals(name)) {
            return error(-StreamFormat.EINVAL, "RAM block not found: " + name);
        }
        byte[] bitmap = guest.ram().receivedBitmapBytes();
        trace.migrateSendRpMessage(MigRpMessage.RECV_BITMAP.wire(), d.length);
        QemuFileOut out = mis.toSrcFile();
        if (out == null) {
            return error(-StreamFormat.EIO, "no return path for RECV_BITMAP");
        }
        synchronized (out) {
            Frames.writeRp(out, MigRpMessage.RECV_BITMAP, d);
            out.putBe64(bitmap.length);
            out.putBuffer(bitmap);
            out.putBe64(StreamFormat.RECV_BITMAP_ENDING);
            out.flush();
        }
        trace.migrateSendRpRecvBitmap(name, bitmap.length);
        trace.loadvmHandleRecvBitmap(name);
        return 0;
    }
}
