package org.migspec.impl.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The network between the two QEMUs: a TCP forwarder on loopback that the source connects to
 * instead of the destination. It makes the network faults an operator or a real network has:
 * <ul>
 *   <li>{@link #breakAll()}: both ends of every connection are closed (a network break that both
 *       sides see at once as an error);</li>
 *   <li>{@link #partition()}: forwarding stops and the sockets stay open (a silent partition:
 *       packets dropped, no RST; with TCP keepalive off, a blocked read never returns);</li>
 *   <li>{@link #heal()}: forwarding resumes after a partition, what was held is delivered, and new
 *       connections go through.</li>
 * </ul>
 * Connections made during a partition are accepted and held, like SYNs a partitioned peer never
 * sees answered.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new ArrayList<>();
    private final Object gate = new Object();
    private boolean partitioned;
    private volatile boolean closed;
    private int connections;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "proxy-accept-" + targetPort);
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public synchronized int connections() {
        return connections;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket in = server.accept();
                Socket out = new Socket();
                synchronized (this) {
                    sockets.add(in);
                    sockets.add(out);
                    connections++;
                }
                Thread t = new Thread(() -> connect(in, out), "proxy-conn-" + targetPort);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket in, Socket out) {
        try {
            waitOpen();
            out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
        } catch (IOException e) {
            closeQuietly(in);
            closeQuietly(out);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        pump(in, out, "proxy-s2d-" + targetPort);
        pump(out, in, "proxy-d2s-" + targetPort);
    }

    private void pump(Socket from, Socket to, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream is = from.getInputStream();
                OutputStream os = to.getOutputStream();
                int n;
                while ((n = is.read(buf)) >= 0) {
                    // a partition holds the bytes read until it heals, as TCP's retransmissions would
                    waitOpen();
                    os.write(buf, 0, n);
                    os.flush();
                }
                // an orderly close on one side is passed on as a half-close
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void waitOpen() throws InterruptedException {
        synchronized (gate) {
            while (partitioned && !closed) {
                gate.wait();
            }
        }
    }

    /** Closes both ends of every connection made so far; later connections go through. */
    public synchronized void breakAll() {
        for (Socket s : sockets) {
            try {
                // shutdown first so that a peer blocked in a read sees the end at once
                s.shutdownInput();
                s.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
            closeQuietly(s);
        }
        sockets.clear();
    }

    /** Stops forwarding in both directions; the sockets stay open. */
    public void partition() {
        synchronized (gate) {
            partitioned = true;
        }
    }

    /** Ends a partition: held data is delivered (TCP retransmits what was dropped), forwarding resumes. */
    public void heal() {
        synchronized (gate) {
            partitioned = false;
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        heal();
        closeQuietly(server);
        breakAll();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do for a socket that is gone
        }
    }
}
