package org.migspec.impl.destination;

import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_RECOVER;

import java.util.concurrent.locks.ReentrantLock;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.GuestRam;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.vm.VmProcess;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigCmd;
import org.migspec.impl.wire.MigRpMessage;
import org.migspec.impl.wire.MigrationStreamException;
import org.migspec.impl.wire.QemuFileIn;
import org.migspec.impl.wire.QemuFileOut;
import org.migspec.impl.wire.StreamFormat;

/**
 * qemu_loadvm_state_main and its section and command handlers (savevm.c). The incoming coroutine
 * runs it on the main stream and, nested, on a PACKAGED blob; after LISTEN the listen thread runs
 * it on the main stream. Every length read from the stream is bounded before use.
 */
public final class Loadvm {
    /** LOADVM_QUIT: POSTCOPY_RUN ends the coroutine's load loops. */
    public static final int LOADVM_QUIT = 1;

    /** Who runs the loop: the coroutine (holds the BQL per section) or the listen thread. */
    public enum Who { COROUTINE, LISTEN_THREAD }

    private final VmProcess vm;
    private final MigrationIncomingState mis;
    private final MigTrace trace;
    private final Variant variant;
    private final ReentrantLock bql;
    private final byte[] pageBuf;
    private volatile String lastError = "";

    public Loadvm(VmProcess vm) {
        this.vm = vm;
        this.mis = vm.mis;
        this.trace = vm.trace;
        this.variant = vm.variant;
        this.bql = vm.mainLoop.bql();
        this.pageBuf = new byte[vm.ram.pageSize()];
    }

    public String lastError() {
        return lastError;
    }

    /**
     * qemu_loadvm_state_main: returns 0 at QEMU_VM_EOF, {@link #LOADVM_QUIT}, or a negative errno.
     * On error the file is marked (qemu_file_set_error), which is how a failure in the nested
     * package becomes visible to the listen thread reading the same stream (C5).
     */
    public int loadvmStateMain(QemuFileIn f, Who who, boolean nested) {
        // The coroutine holds the BQL while it processes a section, not while it waits for one;
        // it returns with the BQL held so that its caller goes on without letting a bottom half in,
        // as the coroutine does in QEMU's main thread.
        boolean takeBql = who == Who.COROUTINE && !nested;
        while (true) {
            int type;
            try {
                type = f.getByte("section type");
            } catch (MigrationStreamException e) {
                if (takeBql) {
                    bql.lock();
                }
                return fail(f, e.ret(), e.getMessage());
            }
            if (takeBql) {
                bql.lock();
            }
            if (f.error() != null) {
                lastError = f.error();
                return f.errorRet() != 0 ? f.errorRet() : -StreamFormat.EIO;
            }
            int ret;
            try {
                switch (type) {
                    case StreamFormat.QEMU_VM_SECTION_START:
                    case StreamFormat.QEMU_VM_SECTION_FULL:
                        ret = sectionStartFull(f);
                        break;
                    case StreamFormat.QEMU_VM_SECTION_PART:
                    case StreamFormat.QEMU_VM_SECTION_END:
                        ret = sectionPartEnd(f);
                        break;
                    case StreamFormat.QEMU_VM_COMMAND:
                        ret = loadvmProcessCommand(f, who, nested);
                        break;
                    case StreamFormat.QEMU_VM_EOF:
                        return 0;
                    default:
                        return fail(f, -StreamFormat.EINVAL, "malformed stream: Unknown savevm section type " + type);
                }
            } catch (MigrationStreamException e) {
                return fail(f, e.ret(), e.getMessage());
            }
            if (ret < 0) {
                return fail(f, ret, lastError);
            }
            if (ret == LOADVM_QUIT) {
                return ret;
            }
            if (takeBql) {
                bql.unlock();
            }
        }
    }

    private int fail(QemuFileIn f, int ret, String msg) {
        lastError = msg;
        f.setError(ret, msg);
        return ret;
    }

    private int error(int ret, String msg) {
        lastError = msg;
        return ret;
    }

    // ---------------------------------------------------------------- sections

