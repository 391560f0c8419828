package org.migspec.checker.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * One QEMU process logged one file per thread ({@code -d tid -D DIR/src.trace.%d.log}), read
 * as one log whose lines carry their thread id, and the thread's name where the harness's
 * {@code <side>.threads.json} knows it, as QEMU 7.2's single-file {@code TID@} lines do.
 *
 * <p>Order: each file is its thread's lines in the order it wrote them, and stays so.  Across
 * threads the files are merged by timestamp (then by thread id), which is only approximate:
 * QEMU reads the clock before it takes the log's lock, and each thread writes its own file.
 * So {@link #exactOrderAcrossThreads()} is false and the search does not rely on it.  The
 * merge keeps one line per file in memory, so a long log is still read as a stream.
 */
final class PerThreadLogFile extends TraceFile {
    private final List<Thread> threads;
    private final ThreadNames names;
    private final RecordedEvents recorded;
    private final Map<String, Boolean> capabilities;
    private Side side;
    private final PriorityQueue<Head> heads = new PriorityQueue<>(
            Comparator.comparingLong((Head h) -> h.event.tsNanos()).thenComparingInt(h -> h.thread.tid));
    private boolean started;

    /** One thread's file. */
    private record Thread(int tid, QemuLogFile file) {
    }

    /** The next unread line of a thread's file. */
    private record Head(Thread thread, TraceEvent event) {
    }

    private PerThreadLogFile(String name, List<Thread> threads, ThreadNames names, Side side,
                             Map<String, Boolean> caps) {
        super(name, null);
        this.threads = threads;
        this.names = names;
        this.recorded = threads.get(0).file.recorded();
        this.side = side;
        this.capabilities = caps;
    }

    static TraceFile openPattern(Path pattern, boolean lenient, Path recordedOverride) throws TraceInputException {
        Map<Integer, Path> files = ThreadLogPattern.files(pattern);
        Path namesFile = ThreadLogPattern.threadsJson(pattern);
        ThreadNames names = Files.isRegularFile(namesFile) ? ThreadNames.read(namesFile) : ThreadNames.NONE;
        List<Thread> threads = new ArrayList<>();
        try {
            TraceFormat format = null;
            int[] counts = new int[2];
            Map<String, Boolean> caps = new LinkedHashMap<>();
            for (Map.Entry<Integer, Path> f : files.entrySet()) {
                if (blank(f.getValue())) continue;   // a thread killed before its first line was flushed
                TraceFile t = TraceFile.open(f.getValue(), lenient, recordedOverride);
                if (!(t instanceof QemuLogFile q)) {
                    t.close();
                    throw new TraceInputException(f.getValue().toString(), 1, 1,
                            "not a QEMU log line (a per-thread pattern names QEMU's -d tid logs)");
                }
                threads.add(new Thread(f.getKey(), q));
                if (q.format() == TraceFormat.QEMU_PLAIN) {
                    throw new TraceInputException(f.getValue().toString(), 1, 1, "per-thread logs without timestamps: "
                            + "the threads' lines cannot be put in one order (record with -msg timestamp=on)");
                }
                if (format != null && q.format() != format) {
                    throw new TraceInputException(f.getValue().toString(), 1, 1, "line format: " + q.format().label()
                            + ", but " + threads.get(0).file.name() + " is a " + format.label());
                }
                format = q.format();
                // the role and the capabilities from all the threads: QMP commands are the main
                // thread's lines, savevm_* the migration thread's
                int[] c = q.roleCounts();
                caps.putAll(q.header().capabilities());
                counts[0] += c[0];
                counts[1] += c[1];
            }
            if (threads.isEmpty()) throw new TraceInputException(pattern.toString(), 0, 0, "empty files: no trace events");
            PerThreadLogFile out = new PerThreadLogFile(pattern.toString(), threads, names, QemuLogFile.sideOf(counts), caps);
            threads = null;
            return out;
        } catch (IOException e) {
            throw new TraceInputException(pattern.toString(), 0, 0, "cannot read: " + e.getMessage());
        } finally {
            if (threads != null) for (Thread t : threads) closeQuietly(t.file);
        }
    }

    private static boolean blank(Path p) throws TraceInputException {
        try (var lines = Files.lines(p)) {
            return lines.allMatch(String::isBlank);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new TraceInputException(p.toString(), 0, 0, "cannot read: " + e.getMessage());
        }
    }

    @Override
    public TraceEvent next() throws TraceInputException {
        if (!started) {
            started = true;
            for (Thread t : threads) advance(t);
        }
        Head h = heads.poll();
        if (h == null) return null;
        advance(h.thread);
        return h.event;
    }

    /** Reads a thread's next line into the merge, tagged with the thread's id and name. */
    private void advance(Thread t) throws TraceInputException {
        TraceEvent e = t.file.next();
        if (e == null) return;
        String tid = Integer.toString(t.tid);
        if (e.thread() != null && !e.thread().equals(tid)) {
            throw new TraceInputException(e.file(), e.line(), 1, "thread id: " + e.thread()
                    + " in the line, but the file name says " + tid);
        }
        heads.add(new Head(t, new TraceEvent(e.file(), e.line(), side, e.tsNanos(), tid, names.nameOf(t.tid),
                e.name(), e.args())));
    }

    @Override
    public boolean exactOrderAcrossThreads() {
        return false;
    }

    @Override
    public TraceHeader header() {
        return new TraceHeader(TraceFormat.QEMU_PER_THREAD, null, side, capabilities, null);
    }

    @Override
    public RecordedEvents recorded() {
        return recorded;
    }

    @Override
    public void assumeSide(Side s) {
        if (side == null) side = s;
    }

    @Override
    public void requireKnownEvents(Predicate<String> known) {
        for (Thread t : threads) t.file.requireKnownEvents(known);
    }

    @Override
    public long linesRead() {
        long n = 0;
        for (Thread t : threads) n += t.file.linesRead();
        return n;
    }

    @Override
    public long skippedLines() {
        long n = 0;
        for (Thread t : threads) n += t.file.skippedLines();
        return n;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Thread t : threads) {
            try {
                t.file.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    private static void closeQuietly(TraceFile f) {
        try {
            f.close();
        } catch (IOException ignored) {
            // closing after a failure: the failure is what the user sees
        }
    }
}
