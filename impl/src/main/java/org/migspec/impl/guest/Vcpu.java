package org.migspec.impl.guest;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The guest workload as a vCPU thread named {@code vcpu}: while the VM runs it writes pages of a
 * working set at a given rate (a write increments the page's version and the device-state
 * counter). Touching a page the destination has not received yet blocks until it arrives; the
 * fault handler is told first (it plays userfaultfd). {@link #pause()} returns only once no write
 * is in flight, like pause_all_vcpus().
 */
public final class Vcpu {
    /** Told about a missing page before the vCPU blocks on it (the destination's fault thread). */
    public interface FaultHandler {
        void onMissingPage(int page);
    }

    private final GuestRam ram;
    private final DeviceState dev;
    private final int workingSet;
    private final long ratePerSec;
    private final SplittableRandom rnd;
    private final int[] ownWrites;
    private final Object writeLock = new Object();
    private final Thread thread;
    private volatile boolean run;
    private volatile boolean quit;
    private volatile FaultHandler faultHandler = p -> { };
    private long totalOwnWrites;
    /** How long each access to a missing page blocked (postcopy page-request latency), in ns. */
    private final long[] faultLatencies = new long[1 << 16];
    private int faultCount;

    public Vcpu(GuestRam ram, DeviceState dev, int workingSet, long ratePerSec, long seed) {
        this.ram = ram;
        this.dev = dev;
        this.workingSet = Math.max(1, Math.min(workingSet, ram.pages()));
        this.ratePerSec = ratePerSec;
        this.rnd = new SplittableRandom(seed ^ 0xc0ffeeL);
        this.ownWrites = new int[ram.pages()];
        this.thread = new Thread(this::loop, "vcpu");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void setFaultHandler(FaultHandler h) {
        this.faultHandler = h;
    }

    public boolean running() {
        return run;
    }

    /** resume_all_vcpus(). */
    public void resume() {
        synchronized (writeLock) {
            run = true;
            writeLock.notifyAll();
        }
    }

    /** pause_all_vcpus(): waits for the write in flight, if any. */
    public void pause() {
        run = false;
        synchronized (writeLock) {
            writeLock.notifyAll();
        }
    }

    public void quit() {
        quit = true;
        pause();
    }

    /** Runs {@code r} with no guest write in flight or starting (a consistent snapshot of RAM and counters). */
    public <T> T withWritesBlocked(java.util.function.Supplier<T> r) {
        synchronized (writeLock) {
            return r.get();
        }
    }

    /** Writes this process's vCPU made to each page since {@link #resetOwnWrites()}. */
    public int[] ownWritesSnapshot() {
        synchronized (writeLock) {
            return ownWrites.clone();
        }
    }

    public long totalOwnWrites() {
        synchronized (writeLock) {
            return totalOwnWrites;
        }
    }

    public void resetOwnWrites() {
        synchronized (writeLock) {
            java.util.Arrays.fill(ownWrites, 0);
            totalOwnWrites = 0;
        }
    }

    private synchronized void recordFault(long ns) {
        if (faultCount < faultLatencies.length) {
            faultLatencies[faultCount] = ns;
        }
        faultCount++;
    }

    /** Page-fault wait times so far (at most the first 65536), in ns. */
    public synchronized long[] faultLatencies() {
        return java.util.Arrays.copyOf(faultLatencies, Math.min(faultCount, faultLatencies.length));
    }

    private void loop() {
        long periodNs = ratePerSec > 0 ? 1_000_000_000L / ratePerSec : 0;
        long next = System.nanoTime();
        while (!quit) {
            synchronized (writeLock) {
                while ((!run || ratePerSec == 0) && !quit) {
                    try {
                        writeLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                    next = System.nanoTime();
                }
            }
            if (quit) {
                return;
            }
            int p = rnd.nextInt(workingSet);
            if (!ram.isReceived(p)) {
                long t0 = System.nanoTime();
                faultHandler.onMissingPage(p);
                try {
                    if (!ram.awaitPage(p, () -> run && !quit)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                recordFault(System.nanoTime() - t0);
            }
            synchronized (writeLock) {
                if (!run) {
                    continue;
                }
                ram.write(p);
                dev.bump();
                ownWrites[p]++;
                totalOwnWrites++;
            }
            next += periodNs;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -100_000_000L) {
                next = System.nanoTime();
            }
        }
    }
}
