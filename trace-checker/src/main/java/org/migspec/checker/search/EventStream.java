package org.migspec.checker.search;

import org.migspec.checker.input.RecordedEvents;
import org.migspec.checker.input.Side;
import org.migspec.checker.input.TraceEvent;
import org.migspec.checker.input.TraceFile;
import org.migspec.checker.input.TraceInputException;
import org.migspec.checker.spec.ThreadLanes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events of one process that the spec maps, read lazily from its file and kept only
 * while the search may still backtrack over them.  Events the spec does not map are
 * skipped and counted per name.
 */
final class EventStream {
    final TraceFile file;
    final Side side;
    final RecordedEvents recorded;
    private final Set<String> vocabulary;
    private final List<TraceEvent> buffer = new ArrayList<>();
    private final List<String> lanes = new ArrayList<>();   // ThreadLanes of each buffered event
    /** Thread ids (QEMU logs) bound to a lane by an anchor event; null once two lanes claim one. */
    private final Map<String, String> idLanes = new java.util.HashMap<>();
    private int base;           // index of buffer.get(0)
    private boolean eof;
    private int mapped;
    long totalEvents;
    final Map<String, Long> skipped = new LinkedHashMap<>();

    EventStream(TraceFile file, Side side, Set<String> vocabulary) {
        this.file = file;
        this.side = side;
        this.recorded = file.recorded();
        this.vocabulary = vocabulary;
    }

    /** The idx-th mapped event, or null past the end. */
    TraceEvent get(int idx) throws TraceInputException {
        if (idx < base) throw new IllegalStateException("event " + idx + " was already discarded");
        while (!eof && idx - base >= buffer.size()) {
            TraceEvent e = file.next();
            if (e == null) {
                eof = true;
                break;
            }
            totalEvents++;
            learnThreadId(e);
            if (vocabulary.contains(e.name())) {
                buffer.add(e);
                lanes.add(laneOf(e));
                mapped++;
            } else {
                skipped.merge(e.name(), 1L, Long::sum);
            }
        }
        int i = idx - base;
        return i < buffer.size() ? buffer.get(i) : null;
    }

    /** A line's lane: from its thread's name, else from what its thread id is known to be. */
    private String laneOf(TraceEvent e) {
        String named = namedLane(e);
        if (named != null || e.thread() == null || e.name().equals("x_inject_fault")) return named;
        return idLanes.get(e.thread());
    }

    /**
     * The lane a line's thread name says (QEMU's per-thread logs name their ids from
     * threads.json; NDJSON logs name their threads), or null: that binding is exact, so it
     * comes before anything learnt from the events.
     */
    private String namedLane(TraceEvent e) {
        String byName = e.threadName() == null ? null : ThreadLanes.laneOf(side, e.threadName(), e.name());
        return byName != null ? byName : ThreadLanes.laneOf(side, e.thread(), e.name());
    }

    /**
     * The first event a thread id logs that only one QEMU thread logs binds the id to that
     * thread's lane; the buffered lines of that id learn it too.  An id two lanes claim is
     * left unbound (a wrong binding would reject a good run).
     */
    private void learnThreadId(TraceEvent e) {
        if (e.thread() == null || namedLane(e) != null) return;
        String anchor = ThreadLanes.anchorLane(side, e.name());
        if (anchor == null) return;
        if (!idLanes.containsKey(e.thread())) {
            idLanes.put(e.thread(), anchor);
            for (int i = 0; i < buffer.size(); i++) {
                TraceEvent b = buffer.get(i);
                if (e.thread().equals(b.thread()) && !b.name().equals("x_inject_fault")) lanes.set(i, anchor);
            }
        } else if (idLanes.get(e.thread()) != null && !anchor.equals(idLanes.get(e.thread()))) {
            idLanes.put(e.thread(), null);
            for (int i = 0; i < buffer.size(); i++) {
                if (e.thread().equals(buffer.get(i).thread())) lanes.set(i, null);
            }
        }
    }

    /** Whether the idx-th mapped event has not been discarded (it may not be read yet). */
    boolean kept(int idx) {
        return idx >= base;
    }

    /** The idx-th mapped event if it is still buffered (read and not discarded), else null. */
    TraceEvent peek(int idx) {
        int i = idx - base;
        return i >= 0 && i < buffer.size() ? buffer.get(i) : null;
    }

    /** The spec lane the idx-th mapped event's thread is, or null if its thread is unknown. */
    String lane(int idx) throws TraceInputException {
        return get(idx) == null ? null : lanes.get(idx - base);
    }

    /** Forget events the search can no longer backtrack to. */
    void discardBefore(int idx) {
        int n = Math.min(idx - base, buffer.size());
        if (n <= 0) return;
        buffer.subList(0, n).clear();
        lanes.subList(0, n).clear();
        base += n;
    }

    /** Reads to the end (for the report's counts after a decision). */
    void drain() throws TraceInputException {
        while (!eof) {
            int before = base + buffer.size();
            get(before);
            if (buffer.size() > 4096) discardBefore(base + buffer.size() - 1);
        }
    }

    int mappedSoFar() {
        return mapped;
    }

    long skippedCount() {
        long n = 0;
        for (long v : skipped.values()) n += v;
        return n;
    }
}
