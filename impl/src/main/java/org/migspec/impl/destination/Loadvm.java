package org.migspec.impl.destination;

import java.util.concurrent.locks.ReentrantLock;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.ProcessExit;
import org.migspec.impl.common.Variant;
import org.migspec.impl.fault.FaultInjector;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.guest.GuestRam;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.MigrationStreamException;
import org.migspec.impl.wire.QemuFileIn;
import org.migspec.impl.wire.StreamFormat;

/**
 * qemu_loadvm_state_main and its section handlers (savevm.c, ram.c's ram_load); the commands are
 * {@link LoadvmCommands}. The incoming coroutine runs it on the main stream and, nested, on a
 * PACKAGED blob; after LISTEN the listen thread runs it on the main stream. Every length read from
 * the stream is bounded before use.
 */
final class Loadvm {
    /** LOADVM_QUIT: POSTCOPY_RUN ends the coroutine's load loops. */
    public static final int LOADVM_QUIT = 1;

    /** Who runs the loop: the coroutine (holds the BQL per section) or the listen thread. */
    public enum Who { COROUTINE, LISTEN_THREAD }

    private final MigrationIncomingState mis;
    private final MigTrace trace;
    private final ReentrantLock bql;
    private final Guest guest;
    private final FaultInjector faults;
    private final LoadvmCommands commands;
    private final byte[] pageBuf;
    private volatile String lastError = "";

    /**
     * {@code faults}: only for the device-load-failure fault; {@code caps}, {@code exit} and
     * {@code pid} go to the threads the commands start.
     */
    Loadvm(MigrationIncomingState mis, Guest guest, MainLoop mainLoop, Capabilities caps, Variant variant,
           MigTrace trace, FaultInjector faults, ProcessExit exit, long pid) {
        this.mis = mis;
        this.trace = trace;
        this.bql = mainLoop.bql();
        this.guest = guest;
        this.faults = faults;
        this.pageBuf = new byte[guest.ram().pageSize()];
        this.commands = new LoadvmCommands(this, mis, guest, mainLoop, caps, variant, trace, exit, pid);
    }

    String lastError() {
        return lastError;
    }

    /**
     * qemu_loadvm_state_main: returns 0 at QEMU_VM_EOF, {@link #LOADVM_QUIT}, or a negative errno.
     * On error the file is marked (qemu_file_set_error), which is how a failure in the nested
     * package becomes visible to the listen thread reading the same stream (C5).
     */
    int loadvmStateMain(QemuFileIn f, Who who, boolean nested) {
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
                        ret = commands.loadvmProcessCommand(f, who, nested);
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

    /** Records {@code msg} as the load's error (error_setg) and returns {@code ret}. */
    int error(int ret, String msg) {
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
        GuestRam ram = guest.ram();
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
        if (faults.takeDeviceLoadFailure()) {
            return error(-StreamFormat.EINVAL, "error while loading state for instance 0x0 of device '" + idstr + "'");
        }
        int ret = footer(f, id, idstr);
        if (ret < 0) {
            return ret;
        }
        if (!guest.dev().load(blob)) {
            return error(-StreamFormat.EINVAL, "error while loading state for instance 0x0 of device '" + idstr + "'");
        }
        return 0;
    }
}
