package org.migspec.impl.trace;

/**
 * One trace event as the protocol code produced it: the QEMU trace-event name and its arguments as
 * alternating name/value pairs (values are String, Long, Integer, Boolean or {@link RawJson}).
 */
public record TraceEvent(String name, Object[] args) {

    /** The value of argument {@code key}, or null if the event has no such argument. */
    public Object arg(String key) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals(key)) {
                return args[i + 1];
            }
        }
        return null;
    }
}
