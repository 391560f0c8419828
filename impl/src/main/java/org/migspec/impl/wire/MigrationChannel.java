package org.migspec.impl.wire;

import java.io.IOException;
import java.net.Socket;

/**
 * One TCP connection between source and destination: the main stream one way and the return path
 * back over the same socket, as QEMU does with one QIOChannel for both files.
 */
public final class MigrationChannel {
    private final Socket socket;
    private final QemuFileIn in;
    private final QemuFileOut out;

    public MigrationChannel(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new QemuFileIn(socket.getInputStream());
        this.out = new QemuFileOut(socket.getOutputStream());
    }

    public QemuFileIn in() {
        return in;
    }

    public QemuFileOut out() {
        return out;
    }

    /** qemu_file_shutdown on the reading side: a blocked reader returns end of stream. */
    public void shutdownInput() {
        try {
            socket.shutdownInput();
        } catch (IOException ignored) {
            // already shut or closed: the reader has its error anyway
        }
    }

    /** shutdown(SHUT_WR): what was written is delivered, then the peer reads end of stream. */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException ignored) {
            // already shut or closed: the peer has its end of stream anyway
        }
    }

    /** qemu_file_shutdown on both directions (QEMU shuts down the whole socket). */
    public void shutdown() {
        try {
            socket.shutdownInput();
        } catch (IOException ignored) {
            // see above
        }
        try {
            socket.shutdownOutput();
        } catch (IOException ignored) {
            // see above
        }
    }

    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing twice is fine
        }
    }

    public boolean isClosed() {
        return socket.isClosed();
    }
}
