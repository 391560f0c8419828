package org.migspec.impl.guest;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.CRC32C;

/**
 * Guest RAM: {@code pages} pages of {@code pageSize} bytes. Bytes 0-7 of a page hold its version
 * (a write by the workload increments it, little-endian), bytes 8-15 its index, the rest a fixed
 * pattern made from the boot seed. A dirty bitmap records writes (like KVM's dirty log); on the
 * destination a received bitmap records which pages have arrived, and a vCPU touching a missing
 * page blocks until it is placed (userfaultfd).
 */
public final class GuestRam {
    private final int pageSize;
    private final int pages;
    private final byte[][] data;
    private final AtomicLongArray dirty;
    private final AtomicLongArray received;
    private final Object placeLock = new Object();

    public GuestRam(int pages, int pageSize) {
        if (pages <= 0 || pageSize < 64) {
            throw new IllegalArgumentException("bad guest size: " + pages + " pages of " + pageSize + " bytes");
        }
        this.pages = pages;
        this.pageSize = pageSize;
        this.data = new byte[pages][];
        for (int i = 0; i < pages; i++) {
            data[i] = new byte[pageSize];
        }
        int words = (pages + 63) / 64;
        this.dirty = new AtomicLongArray(words);
        this.received = new AtomicLongArray(words);
    }

