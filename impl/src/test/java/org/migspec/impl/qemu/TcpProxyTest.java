package org.migspec.impl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The proxy forwards both ways, a break ends both connections, a partition holds traffic until it heals. */
class TcpProxyTest {
    @Test
    void forwardsBreaksPartitionsAndHeals() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
             TcpProxy proxy = new TcpProxy(target.getLocalPort());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
             Socket server = target.accept()) {
            client.setSoTimeout(5_000);
            server.setSoTimeout(5_000);
            client.getOutputStream().write('a');
            assertEquals('a', server.getInputStream().read());
            server.getOutputStream().write('b');
            assertEquals('b', client.getInputStream().read());

            proxy.partition();
            client.getOutputStream().write('c');
            server.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> server.getInputStream().read(),
                    "nothing crosses a partition and nothing tells the peer");
            proxy.heal();
            server.setSoTimeout(5_000);
            assertEquals('c', server.getInputStream().read(), "held data is delivered once it heals");

            proxy.breakAll();
            assertEquals(-1, readOrEof(server.getInputStream()), "the destination's end is closed");
            assertEquals(-1, readOrEof(client.getInputStream()), "the source's end is closed");
            assertEquals(1, proxy.connections());
        }
    }

    /** -1 on an orderly end or a reset: both are what a break looks like to the peer. */
    private static int readOrEof(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            assertTrue(e.getMessage() != null);
            return -1;
        }
    }
}
