package org.migspec.impl.fault;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.trace.TraceEvent;

/**
 * Holds the armed faults of one process and fires them at the protocol code's fault points (the
 * {@link FaultHook} the points, {@link TracePoints}, call beside each trace event; a point has the name of
 * its trace event). channel-break traces {@code x_inject_fault}, then closes this side's migration
 * socket(s); a stall parks the thread at its point. A crash is a real kill -9: armed at a point,
 * the thread parks there and prints {@link #CRASH_POINT} on stdout, and the runner that armed it
 * kills the process by PID with SIGKILL (the victim traces nothing: the trace holds what the OS
 * had when the signal came; the runner's records say who was killed). Armed without {@code at}
 * (by hand, over QMP) the process traces {@code x_inject_fault} and sends itself SIGKILL; a crash
 * point that nobody kills within {@link #CRASH_POINT_WAIT_MS} does the same. device-load-failure
 * and block-activation-failure are consumed by the code that loads the device state or activates
 * the image.
 */
public final class FaultInjector implements FaultHook {
    /** The line a thread at a crash point prints on stdout, followed by "FAULT at EVENT (pid N)". */
    public static final String CRASH_POINT = "x-inject-fault: crash point: ";
    /** How long a thread waits at a crash point for the runner's SIGKILL before it sends it itself. */
    static final long CRASH_POINT_WAIT_MS = 10_000;

    /** Closes this side's migration channels (the socket, both directions). */
    public interface ChannelBreaker {
        void breakChannels();
    }

    private final List<ArmedFault> atFaults = new ArrayList<>();
    private final List<ArmedFault> consumable = new ArrayList<>();
    /** Parked threads: the latch each waits on, and its thread name. */
    private record Stall(CountDownLatch latch, String thread) {
    }

    private final List<Stall> stalls = new ArrayList<>();
    private volatile boolean wants;
    private MigTrace trace;
    private ChannelBreaker breaker = () -> { };

    /** {@code trace}: the trace alone (points without this hook), for {@code x_inject_fault}. */
    public void bind(MigTrace trace, ChannelBreaker breaker) {
        this.trace = trace;
        this.breaker = breaker;
    }

    /** The {@code at} of a fault fired by x-inject-fault itself (armed without {@code at}). */
    public static final String NOW = "x-inject-fault";

    public void arm(ArmedFault f) {
        if (f.at() == null && (f.kind() == FaultKind.CHANNEL_BREAK || f.kind() == FaultKind.DST_CRASH
                || f.kind() == FaultKind.SRC_CRASH)) {
            fire(f);
            return;
        }
        armAt(f);
    }

    private synchronized void armAt(ArmedFault f) {
        switch (f.kind()) {
            case DEVICE_LOAD_FAILURE:
            case BLOCK_ACTIVATION_FAILURE:
                consumable.add(f);
                // device-load-failure may wait for its 'at' event: we must see events for that
                if (f.at() != null) {
                    atFaults.add(f);
                }
                break;
            default:
                atFaults.add(f);
        }
        wants = !atFaults.isEmpty();
    }

    @Override
    public boolean armed() {
        return wants;
    }

    @Override
    public void at(String name, Object... kv) {
        if ("x_inject_fault".equals(name)) {
            return;
        }
        TraceEvent e = new TraceEvent(name, kv);
        ArmedFault fire = null;
        synchronized (this) {
            for (Iterator<ArmedFault> it = atFaults.iterator(); it.hasNext(); ) {
                ArmedFault f = it.next();
                if (f.hit(e)) {
                    it.remove();
                    fire = f;
                    break;
                }
            }
            wants = !atFaults.isEmpty();
            if (fire != null && fire.kind() == FaultKind.DEVICE_LOAD_FAILURE) {
                atSeen.add(fire);
                notifyAll();
                return;
            }
        }
        if (fire != null) {
            fire(fire);
        }
    }

    private final List<ArmedFault> atSeen = new ArrayList<>();

