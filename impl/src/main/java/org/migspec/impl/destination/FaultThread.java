package org.migspec.impl.destination;

import java.util.BitSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.migspec.impl.common.MigrationStatus;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.guest.GuestRam;
import org.migspec.impl.wire.Frames;
import org.migspec.impl.wire.MigRpMessage;
import org.migspec.impl.wire.StreamFormat;

/**
 * postcopy_ram_fault_thread (postcopy-ram.c), thread {@code mig/dst/fault}: a vCPU touching a
 * missing page queues it here (the userfaultfd event); this thread sends REQ_PAGES(_ID) on the
 * return path, once per page, and pauses while postcopy is paused.
 */
final class FaultThread {
    /** Host address QEMU would print for page 0; only for the trace's hostaddr argument. */
    private static final long HOST_BASE = 0x7f0000000000L;

    private final MigrationIncomingState mis;
    private final MigTrace trace;
    private final GuestRam ram;
    private final long pid;
    private final LinkedBlockingQueue<Integer> faults = new LinkedBlockingQueue<>();
    private final BitSet requested = new BitSet();
    private final Thread thread;
    private volatile boolean quit;
    private volatile boolean paused;
    private boolean idSent;

    /** {@code pid}: this process's, for the trace's postcopy_ram_fault_thread_request. */
    FaultThread(MigrationIncomingState mis, MigTrace trace, GuestRam ram, long pid) {
        this.mis = mis;
        this.trace = trace;
        this.ram = ram;
        this.pid = pid;
        this.thread = new Thread(this::run, "mig/dst/fault");
        this.thread.setDaemon(true);
    }

    private final org.migspec.impl.common.QemuEvent started = new org.migspec.impl.common.QemuEvent();

    public void start() {
        thread.start();
    }

    /** postcopy_thread_create waits for the new thread's thread_sync_event. */
    public void awaitStarted() {
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The vCPU's userfault: called before it blocks on the page. */
    public void enqueue(int page) {
        faults.add(page);
    }

    public void notifyPaused() {
        paused = true;
        faults.add(-1);
    }

    public void quit() {
        if (quit) {
            return;
        }
        quit = true;
        trace.postcopyRamFaultThreadQuit();
        faults.add(-1);
    }

    private void run() {
        trace.postcopyRamFaultThreadEntry();
        started.set();
        while (!quit) {
            Integer p;
            try {
                p = faults.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (quit) {
                break;
            }
            if (paused || mis.get() == MigrationStatus.POSTCOPY_PAUSED) {
                if (p != null && p >= 0 && !ram.isReceived(p)) {
                    // keep the fault: like QEMU's page_requested tree, resendPending asks for it
                    // again after RESUME (dropping it would leave the vCPU waiting for the
                    // background transfer)
                    synchronized (this) {
                        requested.set(p);
                    }
                }
                pauseHere();
                continue;
            }
            if (p == null || p < 0 || ram.isReceived(p)) {
                continue;
            }
            synchronized (this) {
                if (requested.get(p)) {
                    continue;
                }
                requested.set(p);
            }
            if (!request(p)) {
                pauseHere();
            }
        }
        trace.postcopyRamFaultThreadExit();
    }

    private void pauseHere() {
        trace.postcopyPauseFaultThread();
        try {
            mis.postcopyPauseSemFault().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        paused = false;
        trace.postcopyPauseFaultThreadContinued();
    }

    /** postcopy_request_page -> migrate_send_rp_req_pages (migration.c:534-568). */
    private synchronized boolean request(int p) {
        long offset = (long) p * ram.pageSize();
        trace.postcopyRamFaultThreadRequest(HOST_BASE + offset, StreamFormat.RAMBLOCK, offset, pid);
        byte[] name = StreamFormat.RAMBLOCK.getBytes();
        if (!idSent) {
            byte[] d = new byte[12 + 1 + name.length];
            Frames.putBe64(d, 0, offset);
            Frames.putBe32(d, 8, ram.pageSize());
            d[12] = (byte) name.length;
            System.arraycopy(name, 0, d, 13, name.length);
            idSent = true;
            return mis.migrateSendRpMessage(MigRpMessage.REQ_PAGES_ID, d);
        }
        byte[] d = new byte[12];
        Frames.putBe64(d, 0, offset);
        Frames.putBe32(d, 8, ram.pageSize());
        return mis.migrateSendRpMessage(MigRpMessage.REQ_PAGES, d);
    }

    /** After RESUME: re-send every request still unanswered (savevm.c:2260-2275), starting with an _ID. */
    public synchronized void resendPending() {
        idSent = false;
        for (int p = requested.nextSetBit(0); p >= 0; p = requested.nextSetBit(p + 1)) {
            if (!ram.isReceived(p)) {
                request(p);
            }
        }
    }
}
