package org.migspec.impl.source;

import static org.migspec.impl.common.MigrationStatus.POSTCOPY_ACTIVE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_DEVICE;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_PAUSED;
import static org.migspec.impl.common.MigrationStatus.POSTCOPY_RECOVER;

import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.common.Variant;
import org.migspec.impl.guest.GuestRam;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigrationChannel;
import org.migspec.impl.wire.MigrationStreamException;
import org.migspec.impl.wire.QemuFileIn;
import org.migspec.impl.wire.StreamFormat;

/**
 * source_return_path_thread (migration.c:2237-2400), thread {@code mig/src/return}: reads
 * {@code be16 type, be16 len, data} messages from the destination and acts on them. Events are
 * emitted when a message is taken off the stream, before acting on it.
 */
final class ReturnPathThread implements Runnable {
    private final MigrationState s;
    private final MigTrace trace;
    private final Variant variant;
    private final GuestRam ram;
    private MigrationChannel ch;

    ReturnPathThread(MigrationState s, Variant variant, MigTrace trace, GuestRam ram, MigrationChannel ch) {
        this.s = s;
        this.trace = trace;
        this.variant = variant;
        this.ram = ram;
        this.ch = ch;
    }

    @Override
    public void run() {
        trace.sourceReturnPathThreadEntry();
        String err;
        while (true) {
            err = loop(ch.in());
            if (err != null && variant.returnPathThreadPauses() && inPostcopyLegacy()) {
                // 7.2: postcopy_pause_return_path_thread: wait for the recovery's new channel
                trace.postcopyPauseReturnPath();
                try {
                    s.postcopyPauseRpSem().acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                trace.postcopyPauseReturnPathContinued();
                ch = s.channel();
                continue;
            }
            break;
        }
        if (err != null) {
            s.markSourceRpBad();
            s.migrateSetError(err);
            trace.sourceReturnPathThreadBadEnd();
        }
        if (s.get() == POSTCOPY_RECOVER) {
            // the migration thread may wait on rp_sem for RESUME_ACK or a bitmap: kick it (C8)
            s.migrationRpKick();
        }
        if (variant.isFix()) {
            // FIX F1: every exit of the return path wakes a migration thread waiting in
            // POSTCOPY_DEVICE; the flag stays as it is, so it does not go to POSTCOPY_ACTIVE.
            s.postcopyPackageLoadedEvent().set();
        }
        trace.sourceReturnPathThreadEnd();
    }

    private boolean inPostcopyLegacy() {
        MigrationStatus st = s.get();
        return st == POSTCOPY_ACTIVE || st == POSTCOPY_PAUSED || st == POSTCOPY_RECOVER;
    }

    /** Returns null after SHUT(0), else the error text. */
    private String loop(QemuFileIn in) {
        try {
            while (true) {
                Frames.RpMessage m = Frames.readRp(in);
                byte[] d = m.data();
                switch (m.type()) {
                    case SHUT: {
                        long val = Frames.readBe32(d, 0);
                        trace.sourceReturnPathThreadShut(val);
                        if (val != 0 && variant.failsWhenDestinationReportedFailure()) {
                            s.markDestinationFailed();
                        }
                        // the thread exits after SHUT in both cases (2291-2302)
                        return val != 0 ? "Sibling indicated error " + val : null;
                    }
                    case PONG:
                        handlePong(Frames.readBe32(d, 0));
                        break;
                    case REQ_PAGES:
                        handleReqPages(StreamFormat.RAMBLOCK, Frames.readBe64(d, 0), Frames.readBe32(d, 8));
                        break;
                    case REQ_PAGES_ID: {
                        if (d.length < 13 || d.length != 13 + (d[12] & 0xff)) {
                            return "malformed return-path frame: REQ_PAGES_ID length " + d.length
                                    + " does not match its RAMBlock name";
                        }
                        String name = new String(d, 13, d[12] & 0xff);
                        handleReqPages(name, Frames.readBe64(d, 0), Frames.readBe32(d, 8));
                        break;
                    }
                    case RECV_BITMAP:
                        handleRecvBitmap(in, d);
                        break;
                    case RESUME_ACK: {
                        long v = Frames.readBe32(d, 0);
                        trace.sourceReturnPathThreadResumeAck(v);
                        if (v != 1) {
                            return "illegal resume_ack value " + v;
                        }
                        // S9: RECOVER -> POSTCOPY_ACTIVE, then kick the migration thread
                        s.migrateSetState(POSTCOPY_RECOVER, POSTCOPY_ACTIVE);
                        s.migrationRpKick();
                        break;
                    }
                    case SWITCHOVER_ACK:
                        break;
                    default:
                        return "Received invalid message 0x" + Integer.toHexString(m.type().wire());
                }
            }
        } catch (MigrationStreamException e) {
            return e.getMessage();
        } catch (ProtocolError e) {
            return e.getMessage();
        }
    }

    /** PONG (2304-2313); for 0x42 the variant decides who moves POSTCOPY_DEVICE on. */
    private void handlePong(long val) {
        trace.sourceReturnPathThreadPong(val);
        if (val != StreamFormat.PING_PACKAGED_LOADED) {
            return;
        }
        switch (variant) {
            case V1:
                // v1: the return-path thread itself does the CAS (the race Peter Xu pointed out, C1)
                trace.sourceReturnPathThreadDstStarted();
                s.migrateSetState(POSTCOPY_DEVICE, POSTCOPY_ACTIVE);
                break;
            case V4:
            case V11:
            case FIX:
                // 10.2: only the flag and the event; the migration thread does S20
                s.postcopyPackageLoaded();
                trace.sourceReturnPathThreadPostcopyPackageLoaded();
                break;
            default:
                break;
        }
    }

    private static final class ProtocolError extends Exception {
        ProtocolError(String m) {
            super(m);
        }
    }

    /** migrate_handle_rp_req_pages -> ram_save_queue_pages, with its bounds checks. */
    private void handleReqPages(String rbname, long start, long len) throws ProtocolError {
        trace.migrateHandleRpReqPages(rbname, start, len);
        long ramSize = ram.ramSize();
        int ps = ram.pageSize();
        if (!StreamFormat.RAMBLOCK.equals(rbname)) {
            throw new ProtocolError("ram_save_queue_pages no block '" + rbname + "'");
        }
        if (start < 0 || len <= 0 || start % ps != 0 || len % ps != 0 || start + len > ramSize) {
            throw new ProtocolError(String.format(
                    "ram_save_queue_pages request overrun, start=0x%x len=0x%x blocklen=0x%x", start, len, ramSize));
        }
        if (!s.pageRequests().add((int) (start / ps), (int) (len / ps))) {
            throw new ProtocolError("too many queued page requests");
        }
    }

    /** MIG_RP_MSG_RECV_BITMAP: ram_dirty_bitmap_reload (ram.c:4560-4642), then kick. */
    private void handleRecvBitmap(QemuFileIn in, byte[] d) throws MigrationStreamException, ProtocolError {
        if (d.length < 1 || d.length != 1 + (d[0] & 0xff)) {
            throw new ProtocolError("malformed return-path frame: RECV_BITMAP name length");
        }
        String name = new String(d, 1, d[0] & 0xff);
        if (s.get() != POSTCOPY_RECOVER) {
            throw new ProtocolError("Reload bitmap in incorrect state " + s.get().qapi());
        }
        long size = in.getBe64("recv bitmap size");
        int expected = ram.bitmapBytes();
        if (!StreamFormat.RAMBLOCK.equals(name) || size != expected) {
            throw new ProtocolError("RAMBlock '" + name + "' bitmap size mismatch: 0x" + Long.toHexString(size)
                    + " (expected 0x" + Integer.toHexString(expected) + ")");
        }
        byte[] bitmap = in.getBytes(expected, "recv bitmap");
        long end = in.getBe64("recv bitmap ending");
        if (end != StreamFormat.RECV_BITMAP_ENDING) {
            throw new ProtocolError("RAMBlock '" + name + "' end mark incorrect: 0x" + Long.toHexString(end));
        }
        ram.reloadDirtyFromReceived(bitmap);
        s.migrationRpKick();
    }
}
