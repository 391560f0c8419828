package org.migspec.impl.source;

import org.migspec.impl.guest.DeviceState;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigCmd;
import org.migspec.impl.wire.QemuFileOut;
import org.migspec.impl.wire.StreamFormat;

/**
 * The sending half of savevm.c that the migration thread uses: qemu_savevm_send_* (commands,
 * PING, PACKAGED) and the device-state section, each traced as QEMU traces it. Runs on the
 * migration thread only.
 */
final class Savevm {
    private final MigrationState s;
    private final MigTrace trace;
    private final DeviceState dev;

    Savevm(MigrationState s, MigTrace trace, DeviceState dev) {
        this.s = s;
        this.trace = trace;
        this.dev = dev;
    }

    /** s->to_dst_file: read each time, as the channel is replaced by a recovery. */
    QemuFileOut f() {
        return s.channel().out();
    }

    /** qemu_savevm_command_send. */
    void sendCommand(MigCmd cmd, byte[] data) {
        trace.savevmCommandSend(cmd.wire(), data.length);
        Frames.writeCommand(f(), cmd, data);
    }

    /** qemu_savevm_send_ping (savevm.c:1101-1108). */
    void sendPing(int val) {
        sendPing(f(), val);
    }

    /** qemu_savevm_send_ping into {@code out} (the package buffer while it is built). */
    void sendPing(QemuFileOut out, int val) {
        trace.savevmSendPing(val);
        trace.savevmCommandSend(MigCmd.PING.wire(), 4);
        Frames.writeCommand(out, MigCmd.PING, Frames.be32(val));
    }

    /** qemu_savevm_send_postcopy_listen into the package buffer. */
    void sendPostcopyListen(QemuFileOut out) {
        trace.savevmSendPostcopyListen();
        trace.savevmCommandSend(MigCmd.POSTCOPY_LISTEN.wire(), 0);
        Frames.writeCommand(out, MigCmd.POSTCOPY_LISTEN, new byte[0]);
    }

    /** qemu_savevm_send_postcopy_run into the package buffer. */
    void sendPostcopyRun(QemuFileOut out) {
        trace.savevmSendPostcopyRun();
        trace.savevmCommandSend(MigCmd.POSTCOPY_RUN.wire(), 0);
        Frames.writeCommand(out, MigCmd.POSTCOPY_RUN, new byte[0]);
    }

    /** qemu_savevm_send_packaged (savevm.c:1125-1148): PACKAGED(len) + blob, flushed. */
    void sendPackaged(byte[] blob) {
        trace.qemuSavevmSendPackaged();
        trace.savevmCommandSend(MigCmd.PACKAGED.wire(), 4);
        QemuFileOut out = f();
        synchronized (out) {
            out.putByte(StreamFormat.QEMU_VM_COMMAND);
            out.putBe16(MigCmd.PACKAGED.wire());
            out.putBe16(4);
            out.putBuffer(Frames.be32(blob.length));
            out.putBuffer(blob);
            out.flush();
        }
    }

    /** The device-state section (QEMU_VM_SECTION_FULL "device"). */
    void saveDeviceState(QemuFileOut out) {
        byte[] blob = dev.save();
        out.putByte(StreamFormat.QEMU_VM_SECTION_FULL);
        out.putBe32(StreamFormat.SECTION_DEVICE);
        out.putByte(StreamFormat.DEVICE_IDSTR.length());
        out.putBuffer(StreamFormat.DEVICE_IDSTR.getBytes());
        out.putBe32(0);
        out.putBe32(1);
        out.putBe32(blob.length);
        out.putBuffer(blob);
        out.putByte(StreamFormat.QEMU_VM_SECTION_FOOTER);
        out.putBe32(StreamFormat.SECTION_DEVICE);
    }
}
