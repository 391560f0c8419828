package org.migspec.impl.wire;

/**
 * QEMU's framing of stream commands ({@code QEMU_VM_COMMAND, be16 cmd, be16 len, data}) and of
 * return-path messages ({@code be16 type, be16 len, data}). Lengths are be16, so one frame is at
 * most 64 KiB; every length is checked against the table before anything is allocated.
 */
public final class Frames {
    private Frames() {
    }

    /** A command read off the main stream, after its QEMU_VM_COMMAND byte. */
    public record Command(MigCmd cmd, byte[] data) {
    }

    /** A return-path message. */
    public record RpMessage(MigRpMessage type, byte[] data) {
    }

    /** qemu_savevm_command_send (savevm.c:1082-1093): writes and flushes one command. */
    public static void writeCommand(QemuFileOut f, MigCmd cmd, byte[] data) {
        synchronized (f) {
            writeCommandLocked(f, cmd, data);
        }
    }

    private static void writeCommandLocked(QemuFileOut f, MigCmd cmd, byte[] data) {
        f.putByte(StreamFormat.QEMU_VM_COMMAND);
        f.putBe16(cmd.wire());
        f.putBe16(data.length);
        f.putBuffer(data);
        f.flush();
    }

    /**
     * loadvm_process_command's header checks (savevm.c:2472-2484): unknown command is -EINVAL, a
     * length that does not match mig_cmd_args is -ERANGE.
     */
    public static Command readCommand(QemuFileIn f) throws MigrationStreamException {
        int cmdNo = f.getBe16("command number");
        int len = f.getBe16("command length");
        MigCmd cmd = MigCmd.fromWire(cmdNo);
        if (cmd == null) {
            throw new MigrationStreamException(-StreamFormat.EINVAL,
                    String.format("malformed command: MIG_CMD 0x%x unknown (len 0x%x)", cmdNo, len));
        }
        if (cmd.len() != -1 && cmd.len() != len) {
            throw new MigrationStreamException(-StreamFormat.ERANGE,
                    String.format("malformed command: %s received bad length %d expected %d", cmd.argName(), len,
                            cmd.len()));
        }
        return new Command(cmd, f.getBytes(len, cmd.argName() + " payload"));
    }

    /** migrate_send_rp_message (migration.c:505-527): one message, flushed. */
    public static void writeRp(QemuFileOut f, MigRpMessage type, byte[] data) {
        synchronized (f) {  // mis->rp_mutex: the fault thread, listen thread and coroutine all send
            f.putBe16(type.wire());
            f.putBe16(data.length);
            f.putBuffer(data);
            f.flush();
        }
    }

    /** The source's header checks against rp_cmd_args (migration.c:2258-2272). */
    public static RpMessage readRp(QemuFileIn f) throws MigrationStreamException {
        int type = f.getBe16("return-path message type");
        int len = f.getBe16("return-path message length");
        MigRpMessage m = MigRpMessage.fromWire(type);
        if (m == null || (m.len() != -1 && m.len() != len)) {
            throw new MigrationStreamException(-StreamFormat.EINVAL,
                    String.format("malformed return-path frame: Received invalid message 0x%04x length 0x%04x",
                            type, len));
        }
        return new RpMessage(m, f.getBytes(len, m.argName() + " payload"));
    }

    public static byte[] be32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static long readBe32(byte[] b, int off) {
        return ((b[off] & 0xffL) << 24) | ((b[off + 1] & 0xffL) << 16) | ((b[off + 2] & 0xffL) << 8) | (b[off + 3] & 0xffL);
    }

    public static long readBe64(byte[] b, int off) {
        return (readBe32(b, off) << 32) | readBe32(b, off + 4);
    }

    public static void putBe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    public static void putBe32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (24 - 8 * i));
        }
    }
}
