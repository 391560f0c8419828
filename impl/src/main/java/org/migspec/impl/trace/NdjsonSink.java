package org.migspec.impl.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one JSON object per line, each line flushed as it is written (QEMU's log file is line
 * buffered too: qemu_set_log_internal). Every emitting thread goes through {@link #write}, which
 * is synchronized, so the file order is the emission order.
 */
public final class NdjsonSink implements TraceSink {
    private final BufferedWriter out;
    private final long pid;
    private final long mainTid;
    /** Flush every line as it is written (always, but in the bench's comparison). */
    private final boolean lineFlush;
    private final StringBuilder sb = new StringBuilder(256);
    /**
     * Wall-clock nanoseconds at nanoTime()==0: timestamps are monotonic and on the QMP clock. Taken
     * from the microsecond wall clock (not currentTimeMillis, whose millisecond steps would skew the
     * two processes' timestamps by up to a millisecond against each other and put effects before
     * their causes across processes).
     */
    private final long wallBase = wallBase();

    public static long wallBase() {
        long best = Long.MAX_VALUE;
        long base = 0;
        for (int i = 0; i < 5; i++) {
            long t1 = System.nanoTime();
            java.time.Instant now = java.time.Instant.now();
            long t2 = System.nanoTime();
            if (t2 - t1 < best) {
                best = t2 - t1;
                base = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (t1 + (t2 - t1) / 2);
            }
        }
        return base;
    }

    public NdjsonSink(Path file, TraceHeader header, long mainTid) {
        this(file, header, mainTid, true);
    }

    /**
     * {@code lineFlush} false only for ImplBench's measure of what the per-line flush costs: such
     * a trace loses its buffered lines to a SIGKILL.
     */
    public NdjsonSink(Path file, TraceHeader header, long mainTid, boolean lineFlush) {
        this.lineFlush = lineFlush;
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.out.write(header.toJson());
            this.out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open trace file " + file + ": " + e.getMessage(), e);
        }
        this.pid = header.pid();
        this.mainTid = mainTid;
        Runtime.getRuntime().addShutdownHook(new Thread(this::flush, "trace-flush-exit"));
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void write(TraceEvent e) {
        long ts = wallBase + System.nanoTime();
        Thread t = Thread.currentThread();
        String name = t.getName();
        // The incoming coroutine and bottom halves run "in the main thread" in QEMU: one tid.
        long tid = "main".equals(name) ? mainTid : t.getId();
        synchronized (this) {
            sb.setLength(0);
            sb.append("{\"ts\":").append(ts).append(",\"pid\":").append(pid).append(",\"tid\":").append(tid)
                    .append(",\"thread\":");
            Json.string(sb, name);
            sb.append(",\"event\":");
            Json.string(sb, e.name());
            sb.append(",\"args\":");
            Json.args(sb, e.args());
            sb.append("}\n");
            try {
                // A process killed with SIGKILL cannot flush: every line it logged must already
                // be in the file, or the checker would see a log that stops before the kill.
                out.append(sb);
                if (lineFlush) {
                    out.flush();
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException ignored) {
            // the process is exiting; nothing else to do with a trace we cannot write
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // as above
        }
    }
}