    /** Boot-time content of every page (the source side); every page counts as present. */
    public void fill(long seed) {
        for (int p = 0; p < pages; p++) {
            byte[] b = data[p];
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + p);
            for (int i = 16; i + 8 <= pageSize; i += 8) {
                long v = r.nextLong();
                for (int k = 0; k < 8; k++) {
                    b[i + k] = (byte) (v >>> (8 * k));
                }
            }
            setLong(b, 0, 0);
            setLong(b, 8, p);
        }
        for (int w = 0; w < received.length(); w++) {
            received.set(w, -1L);
        }
    }

    public int pages() {
        return pages;
    }

    public int pageSize() {
        return pageSize;
    }

    public long ramSize() {
        return (long) pages * pageSize;
    }

    /** The page's backing array: readers copy it, the vCPU writes its version field. */
    public byte[] page(int p) {
        return data[p];
    }

    public long version(int p) {
        return getLong(data[p], 0);
    }

    /** One guest write: bump the version, then mark the page dirty (so a sender clearing the bit first never misses it). */
    public long write(int p) {
        byte[] b = data[p];
        long v;
        synchronized (b) {
            v = getLong(b, 0) + 1;
            setLong(b, 0, v);
        }
        setBit(dirty, p);
        return v;
    }

    /** Copies a page for sending, under the page lock so the version field is not torn. */
    public void copyPage(int p, byte[] dst) {
        byte[] b = data[p];
        synchronized (b) {
            System.arraycopy(b, 0, dst, 0, pageSize);
        }
    }

    // ---- dirty bitmap (source) ----

    public void markAllDirty() {
        for (int w = 0; w < dirty.length(); w++) {
            dirty.set(w, lastWordMask(w));
        }
    }

    /** Clears and returns whether page p was dirty (the sender's test_and_clear). */
    public boolean testAndClearDirty(int p) {
        int w = p >>> 6;
        long bit = 1L << (p & 63);
        while (true) {
            long old = dirty.get(w);
            if ((old & bit) == 0) {
                return false;
            }
            if (dirty.compareAndSet(w, old, old & ~bit)) {
                return true;
            }
        }
    }

    public void setDirty(int p) {
        setBit(dirty, p);
    }

    public boolean isDirty(int p) {
        return (dirty.get(p >>> 6) & (1L << (p & 63))) != 0;
    }

    public int dirtyCount() {
        int n = 0;
        for (int w = 0; w < dirty.length(); w++) {
            n += Long.bitCount(dirty.get(w));
        }
        return n;
    }

    /** Next dirty page at or after {@code from}, or -1. */
    public int nextDirty(int from) {
        for (int p = from; p < pages; ) {
            int w = p >>> 6;
            long bits = dirty.get(w) & (-1L << (p & 63));
            if (bits != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(bits);
            }
            p = (w + 1) << 6;
        }
        return -1;
    }

    // ---- received bitmap (destination) ----

    public boolean isReceived(int p) {
        return (received.get(p >>> 6) & (1L << (p & 63))) != 0;
    }

    public int missingCount() {
        int have = 0;
        for (int w = 0; w < received.length(); w++) {
            have += Long.bitCount(received.get(w) & lastWordMask(w));
        }
        return pages - have;
    }

    /** RAM_DISCARD: the destination drops a page it had, so the next access faults. */
    public void discard(int p) {
        synchronized (placeLock) {
            clearBit(received, p);
        }
    }

    /** Places a received page (precopy load or postcopy_place_page) and wakes vCPUs waiting for it. */
    public void place(int p, byte[] src) {
        byte[] b = data[p];
        synchronized (b) {
            System.arraycopy(src, 0, b, 0, pageSize);
        }
        synchronized (placeLock) {
            setBit(received, p);
            placeLock.notifyAll();
        }
    }

    /** Precopy pages arrive before LISTEN: placed without waking anyone. */
    public void markAllReceived() {
        for (int w = 0; w < received.length(); w++) {
            received.set(w, -1L);
        }
    }

    /**
     * The vCPU touches a missing page: block until it is placed or {@code keepWaiting} says stop.
     * Returns whether the page is present.
     */
    public boolean awaitPage(int p, java.util.function.BooleanSupplier keepWaiting) throws InterruptedException {
        synchronized (placeLock) {
            while (!isReceived(p)) {
                if (!keepWaiting.getAsBoolean()) {
                    return false;
                }
                placeLock.wait(50);
            }
            return true;
        }
    }

    /** The received bitmap as QEMU's RECV_BITMAP sends it (little-endian 64-bit words). */
    public byte[] receivedBitmapBytes() {
        int words = received.length();
        byte[] out = new byte[words * 8];
        for (int w = 0; w < words; w++) {
            long v = received.get(w) & lastWordMask(w);
            for (int k = 0; k < 8; k++) {
                out[w * 8 + k] = (byte) (v >>> (8 * k));
            }
        }
        return out;
    }

    /** ram_dirty_bitmap_reload: every page the destination has not received becomes dirty. */
    public void reloadDirtyFromReceived(byte[] bitmap) {
        for (int p = 0; p < pages; p++) {
            int byteIdx = p >>> 3;
            boolean got = (bitmap[byteIdx] & (1 << (p & 7))) != 0;
            if (!got) {
                setBit(dirty, p);
            }
        }
    }

    public int bitmapBytes() {
        return received.length() * 8;
    }

    // ---- digest ----

    /** CRC32C of a page's body (bytes 8..end): never changes after boot unless the page is corrupted. */
    public int bodyCrc(int p) {
        byte[] b = data[p];
        CRC32C c = new CRC32C();
        synchronized (b) {
            c.update(b, 8, pageSize - 8);
        }
        return (int) c.getValue();
    }

    private long lastWordMask(int w) {
        int bitsInWord = Math.min(64, pages - w * 64);
        return bitsInWord == 64 ? -1L : (1L << bitsInWord) - 1;
    }

    private static void setBit(AtomicLongArray a, int p) {
        int w = p >>> 6;
        long bit = 1L << (p & 63);
        while (true) {
            long old = a.get(w);
            if ((old & bit) != 0 || a.compareAndSet(w, old, old | bit)) {
                return;
            }
        }
    }

    private static void clearBit(AtomicLongArray a, int p) {
        int w = p >>> 6;
        long bit = 1L << (p & 63);
        while (true) {
            long old = a.get(w);
            if ((old & bit) == 0 || a.compareAndSet(w, old, old & ~bit)) {
                return;
            }
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (b[off + k] & 0xff);
        }
        return v;
    }

    static void setLong(byte[] b, int off, long v) {
        for (int k = 0; k < 8; k++) {
            b[off + k] = (byte) (v >>> (8 * k));
        }
    }
}
