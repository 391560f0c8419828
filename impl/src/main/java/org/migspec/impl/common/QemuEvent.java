package org.migspec.impl.common;

/** QemuEvent: a manual-reset event (set / reset / wait), no timeout, as in QEMU. */
public final class QemuEvent {
    private boolean set;

    public synchronized void set() {
        set = true;
        notifyAll();
    }

    public synchronized void reset() {
        set = false;
    }

    public synchronized boolean isSet() {
        return set;
    }

    /** qemu_event_wait: blocks until set; there is deliberately no timeout and no error wake-up (C5). */
    public synchronized void await() throws InterruptedException {
        while (!set) {
            wait();
        }
    }
}
