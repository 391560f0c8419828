package org.migspec.checker.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One recorded process, read as a stream of events (a 1 GB log is never held in memory).
 * Open with {@link #open}: the format is recognised from the content.
 */
public abstract class TraceFile implements AutoCloseable {
    protected final String name;
    protected final BufferedReader reader;
    protected long lineNo;
    protected long skippedLines;
    /** What the reader passed over that is worth saying (a last line cut mid-line). */
    protected final java.util.List<String> notes = new java.util.ArrayList<>();

    protected TraceFile(String name, BufferedReader reader) {
        this.name = name;
        this.reader = reader;
    }

    public String name() {
        return name;
    }

    /** Event names accepted by --strict, or null to accept any name. */
    private java.util.function.Predicate<String> knownEvents;

    /** --strict: an event whose name {@code known} rejects is bad input ("unknown event"). */
    public void requireKnownEvents(java.util.function.Predicate<String> known) {
        this.knownEvents = known;
    }

    /** Throws for an unknown event name under --strict; {@code column} is where the name starts. */
    protected void checkKnown(String event, int column) throws TraceInputException {
        if (knownEvents != null && !knownEvents.test(event)) {
            throw new TraceInputException(name, lineNo, column, "unknown event \"" + event
                    + "\" (--strict: neither a spec event nor a QEMU migration trace event)");
        }
    }

    /** Lines read so far (the current line number). */
    public long linesRead() {
        return lineNo;
    }

    public abstract TraceHeader header();

    /** The events this log can contain (QEMU's -trace events list, or all). */
    public abstract RecordedEvents recorded();

    /** The next event, or null at the end of the file. */
    public abstract TraceEvent next() throws TraceInputException;

    /** Notes on the input that did not make it bad (a last line cut mid-line, ignored). */
    public java.util.List<String> notes() {
        return java.util.List.copyOf(notes);
    }

    /** Lines that were not trace lines and were skipped (only with --lenient). */
    public long skippedLines() {
        return skippedLines;
    }

    /**
     * Whether the order of this log's lines across threads is the order they were written
     * in (one file behind QEMU's log lock), or only approximate (per-thread files merged by
     * timestamp).  Within a thread the order is always exact.
     */
    public boolean exactOrderAcrossThreads() {
        return true;
    }

    /** Assign the side when the content did not tell (QEMU logs give no process role). */
    public abstract void assumeSide(Side side);

    @Override
    public void close() throws IOException {
        if (reader != null) reader.close();
    }

    /**
     * Opens {@code path}, recognising MigSpec NDJSON or one of QEMU's log formats from its
     * first non-blank line; a path whose file name holds {@code %d} is QEMU's per-thread
     * pattern ({@code -d tid}), read as one log ({@link PerThreadLogFile}).
     *
     * @param recordedOverride the -trace events list to use for QEMU logs, or null to look
     *                         for trace-events.used.txt / trace-events.txt beside the log
     */
    public static TraceFile open(Path path, boolean lenient, Path recordedOverride) throws TraceInputException {
        if (ThreadLogPattern.isPattern(path)) return PerThreadLogFile.openPattern(path, lenient, recordedOverride);
        String name = path.toString();
        String first;
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            first = null;
            String l;
            while ((l = r.readLine()) != null) {
                if (!l.isBlank()) {
                    first = l;
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            throw new TraceInputException(name, 0, 0, "no such file");
        } catch (IOException e) {
            throw new TraceInputException(name, 0, 0, "cannot read: " + e.getMessage());
        }
        if (first == null) throw new TraceInputException(name, 0, 0, "empty file: no trace events");
        try {
            InputStream in = Files.newInputStream(path);
            BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            if (first.stripLeading().startsWith("{")) {
                return new NdjsonTraceFile(name, path, reader);
            }
            return QemuLogFile.open(name, path, reader, first, lenient, recordedOverride);
        } catch (IOException e) {
            throw new TraceInputException(name, 0, 0, "cannot read: " + e.getMessage());
        }
    }
}
