package org.migspec.impl.guest;

import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The non-iterable device state: a write counter the vCPU bumps on every guest write (the
 * "registers") and a fixed blob. Serialised as be64 counter + blob; the destination loads it
 * inside the postcopy package or at the end of precopy.
 */
public final class DeviceState {
    public static final int BLOB = 1024;

    private long counter;
    private byte[] blob = new byte[BLOB];

    public synchronized void fill(long seed) {
        new SplittableRandom(seed ^ 0x5eed).nextBytes(blob);
        counter = 0;
    }

    public synchronized void bump() {
        counter++;
    }

    public synchronized long counter() {
        return counter;
    }

    public synchronized byte[] save() {
        byte[] out = new byte[8 + blob.length];
        for (int k = 0; k < 8; k++) {
            out[k] = (byte) (counter >>> (56 - 8 * k));
        }
        System.arraycopy(blob, 0, out, 8, blob.length);
        return out;
    }

    /** Returns false (the caller reports -EINVAL) when the blob does not have this layout. */
    public synchronized boolean load(byte[] in) {
        if (in.length != 8 + BLOB) {
            return false;
        }
        long c = 0;
        for (int k = 0; k < 8; k++) {
            c = (c << 8) | (in[k] & 0xff);
        }
        counter = c;
        blob = java.util.Arrays.copyOfRange(in, 8, in.length);
        return true;
    }

    public synchronized int blobCrc() {
        CRC32C c = new CRC32C();
        c.update(blob);
        return (int) c.getValue();
    }
}
