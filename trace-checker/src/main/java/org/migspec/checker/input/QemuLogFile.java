package org.migspec.checker.input;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QEMU trace log from the `log` backend (`-trace events=FILE -D LOG`), in any of the
 * three line formats (qemu-traces/README.md).  The process role and the capabilities are
 * read from the first lines (QMP entry events); the protocol variant is not in the log.
 */
final class QemuLogFile extends TraceFile {
    static final Pattern TID = Pattern.compile("^(\\d+)@(\\d+)\\.(\\d+):([A-Za-z0-9_]+)(?: (.*))?$");
    static final Pattern ISO = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z) ([A-Za-z0-9_]+)(?: (.*))?$");
    static final Pattern PLAIN = Pattern.compile("^([a-z][a-z0-9_]*)(?: (.*))?$");
    private static final int PRESCAN_LINES = 5000;

    private final TraceFormat format;
    private final boolean lenient;
    private final RecordedEvents recorded;
    private Side side;
    private final Map<String, Boolean> capabilities;
    private final int[] roleCounts;

    private QemuLogFile(String name, BufferedReader reader, TraceFormat format, boolean lenient,
                        RecordedEvents recorded, int[] roleCounts, Map<String, Boolean> caps) {
        super(name, reader);
        this.format = format;
        this.lenient = lenient;
        this.recorded = recorded;
        this.roleCounts = roleCounts;
        this.side = sideOf(roleCounts);
        this.capabilities = caps;
    }

    static TraceFile open(String name, Path path, BufferedReader reader, String first, boolean lenient,
                          Path recordedOverride) throws TraceInputException, IOException {
        TraceFormat format;
        if (TID.matcher(first).matches()) format = TraceFormat.QEMU_TID;
        else if (ISO.matcher(first).matches()) format = TraceFormat.QEMU_ISO;
        else if (PLAIN.matcher(first).matches()) format = TraceFormat.QEMU_PLAIN;
        else throw new TraceInputException(name, 1, 1,
                    "not a trace line: neither MigSpec NDJSON nor a QEMU log line (TID@SEC.USEC:event, "
                            + "ISO-8601 time + event, or event args)");
        RecordedEvents recorded = recordedEvents(path, recordedOverride);
        Map<String, Boolean> caps = new LinkedHashMap<>();
        return new QemuLogFile(name, reader, format, lenient, recorded, prescan(path, format, caps), caps);
    }

    /** -trace events list beside the log or one directory up (the qemu-traces layout), else all. */
    private static RecordedEvents recordedEvents(Path log, Path override) throws IOException {
        if (override != null) return RecordedEvents.fromFile(override);
        Path dir = log.toAbsolutePath().getParent();
        for (Path d : new Path[] {dir, dir == null ? null : dir.getParent()}) {
            if (d == null) continue;
            for (String n : new String[] {"trace-events.used.txt", "trace-events.txt"}) {
                Path p = d.resolve(n);
                if (Files.isRegularFile(p)) return RecordedEvents.fromFile(p);
            }
        }
        return RecordedEvents.all();
    }

    /** The process role the event counts of {@link #prescan} point to, or null if they do not tell. */
    static Side sideOf(int[] counts) {
        if (counts[0] > counts[1]) return Side.SRC;
        if (counts[1] > counts[0]) return Side.DST;
        return null;
    }

    /**
     * Reads the first lines for the capabilities set over QMP and counts the events only a
     * source ([0]) or only a destination ([1]) logs.
     */
    private static int[] prescan(Path path, TraceFormat format, Map<String, Boolean> caps) throws IOException {
        int src = 0, dst = 0;
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String l;
            int n = 0;
            while ((l = r.readLine()) != null && n++ < PRESCAN_LINES) {
                String[] ev = split(format, l);
                if (ev == null) continue;
                String e = ev[0];
                if (e.equals("qmp_enter_migrate_incoming") || e.startsWith("loadvm_")
                        || e.startsWith("process_incoming_migration") || e.equals("migration_socket_incoming_accepted")) {
                    dst++;
                } else if (e.equals("qmp_enter_migrate") || e.startsWith("savevm_send")
                        || e.startsWith("source_return_path_thread") || e.equals("migration_socket_outgoing_connected")) {
                    src++;
                } else if (e.equals("qmp_enter_migrate_set_capabilities") && ev[1] != null) {
                    readCapabilities(ev[1], caps);
                }
            }
        }
        return new int[] {src, dst};
    }

    private static void readCapabilities(String text, Map<String, Boolean> caps) {
        int b = text.indexOf('{');
        if (b < 0) return;
        try {
            JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text.substring(b));
            for (JsonNode c : n.path("capabilities")) {
                caps.put(c.path("capability").asText(), c.path("state").asBoolean());
            }
        } catch (IOException ignored) {
            // a malformed QMP line is reported when the stream reaches it
        }
    }

    /** [event, args] of a line in this format, or null. */
    private static String[] split(TraceFormat format, String l) {
        Matcher m;
        switch (format) {
            case QEMU_TID -> {
                m = TID.matcher(l);
                return m.matches() ? new String[] {m.group(4), m.group(5)} : null;
            }
            case QEMU_ISO -> {
                m = ISO.matcher(l);
                return m.matches() ? new String[] {m.group(2), m.group(3)} : null;
            }
            default -> {
                m = PLAIN.matcher(l);
                return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
            }
        }
    }

    TraceFormat format() {
        return format;
    }

    /** How many of the first lines only a source ([0]) or only a destination ([1]) logs. */
    int[] roleCounts() {
        return roleCounts.clone();
    }

    @Override
    public TraceHeader header() {
        return new TraceHeader(format, null, side, capabilities, null);
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
    public TraceEvent next() throws TraceInputException {
        while (true) {
            String l;
            try {
                l = reader.readLine();
            } catch (IOException e) {
                throw new TraceInputException(name, lineNo + 1, 0, "cannot read: " + e.getMessage());
            }
            if (l == null) return null;
            lineNo++;
            if (l.isBlank()) continue;
            Long ts = null;
            String thread = null;
            String event;
            String args;
            int argCol;
            Matcher m;
            switch (format) {
                case QEMU_TID -> {
                    m = TID.matcher(l);
                    if (!m.matches()) {
                        if (skip(l)) continue;
                        return null;
                    }
                    thread = m.group(1);
                    long usec = Long.parseLong(pad6(m.group(3)));
                    ts = Long.parseLong(m.group(2)) * 1_000_000_000L + usec * 1000L;
                    event = m.group(4);
                    args = m.group(5);
                    argCol = m.start(4) + event.length() + 2;
                }
                case QEMU_ISO -> {
                    m = ISO.matcher(l);
                    if (!m.matches()) {
                        if (skip(l)) continue;
                        return null;
                    }
                    try {
                        Instant t = Instant.parse(m.group(1));
                        ts = t.getEpochSecond() * 1_000_000_000L + t.getNano();
                    } catch (DateTimeParseException e) {
                        throw new TraceInputException(name, lineNo, 1, "timestamp: not an ISO-8601 time: " + m.group(1));
                    }
                    event = m.group(2);
                    args = m.group(3);
                    argCol = m.start(2) + event.length() + 2;
                }
                default -> {
                    m = PLAIN.matcher(l);
                    if (!m.matches()) {
                        if (skip(l)) continue;
                        return null;
                    }
                    event = m.group(1);
                    args = m.group(2);
                    argCol = event.length() + 2;
                }
            }
            checkKnown(event, argCol - event.length() - 1);
            Map<String, Object> parsed = QemuEventArgs.parse(event, args, name, lineNo, argCol);
            return new TraceEvent(name, lineNo, side, ts, thread, event, parsed);
        }
    }

    private static String pad6(String usec) {
        if (usec.length() >= 6) return usec.substring(0, 6);
        return (usec + "000000").substring(0, 6);
    }

    /** A line that is not a trace line: an error, or skipped with --lenient. */
    private boolean skip(String l) throws TraceInputException {
        if (lenient) {
            skippedLines++;
            return true;
        }
        throw new TraceInputException(name, lineNo, 1, "not a trace line in a " + format.label()
                + " (use --lenient to skip such lines): \"" + abbreviate(l) + "\"");
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
