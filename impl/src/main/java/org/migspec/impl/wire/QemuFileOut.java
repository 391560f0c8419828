package org.migspec.impl.wire;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The writing half of a QEMUFile: big-endian puts into a buffer, flushed on {@link #flush()}. The
 * first error is sticky, as {@code qemu_file_set_error}: later writes are dropped and
 * {@link #error()} reports it, which is what migration_detect_error polls.
 */
public final class QemuFileOut {
    private final OutputStream out;
    private final ByteArrayOutputStream memory;
    private volatile String error;
    private volatile int errorRet;
    private long transferred;

    public QemuFileOut(OutputStream socketOut) {
        this.out = new BufferedOutputStream(socketOut, 1 << 16);
        this.memory = null;
    }

    private QemuFileOut(ByteArrayOutputStream memory) {
        this.out = memory;
        this.memory = memory;
    }

    /** qemu_file_new_output on a buffer channel: used to build the postcopy package. */
    public static QemuFileOut buffer() {
        return new QemuFileOut(new ByteArrayOutputStream(1 << 16));
    }

    public byte[] bufferBytes() {
        return memory.toByteArray();
    }

    public synchronized void putByte(int b) {
        if (error != null) {
            return;
        }
        try {
            out.write(b);
            transferred++;
        } catch (IOException e) {
            setError(-StreamFormat.EIO, "Unable to write to socket: " + e.getMessage());
        }
    }

    public synchronized void putBe16(int v) {
        putByte(v >>> 8);
        putByte(v);
    }

    public synchronized void putBe32(int v) {
        putBe16(v >>> 16);
        putBe16(v);
    }

    public synchronized void putBe64(long v) {
        putBe32((int) (v >>> 32));
        putBe32((int) v);
    }

    public synchronized void putBuffer(byte[] b, int off, int len) {
        if (error != null) {
            return;
        }
        try {
            out.write(b, off, len);
            transferred += len;
        } catch (IOException e) {
            setError(-StreamFormat.EIO, "Unable to write to socket: " + e.getMessage());
        }
    }

    public void putBuffer(byte[] b) {
        putBuffer(b, 0, b.length);
    }

    public synchronized void flush() {
        if (error != null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            setError(-StreamFormat.EIO, "Unable to write to socket: " + e.getMessage());
        }
    }

    /** qemu_file_set_error: the first error wins. */
    public synchronized void setError(int ret, String message) {
        if (error == null) {
            error = message;
            errorRet = ret;
        }
    }

    /** The error text, or null when the file is healthy. */
    public String error() {
        return error;
    }

    public int errorRet() {
        return errorRet;
    }

    public synchronized long transferred() {
        return transferred;
    }
}