    private int sectionStartFull(QemuFileIn f) throws MigrationStreamException {
        int id = f.getBe32("section id");
        int idlen = f.getByte("section idstr length");
        String idstr = new String(f.getBytes(idlen, "section idstr"));
        long instance = f.getBe32("instance id") & 0xffffffffL;
        long version = f.getBe32("version id") & 0xffffffffL;
        trace.qemuLoadvmStateSectionStartfull(id, idstr, instance, version);
        if (id == StreamFormat.SECTION_RAM && StreamFormat.RAM_IDSTR.equals(idstr)) {
            int ret = ramLoad(f);
            return ret < 0 ? ret : footer(f, id, idstr);
        }
        if (id == StreamFormat.SECTION_DEVICE && StreamFormat.DEVICE_IDSTR.equals(idstr)) {
            return deviceLoad(f, id, idstr);
        }
        return error(-StreamFormat.EINVAL, "Unknown savevm section or instance '" + idstr + "' " + id);
    }

    private int sectionPartEnd(QemuFileIn f) throws MigrationStreamException {
        int id = f.getBe32("section id");
        if (id != StreamFormat.SECTION_RAM) {
            return error(-StreamFormat.EINVAL, "malformed stream: Unknown savevm section " + id);
        }
        int ret = ramLoad(f);
        ret = ret < 0 ? ret : footer(f, id, StreamFormat.RAM_IDSTR);
        if (ret == 0) {
            trace.qemuLoadvmStateSectionPartend(id);
        }
        return ret;
    }

    /** check_section_footer. */
    private int footer(QemuFileIn f, int id, String idstr) throws MigrationStreamException {
        int b = f.getByte("section footer");
        if (b != StreamFormat.QEMU_VM_SECTION_FOOTER) {
            return error(-StreamFormat.EINVAL, "Missing section footer for " + idstr);
        }
        int fid = f.getBe32("section footer id");
        if (fid != id) {
            return error(-StreamFormat.EINVAL, "Section footer error, section_id: " + id);
        }
        return 0;
    }

    /** ram_load: page records until RAM_SAVE_FLAG_EOS. */
    private int ramLoad(QemuFileIn f) throws MigrationStreamException {
        GuestRam ram = vm.ram;
        long mask = ram.pageSize() - 1;
        boolean postcopy = mis.postcopyState().compareTo(PostcopyState.LISTENING) >= 0;
        while (true) {
            long v = f.getBe64("ram page header");
            long flags = v & mask;
            long addr = v & ~mask;
            if ((flags & StreamFormat.RAM_SAVE_FLAG_EOS) != 0) {
                return 0;
            }
            if (flags == StreamFormat.RAM_SAVE_FLAG_MEM_SIZE) {
                if (addr != ram.ramSize()) {
                    return error(-StreamFormat.EINVAL, String.format("Length mismatch: pc.ram: 0x%x in != 0x%x",
                            addr, ram.ramSize()));
                }
                continue;
            }
            if (flags != StreamFormat.RAM_SAVE_FLAG_PAGE) {
                return error(-StreamFormat.EINVAL, String.format("Unknown combination of migration flags: 0x%x", flags));
            }
            if (addr < 0 || addr >= ram.ramSize()) {
                return error(-StreamFormat.EINVAL, String.format("Illegal RAM offset 0x%x", addr));
            }
            f.getBuffer(pageBuf, 0, pageBuf.length, "ram page data");
            int p = (int) (addr / ram.pageSize());
            if (postcopy) {
                // postcopy_place_page: a page the guest already has (and may have written) is kept
                if (!ram.isReceived(p)) {
                    ram.place(p, pageBuf);
                }
            } else {
                ram.place(p, pageBuf);
            }
        }
    }