    private void fire(ArmedFault f) {
        String at = f.at() == null ? NOW : f.at();
        switch (f.kind()) {
            case CHANNEL_BREAK:
                trace.xInjectFault(f.kind().wireName(), at);
                breaker.breakChannels();
                break;
            case DST_CRASH:
            case SRC_CRASH:
                if (f.at() == null) {
                    trace.xInjectFault(f.kind().wireName(), at);
                    killSelf();
                }
                crashPoint(f);
                break;
            case STALL:
                CountDownLatch latch = new CountDownLatch(1);
                synchronized (this) {
                    stalls.add(new Stall(latch, Thread.currentThread().getName()));
                    notifyAll();
                }
                try {
                    latch.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                break;
            default:
                break;
        }
    }

    /**
     * A crash armed at a point: say so on stdout (the runner reads it and sends SIGKILL by PID)
     * and park here, untraced; nothing of this process runs on past this thread's point but what
     * its other threads do until the signal lands.
     */
    private void crashPoint(ArmedFault f) {
        System.out.println(CRASH_POINT + f.kind().wireName() + " at " + f.at() + " (pid "
                + ProcessHandle.current().pid() + ", thread " + Thread.currentThread().getName() + ")");
        System.out.flush();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CRASH_POINT_WAIT_MS);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException ex) {
                // a crash point is not left: the process ends here
            }
        }
        System.out.println("x-inject-fault: nobody killed this process at its crash point within "
                + CRASH_POINT_WAIT_MS + " ms: SIGKILL to itself");
        killSelf();
    }

    /** kill -9 of this process by its PID (halt(137) only if the signal cannot be sent). */
    private static void killSelf() {
        System.out.flush();
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(10_000);
        } catch (java.io.IOException | InterruptedException ex) {
            // no kill(1): end as the signal would
        }
        Runtime.getRuntime().halt(137);
    }

    /** x-release-stall: lets every parked thread go on; returns how many were parked. */
    public synchronized int releaseStalls() {
        return releaseStalls(null);
    }

    /** Lets the threads parked with that name go on (all if null); returns how many. */
    public synchronized int releaseStalls(String thread) {
        int n = 0;
        for (Iterator<Stall> it = stalls.iterator(); it.hasNext(); ) {
            Stall st = it.next();
            if (thread == null || thread.equals(st.thread())) {
                st.latch().countDown();
                it.remove();
                n++;
            }
        }
        return n;
    }

    public synchronized int parkedStalls() {
        return stalls.size();
    }

    /** How many threads with that name are parked (all if null). */
    public synchronized int parkedStalls(String thread) {
        int n = 0;
        for (Stall st : stalls) {
            if (thread == null || thread.equals(st.thread())) {
                n++;
            }
        }
        return n;
    }

    /**
     * The device-state section is being loaded: if device-load-failure is armed, consume it (after
     * its 'at' event, if it names one, has been emitted) and emit x_inject_fault. Returns whether the
     * load must fail.
     */
    public boolean takeDeviceLoadFailure() {
        ArmedFault f;
        synchronized (this) {
            f = first(FaultKind.DEVICE_LOAD_FAILURE);
            if (f == null) {
                return false;
            }
            consumable.remove(f);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (f.at() != null && !atSeen.contains(f)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    System.err.println("x-inject-fault: device-load-failure: '" + f.at()
                            + "' was not emitted within 30 s; failing the load now");
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        trace.xInjectFault(f.kind().wireName(), f.at() == null ? "qemu_loadvm_state_section_startfull" : f.at());
        return true;
    }

    /** Block activation failed on the image lock: emit x_inject_fault if the fault was armed. */
    public void noteBlockActivationFailure() {
        ArmedFault f;
        synchronized (this) {
            f = first(FaultKind.BLOCK_ACTIVATION_FAILURE);
            if (f == null) {
                return;
            }
            consumable.remove(f);
        }
        trace.xInjectFault(f.kind().wireName(), "migration_block_activation");
    }

    private ArmedFault first(FaultKind k) {
        for (ArmedFault f : consumable) {
            if (f.kind() == k) {
                return f;
            }
        }
        return null;
    }
}
