package org.migspec.impl.trace;

/** Observes every emitted event after it was written (the fault injector is one). */
public interface TraceListener {
    void onEvent(TraceEvent e);

    /** True while the listener wants events even with tracing off (a fault is armed). */
    boolean wantsEvents();
}