    /** The device-state section; the device-load-failure fault makes it fail like a bad section (-22). */
    private int deviceLoad(QemuFileIn f, int id, String idstr) throws MigrationStreamException {
        int len = f.getBe32("device state length");
        if (len < 0 || len > StreamFormat.MAX_DEVICE_STATE) {
            return error(-StreamFormat.EINVAL, "malformed stream: device state length " + (len & 0xffffffffL)
                    + " exceeds " + StreamFormat.MAX_DEVICE_STATE);
        }
        byte[] blob = f.getBytes(len, "device state");
        if (vm.faults.takeDeviceLoadFailure()) {
            return error(-StreamFormat.EINVAL, "error while loading state for instance 0x0 of device '" + idstr + "'");
        }
        int ret = footer(f, id, idstr);
        if (ret < 0) {
            return ret;
        }
        if (!vm.dev.load(blob)) {
            return error(-StreamFormat.EINVAL, "error while loading state for instance 0x0 of device '" + idstr + "'");
        }
        return 0;
    }

    // ---------------------------------------------------------------- commands

    /** loadvm_process_command (savevm.c:2462-2550). */
    private int loadvmProcessCommand(QemuFileIn f, Who who, boolean nested) throws MigrationStreamException {
        Frames.Command c = Frames.readCommand(f);
        byte[] d = c.data();
        trace.loadvmProcessCommand(c.cmd().argName(), d.length);
        switch (c.cmd()) {
            case OPEN_RETURN_PATH:
                if (mis.toSrcFile != null) {
                    return error(-1, "CMD_OPEN_RETURN_PATH called when RP already open");
                }
                mis.toSrcFile = mis.channel.out();
                return 0;
            case PING: {
                long val = Frames.readBe32(d, 0);
                trace.loadvmProcessCommandPing(val);
                if (mis.toSrcFile == null) {
                    return error(-StreamFormat.EINVAL, String.format("CMD_PING (0x%x) received with no return path", val));
                }
                if (variant.isFix() && nested && val == StreamFormat.PING_PACKAGED_LOADED) {
                    // FIX F3: the PONG 0x42 waits for the RUN bottom half's block activation
                    mis.pongDeferred = true;
                    return 0;
                }
                sendRp(MigRpMessage.PONG, Frames.be32(val));
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

    /** migrate_send_rp_message (migration.c:505-527). Returns false when the return path is gone. */
    public boolean sendRp(MigRpMessage type, byte[] data) {
        trace.migrateSendRpMessage(type.wire(), data.length);
        QemuFileOut out = mis.toSrcFile;
        if (out == null) {
            return false;
        }
        Frames.writeRp(out, type, data);
        return out.error() == null;
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
            if (summary != vm.ram.pageSize() || target != vm.ram.pageSize()) {
                return error(-StreamFormat.EINVAL, String.format(
                        "Postcopy needs matching RAM page sizes (s=%x d=%x)", target, vm.ram.pageSize()));
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
            if (start < 0 || len < 0 || start + len > vm.ram.pages()) {
                return error(-StreamFormat.EINVAL, "CMD_POSTCOPY_RAM_DISCARD range beyond the RAMBlock");
            }
            for (long p = start; p < start + len; p++) {
                vm.ram.discard((int) p);
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
        FaultThread ft = new FaultThread(vm, this);
        mis.faultThread = ft;
        vm.vcpu.setFaultHandler(ft::enqueue);
        ft.start();
        ft.awaitStarted();
        trace.loadvmPostcopyHandleListen("after uffd");
        mis.haveListenThread = true;
        mis.listenThreadStarted.reset();
        Thread lt = new Thread(new ListenThread(vm, this), "mig/dst/listen");
        lt.setDaemon(true);
        mis.listenThread = lt;
        lt.start();
        try {
            // thread_sync_event: D6 happens-before LISTEN returns
            mis.listenThreadStarted.await();
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
        vm.mainLoop.scheduleBh(new PostcopyRunBh(vm, this));
        return LOADVM_QUIT;
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
        int ret = loadvmStateMain(QemuFileIn.buffer(blob), Who.COROUTINE, true);
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
        sendRp(MigRpMessage.RESUME_ACK, Frames.be32(1));
        FaultThread ft = mis.faultThread;
        if (ft != null) {
            ft.resendPending();
        }
        mis.postcopyPauseSemFault.release();
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
        byte[] bitmap = vm.ram.receivedBitmapBytes();
        trace.migrateSendRpMessage(MigRpMessage.RECV_BITMAP.wire(), d.length);
        QemuFileOut out = mis.toSrcFile;
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
