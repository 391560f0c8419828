package org.migspec.impl.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static byte[] commandBytes(MigCmd cmd, byte[] data) {
        QemuFileOut f = QemuFileOut.buffer();
        Frames.writeCommand(f, cmd, data);
        return f.bufferBytes();
    }

    @Test
    void everyFixedLengthCommandRoundTrips() throws Exception {
        for (MigCmd c : MigCmd.values()) {
            if (c == MigCmd.INVALID) {
                continue;
            }
            byte[] data = new byte[c.len() >= 0 ? c.len() : 7];
            Arrays.fill(data, (byte) c.wire());
            byte[] wire = commandBytes(c, data);
            assertEquals(StreamFormat.QEMU_VM_COMMAND, wire[0]);
            assertEquals(5 + data.length, wire.length);
            QemuFileIn in = QemuFileIn.buffer(Arrays.copyOfRange(wire, 1, wire.length));
            Frames.Command got = Frames.readCommand(in);
            assertEquals(c, got.cmd());
            assertArrayEquals(data, got.data());
        }
    }

    @Test
    void commandNumbersAndLengthsAreQemus() {
        assertEquals(1, MigCmd.OPEN_RETURN_PATH.wire());
        assertEquals(2, MigCmd.PING.wire());
        assertEquals(4, MigCmd.PING.len());
        assertEquals(7, MigCmd.PACKAGED.wire());
        assertEquals(10, MigCmd.RECV_BITMAP.wire());
        assertEquals(11, MigCmd.SWITCHOVER_START.wire());
        assertEquals(12, MigCmd.MAX);
        assertEquals(2, MigRpMessage.PONG.wire());
        assertEquals(12, MigRpMessage.REQ_PAGES.len());
        assertEquals(6, MigRpMessage.RESUME_ACK.wire());
        assertEquals(7, MigRpMessage.SWITCHOVER_ACK.wire());
    }

    @Test
    void pingFrameIsByteExact() {
        byte[] wire = commandBytes(MigCmd.PING, Frames.be32(0x42));
        assertArrayEquals(new byte[] {0x08, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x42}, wire);
    }

    @Test
    void unknownCommandIsEinvalAndNamed() {
        QemuFileIn in = QemuFileIn.buffer(new byte[] {0x00, 0x7f, 0x00, 0x00});
        MigrationStreamException e = assertThrows(MigrationStreamException.class, () -> Frames.readCommand(in));
        assertEquals(-StreamFormat.EINVAL, e.ret());
        assertTrue(e.getMessage().contains("MIG_CMD 0x7f unknown"), e.getMessage());
    }

    @Test
    void badLengthIsErangeAndNamed() {
        QemuFileIn in = QemuFileIn.buffer(new byte[] {0x00, 0x02, 0x00, 0x05, 1, 2, 3, 4, 5});
        MigrationStreamException e = assertThrows(MigrationStreamException.class, () -> Frames.readCommand(in));
        assertEquals(-StreamFormat.ERANGE, e.ret());
        assertTrue(e.getMessage().contains("PING received bad length 5 expected 4"), e.getMessage());
    }

    @Test
    void truncatedPayloadNamesTheField() {
        QemuFileIn in = QemuFileIn.buffer(new byte[] {0x00, 0x02, 0x00, 0x04, 0x00, 0x00});
        MigrationStreamException e = assertThrows(MigrationStreamException.class, () -> Frames.readCommand(in));
        assertTrue(e.getMessage().contains("PING payload"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedHeaderNamesTheField() {
        QemuFileIn in = QemuFileIn.buffer(new byte[] {0x00, 0x02, 0x00});
        MigrationStreamException e = assertThrows(MigrationStreamException.class, () -> Frames.readCommand(in));
        assertTrue(e.getMessage().contains("command length"), e.getMessage());
    }

    @Test
    void variableLengthIsBoundedBySixteenBits() throws Exception {
        // the largest declared length a frame can carry is 65535: a short stream fails, nothing huge is allocated
        QemuFileIn in = QemuFileIn.buffer(new byte[] {0x00, 0x06, (byte) 0xff, (byte) 0xff, 1, 2, 3});
        MigrationStreamException e = assertThrows(MigrationStreamException.class, () -> Frames.readCommand(in));
        assertTrue(e.getMessage().contains("POSTCOPY_RAM_DISCARD payload (3 of 65535 bytes)"), e.getMessage());
    }

    @Test
    void returnPathMessagesRoundTrip() throws Exception {
        QemuFileOut f = QemuFileOut.buffer();
        Frames.writeRp(f, MigRpMessage.PONG, Frames.be32(0x42));
        Frames.writeRp(f, MigRpMessage.SHUT, Frames.be32(1));
        byte[] req = new byte[12];
        Frames.putBe64(req, 0, 0x1000);
        Frames.putBe32(req, 8, 4096);
        Frames.writeRp(f, MigRpMessage.REQ_PAGES, req);
        QemuFileIn in = QemuFileIn.buffer(f.bufferBytes());
        Frames.RpMessage a = Frames.readRp(in);
        assertEquals(MigRpMessage.PONG, a.type());
        assertEquals(0x42, Frames.readBe32(a.data(), 0));
        assertEquals(MigRpMessage.SHUT, Frames.readRp(in).type());
        Frames.RpMessage c = Frames.readRp(in);
        assertEquals(MigRpMessage.REQ_PAGES, c.type());
        assertEquals(0x1000, Frames.readBe64(c.data(), 0));
    }

    @Test
    void returnPathPongIsByteExact() {
        QemuFileOut f = QemuFileOut.buffer();
        Frames.writeRp(f, MigRpMessage.PONG, Frames.be32(0x42));
        assertArrayEquals(new byte[] {0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x42}, f.bufferBytes());
    }

    @Test
    void malformedReturnPathFramesAreRejected() {
        MigrationStreamException bad = assertThrows(MigrationStreamException.class,
                () -> Frames.readRp(QemuFileIn.buffer(new byte[] {0x00, 0x63, 0x00, 0x00})));
        assertTrue(bad.getMessage().contains("Received invalid message 0x0063 length 0x0000"), bad.getMessage());
        MigrationStreamException len = assertThrows(MigrationStreamException.class,
                () -> Frames.readRp(QemuFileIn.buffer(new byte[] {0x00, 0x02, 0x00, 0x03, 0, 0, 0})));
        assertTrue(len.getMessage().contains("length 0x0003"), len.getMessage());
        MigrationStreamException trunc = assertThrows(MigrationStreamException.class,
                () -> Frames.readRp(QemuFileIn.buffer(new byte[] {0x00, 0x01, 0x00, 0x04, 0})));
        assertTrue(trunc.getMessage().contains("SHUT payload"), trunc.getMessage());
    }

    @Test
    void writeErrorsAreStickyLikeQemuFileSetError() {
        QemuFileOut f = new QemuFileOut(new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        });
        f.putBuffer(new byte[70000]);
        f.flush();
        assertTrue(f.error().contains("Broken pipe"), f.error());
        f.setError(-1, "second");
        assertTrue(f.error().contains("Broken pipe"));
        assertEquals(0, new ByteArrayOutputStream().size());
    }
}
