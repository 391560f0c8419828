package org.migspec.impl.wire;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The reading half of a QEMUFile. Reads block; a short stream or a socket error raises a
 * {@link MigrationStreamException} naming the field being read. Another thread may mark the file
 * with an error ({@link #setError}), as the incoming coroutine does when it fails a package while
 * the listen thread owns the stream: the reader only notices at its next check (C5).
 */
public final class QemuFileIn {
    private final InputStream in;
    private volatile String error;
    private volatile int errorRet;

    public QemuFileIn(InputStream socketIn) {
        this.in = new BufferedInputStream(socketIn, 1 << 16);
    }

    private QemuFileIn(byte[] data) {
        this.in = new ByteArrayInputStream(data);
    }

    /** qemu_file_new_input on a buffer channel: the nested load of a PACKAGED blob. */
    public static QemuFileIn buffer(byte[] data) {
        return new QemuFileIn(data);
    }

    public int getByte(String field) throws MigrationStreamException {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw ioError(field, e);
        }
        if (b < 0) {
            throw new MigrationStreamException(-StreamFormat.EIO, "truncated stream: end of stream reading " + field);
        }
        return b;
    }

    public int getBe16(String field) throws MigrationStreamException {
        return (getByte(field) << 8) | getByte(field);
    }

    public int getBe32(String field) throws MigrationStreamException {
        return (getBe16(field) << 16) | getBe16(field);
    }

    public long getBe64(String field) throws MigrationStreamException {
        return ((long) getBe32(field) << 32) | (getBe32(field) & 0xffffffffL);
    }

    /** Reads exactly {@code len} bytes; {@code len} must already be bounded by the caller. */
    public void getBuffer(byte[] dst, int off, int len, String field) throws MigrationStreamException {
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = in.read(dst, off + done, len - done);
            } catch (IOException e) {
                throw ioError(field, e);
            }
            if (n < 0) {
                throw new MigrationStreamException(-StreamFormat.EIO,
                        "truncated stream: end of stream reading " + field + " (" + done + " of " + len + " bytes)");
            }
            done += n;
        }
    }

    public byte[] getBytes(int len, String field) throws MigrationStreamException {
        byte[] b = new byte[len];
        getBuffer(b, 0, len, field);
        return b;
    }

    /** qemu_file_set_error: the first error wins. */
    public synchronized void setError(int ret, String message) {
        if (error == null) {
            error = message;
            errorRet = ret;
        }
    }

    public String error() {
        return error;
    }

    public int errorRet() {
        return errorRet;
    }

    private MigrationStreamException ioError(String field, IOException e) {
        if (e instanceof EOFException) {
            return new MigrationStreamException(-StreamFormat.EIO, "truncated stream reading " + field, e);
        }
        return new MigrationStreamException(-StreamFormat.EIO, "Channel error reading " + field + ": " + e.getMessage(), e);
    }
}
