package org.migspec.checker.input;

/** The trace formats the checker reads, told apart by content, never by file name. */
public enum TraceFormat {
    /** MigSpec's reference implementation: a header line, then one JSON object per event. */
    NDJSON("migspec NDJSON"),
    /** QEMU `log` backend with -msg timestamp=on up to 8.x: TID@SEC.USEC:event args. */
    QEMU_TID("QEMU log (TID@SEC.USEC)"),
    /** QEMU `log` backend with -msg timestamp=on since 9.x: ISO-8601 UTC time, no thread id. */
    QEMU_ISO("QEMU log (ISO-8601 time)"),
    /** QEMU `log` backend without timestamps: event args. */
    QEMU_PLAIN("QEMU log (no timestamps)"),
    /** QEMU `-d tid -D DIR/side.trace.%d.log`: one file per thread, either line format. */
    QEMU_PER_THREAD("QEMU per-thread logs (-d tid)");

    private final String label;

    TraceFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
