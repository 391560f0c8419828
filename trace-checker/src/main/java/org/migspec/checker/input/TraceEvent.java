package org.migspec.checker.input;

import java.util.Map;

/**
 * One trace line, whatever its format: QEMU's `log` backend (7.2 or 10.2 style) or
 * MigSpec's NDJSON.  Arguments carry QEMU's trace-events names ("new_state", "val",
 * "str", ...); integers are Long (or BigInteger above Long.MAX_VALUE), never double.
 *
 * @param file     the file the line came from, as given by the user
 * @param line     1-based line number in that file
 * @param side     source or destination process
 * @param tsNanos  wall-clock timestamp in nanoseconds, or null if the format has none
 * @param thread   thread id or name if the format has one, else null
 * @param threadName the thread's name when the log gives an id and the name is known besides
 *                 (QEMU's per-thread logs with the harness's threads.json), else null
 */
public record TraceEvent(String file, long line, Side side, Long tsNanos, String thread, String threadName,
                         String name, Map<String, Object> args) {

    public TraceEvent(String file, long line, Side side, Long tsNanos, String thread, String name,
                      Map<String, Object> args) {
        this(file, line, side, tsNanos, thread, null, name, args);
    }

    public String where() {
        return file + ":" + line;
    }

    /** "migrate_set_state(new_state=postcopy-device)" for reports. */
    public String describe() {
        return ArgValues.describe(name, args);
    }
}
