package org.migspec.impl.source;

import java.util.ArrayList;
import java.util.List;
import org.migspec.impl.guest.GuestRam;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigCmd;
import org.migspec.impl.wire.QemuFileOut;
import org.migspec.impl.wire.StreamFormat;

/**
 * The "ram" iterable section (ram.c): setup, iterate, complete, and the postcopy discard bitmap.
 * Page records are QEMU's: be64 (offset | RAM_SAVE_FLAG_PAGE) followed by the page, ending with
 * RAM_SAVE_FLAG_EOS, inside QEMU_VM_SECTION_{START,PART,END} with a footer.
 */
public final class RamSaver {
    private final GuestRam ram;
    private final PageRequestQueue requests;
    private final byte[] buf;
    private int cursor;
    private long postcopyRequests;

    public RamSaver(GuestRam ram, PageRequestQueue requests) {
        this.ram = ram;
        this.requests = requests;
        this.buf = new byte[ram.pageSize()];
    }

    /** ram_save_setup: every page starts dirty; the START section announces the RAM size. */
    public void setup(QemuFileOut f) {
        ram.markAllDirty();
        cursor = 0;
        f.putByte(StreamFormat.QEMU_VM_SECTION_START);
        f.putBe32(StreamFormat.SECTION_RAM);
        f.putByte(StreamFormat.RAM_IDSTR.length());
        f.putBuffer(StreamFormat.RAM_IDSTR.getBytes());
        f.putBe32(0);
        f.putBe32(4);
        f.putBe64(ram.ramSize() | StreamFormat.RAM_SAVE_FLAG_MEM_SIZE);
        f.putBe64(StreamFormat.RAM_SAVE_FLAG_EOS);
        footer(f);
        f.flush();
    }

    /** Bytes still to send: dirty pages (migrate_pending). */
    public long pendingBytes() {
        return (long) ram.dirtyCount() * ram.pageSize();
    }

    public long postcopyRequests() {
        return postcopyRequests;
    }

    /**
     * ram_save_iterate: one PART section with up to {@code budget} bytes of pages, requested pages
     * first. Returns the bytes put on the stream.
     */
    public long iterate(QemuFileOut f, long budget) {
        f.putByte(StreamFormat.QEMU_VM_SECTION_PART);
        f.putBe32(StreamFormat.SECTION_RAM);
        long sent = 0;
        long per = ram.pageSize() + 8L;
        while (sent + per <= Math.max(budget, per)) {
            int p = requests.poll();
            if (p >= 0) {
                postcopyRequests++;
                ram.testAndClearDirty(p);
            } else {
                p = nextDirty();
                if (p < 0) {
                    break;
                }
            }
            sendPage(f, p);
            sent += per;
        }
        f.putBe64(StreamFormat.RAM_SAVE_FLAG_EOS);
        footer(f);
        f.flush();
        return sent;
    }

    /** ram_save_complete: the END section with every page still dirty (vCPUs are stopped). */
    public void complete(QemuFileOut f) {
        f.putByte(StreamFormat.QEMU_VM_SECTION_END);
        f.putBe32(StreamFormat.SECTION_RAM);
        int p;
        while ((p = requests.poll()) >= 0) {
            ram.testAndClearDirty(p);
            sendPage(f, p);
        }
        while ((p = nextDirty()) >= 0) {
            sendPage(f, p);
        }
        f.putBe64(StreamFormat.RAM_SAVE_FLAG_EOS);
        footer(f);
    }

    /**
     * ram_postcopy_send_discard_bitmap: pages dirty at switchover are stale on the destination;
     * send their ranges (pages) in POSTCOPY_RAM_DISCARD commands of at most 12 ranges.
     */
    public void sendDiscardBitmap(QemuFileOut f, MigTrace trace) {
        List<long[]> ranges = new ArrayList<>();
        int p = ram.nextDirty(0);
        while (p >= 0) {
            int start = p;
            while (p + 1 < ram.pages() && ram.isDirty(p + 1)) {
                p++;
            }
            ranges.add(new long[] {start, p - start + 1});
            p = p + 1 < ram.pages() ? ram.nextDirty(p + 1) : -1;
        }
        for (int i = 0; i < ranges.size(); i += StreamFormat.MAX_DISCARDS_PER_COMMAND) {
            List<long[]> chunk = ranges.subList(i, Math.min(ranges.size(), i + StreamFormat.MAX_DISCARDS_PER_COMMAND));
            byte[] name = StreamFormat.RAMBLOCK.getBytes();
            byte[] data = new byte[2 + name.length + 1 + 16 * chunk.size()];
            data[0] = 0;
            data[1] = (byte) name.length;
            System.arraycopy(name, 0, data, 2, name.length);
            int off = 2 + name.length + 1;
            for (long[] r : chunk) {
                Frames.putBe64(data, off, r[0]);
                Frames.putBe64(data, off + 8, r[1]);
                off += 16;
            }
            trace.qemuSavevmSendPostcopyRamDiscard(StreamFormat.RAMBLOCK, chunk.size());
            trace.savevmCommandSend(MigCmd.POSTCOPY_RAM_DISCARD.wire(), data.length);
            Frames.writeCommand(f, MigCmd.POSTCOPY_RAM_DISCARD, data);
        }
        trace.ramPostcopySendDiscardBitmap();
    }

    private int nextDirty() {
        int p = ram.nextDirty(cursor);
        if (p < 0 && cursor > 0) {
            cursor = 0;
            p = ram.nextDirty(0);
        }
        while (p >= 0 && !ram.testAndClearDirty(p)) {
            p = ram.nextDirty(p + 1);
        }
        if (p >= 0) {
            cursor = p + 1 >= ram.pages() ? 0 : p + 1;
        }
        return p;
    }

    private void sendPage(QemuFileOut f, int p) {
        ram.copyPage(p, buf);
        f.putBe64(((long) p * ram.pageSize()) | StreamFormat.RAM_SAVE_FLAG_PAGE);
        f.putBuffer(buf);
    }

    private static void footer(QemuFileOut f) {
        f.putByte(StreamFormat.QEMU_VM_SECTION_FOOTER);
        f.putBe32(StreamFormat.SECTION_RAM);
    }
}
