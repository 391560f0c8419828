package org.migspec.impl.fault;

/**
 * The fault hook the protocol code's points call beside their trace event ({@link TracePoints}):
 * the point's name (the QEMU trace event's) and arguments, as alternating name/value pairs.
 */
public interface FaultHook {
    /** True while a fault waits for a point (the caller skips {@link #at} otherwise). */
    boolean armed();

    /** The point {@code name} was reached with these arguments; may break, park or end this process. */
    void at(String name, Object... kv);

    /** No faults: the points of the trace alone. */
    FaultHook NONE = new FaultHook() {
        @Override
        public boolean armed() {
            return false;
        }

        @Override
        public void at(String name, Object... kv) {
        }
    };
}
