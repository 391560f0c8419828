package org.migspec.impl.qmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Streams over a unix-domain SocketChannel that let one thread read while another writes
 * (Channels.newInputStream/newOutputStream serialise both on the channel's blocking lock, which
 * would hold QMP events back until the client's next command).
 */
public final class ChannelStreams {
    private ChannelStreams() {
    }

    /** The read half. */
    public static final class In extends InputStream {
        private final SocketChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(8192);

        public In(SocketChannel ch) {
            this.ch = ch;
            buf.flip();
        }

        @Override
        public int read() throws IOException {
            return fill() ? buf.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int k = Math.min(len, buf.remaining());
            buf.get(b, off, k);
            return k;
        }

        /** Reads from the channel when the buffer is empty; false at end of stream. */
        private boolean fill() throws IOException {
            if (buf.hasRemaining()) {
                return true;
            }
            buf.clear();
            int n = ch.read(buf);
            buf.flip();
            return n > 0;
        }
    }

    /** The write half: writes until the whole buffer is out. */
    public static final class Out extends OutputStream {
        private final SocketChannel ch;

        public Out(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
        }
    }
}
