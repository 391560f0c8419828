package org.migspec.impl.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.impl.scenario.ChildProcess;
import org.migspec.impl.scenario.QmpClient;

/**
 * A real destination process fed a malformed or truncated stream fails cleanly: FAILED with an error
 * naming what was wrong, exit status 1, no hang. And its QMP monitor answers bad input with QEMU's
 * errors.
 */
class DestinationProcessTest {
    private final ObjectMapper json = new ObjectMapper();

    private Process startDst(Path dir) throws Exception {
        return ChildProcess.start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.migspec.impl.cli.Main", "dst", "--variant", "v4",
                "--qmp", dir.resolve("dst.qmp").toString(), "--trace", dir.resolve("dst.trace.ndjson").toString(),
                "--image", dir.resolve("img").toString(), "--ram-pages", "64"), dir.resolve("dst.log"), 30_000);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void feed(byte[] stream, String expectInError, Path dir) throws Exception {
        Process p = startDst(dir);
        try (QmpClient q = new QmpClient("dst", dir.resolve("dst.qmp"), new StringWriter(), 15_000)) {
            int port = freePort();
            q.execute("migrate-set-capabilities", json.readTree(
                    "{\"capabilities\":[{\"capability\":\"events\",\"state\":true}]}"));
            JsonNode r = q.execute("migrate-incoming", json.readTree("{\"uri\":\"tcp:127.0.0.1:" + port + "\"}"));
            assertTrue(r.has("return"), r.toString());
            try (Socket s = new Socket()) {
                // migrate-incoming returns once the listener is bound
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
                OutputStream o = s.getOutputStream();
                o.write(stream);
                o.flush();
                s.shutdownOutput();
                assertNotNull(q.waitEvent(e -> "failed".equals(e.at("/data/status").asText()), 15_000),
                        "destination did not report failed");
            }
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "destination did not exit");
            assertEquals(1, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("dst.log"));
        assertTrue(log.contains(expectInError), log);
        assertTrue(!log.contains("Exception"), log);
    }

    private static byte[] header(int... rest) {
        byte[] b = new byte[rest.length];
        for (int i = 0; i < rest.length; i++) {
            b[i] = (byte) rest[i];
        }
        return header(b);
    }

    private static byte[] header(byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(8 + rest.length);
        b.putInt(0x5145564d).putInt(3).put(rest);
        return b.array();
    }

    @Test
    void unknownCommandFailsTheMigration(@TempDir Path dir) throws Exception {
        feed(header(0x08, 0x00, 0x7f, 0x00, 0x00), "MIG_CMD 0x7f unknown", dir);
    }

    @Test
    void truncatedPingFailsTheMigration(@TempDir Path dir) throws Exception {
        feed(header(0x08, 0x00, 0x02, 0x00, 0x04, 0x00), "PING payload", dir);
    }

    @Test
    void badMagicFailsTheMigration(@TempDir Path dir) throws Exception {
        feed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "Not a migration stream", dir);
    }

    @Test
    void hugeDeviceStateLengthIsRejectedWithoutAllocating(@TempDir Path dir) throws Exception {
        byte[] id = "device".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 1 + id.length + 4 + 4 + 4);
        b.put((byte) 0x04).putInt(2).put((byte) id.length).put(id).putInt(0).putInt(1).putInt(0x7fffffff);
        feed(header(b.array()), "device state length 2147483647 exceeds", dir);
    }

    @Test
    void qmpAnswersBadInputWithQemusErrors(@TempDir Path dir) throws Exception {
        Process p = startDst(dir);
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(dir.resolve("dst.qmp")));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    java.nio.channels.Channels.newInputStream(ch), StandardCharsets.UTF_8));
            OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
            assertTrue(json.readTree(in.readLine()).has("QMP"));
            List<String[]> cases = List.of(
                    new String[] {"{\"execute\":\"query-status\"}", "Expecting capabilities negotiation"},
                    new String[] {"{\"execute\":\"qmp_capabilities\"}", "return"},
                    new String[] {"{\"execute\": oops}", "JSON parse error"},
                    new String[] {"{\"execute\":\"no-such-command\"}", "CommandNotFound"},
                    new String[] {"{\"execute\":\"migrate-incoming\"}", "Parameter 'uri' is missing"},
                    new String[] {"{\"execute\":\"migrate-pause\"}", "only supported during postcopy-active"},
                    new String[] {"{\"execute\":\"query-status\"}", "inmigrate"});
            for (String[] c : cases) {
                out.write((c[0] + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String reply = in.readLine();
                assertTrue(reply.contains(c[1]), c[0] + " -> " + reply);
            }
            ch.close();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
