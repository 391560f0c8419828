package org.migspec.checker.search;

import org.migspec.checker.spec.SpecEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Events the spec already emitted but the logs have not shown yet, one FIFO per spec
 * thread.  A spec step is atomic, a real thread is not: another thread of the same
 * process may log in the middle of it, so a step's events are matched lazily, in order
 * per thread, interleaved with other threads' events.
 *
 * <p>The one order across threads a log without thread ids still shows is thread
 * creation: what a thread logged before it created another comes first in the file.  A
 * created thread is blocked until the events its creator had pending at its creation are
 * matched (a barrier).
 *
 * <p>A second order across threads comes from QMP: QEMU traces {@code qmp_enter_<cmd>}
 * before the handler runs, so nothing the command causes can be logged before that line.
 * A step whose events hold such a marker opens a gate: until the marker is matched, the
 * process's other threads may match only the events they had pending before it (rule R15).
 * Immutable.
 */
final class Pending {
    static final Pending EMPTY = new Pending(new String[0], new SpecEvent[0][], new String[0], new String[0], new int[0],
            new Gate[0]);

    private final String[] threads;      // sorted
    private final SpecEvent[][] queues;  // non-empty
    // barriers: blocked[i] waits until waitsFor[i] has had count[i] more events matched
    private final String[] blocked;
    private final String[] waitsFor;
    private final int[] count;
    private final Gate[] gates;          // open QMP gates, oldest first
    private final int hash;

    /**
     * An open gate: {@code markerLeft} more events of {@code marker}'s thread must be matched
     * (the marker the last of them); until then a thread of the same process (the side
     * prefix) other than the marker's may match only its first {@code free} events.
     */
    private record Gate(String side, String marker, int markerLeft, String[] freeThreads, int[] free) {
        int freeOf(String thread) {
            int i = Arrays.binarySearch(freeThreads, thread);
            return i < 0 ? 0 : free[i];
        }

        /** Whether the gate holds back the head of {@code thread}. */
        boolean holds(String thread) {
            return thread.startsWith(side) && !thread.equals(marker) && freeOf(thread) == 0;
        }

        /** The gate after one event of {@code thread} was matched; null once it is open no more. */
        Gate matched(String thread) {
            if (!thread.startsWith(side)) return this;
            if (thread.equals(marker)) {
                return markerLeft == 1 ? null : new Gate(side, marker, markerLeft - 1, freeThreads, free);
            }
            int i = Arrays.binarySearch(freeThreads, thread);
            if (i < 0 || free[i] == 0) return this;
            int[] f = free.clone();
            f[i]--;
            return new Gate(side, marker, markerLeft, freeThreads, f);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Gate g && g.side.equals(side) && g.marker.equals(marker) && g.markerLeft == markerLeft
                    && Arrays.equals(g.freeThreads, freeThreads) && Arrays.equals(g.free, free);
        }

        @Override
        public int hashCode() {
            return Objects.hash(side, marker, markerLeft, Arrays.hashCode(freeThreads), Arrays.hashCode(free));
        }
    }

    private Pending(String[] threads, SpecEvent[][] queues, String[] blocked, String[] waitsFor, int[] count,
                    Gate[] gates) {
        this.threads = threads;
        this.queues = queues;
        this.blocked = blocked;
        this.waitsFor = waitsFor;
        this.count = count;
        this.gates = gates;
        int h = Arrays.hashCode(threads);
        for (SpecEvent[] q : queues) h = 31 * h + Arrays.hashCode(q);
        h = 31 * h + Arrays.hashCode(blocked);
        h = 31 * h + Arrays.hashCode(waitsFor);
        h = 31 * h + Arrays.hashCode(count);
        h = 31 * h + Arrays.hashCode(gates);
        this.hash = h;
    }

    /** Whether a QMP gate holds {@code thread}'s head back: its command's marker is not matched yet. */
    boolean isGated(String thread) {
        for (Gate g : gates) if (g.holds(thread)) return true;
        return false;
    }

    /** Whether {@code thread}'s events must wait for its creator's earlier ones. */
    boolean isBlocked(String thread) {
        for (String b : blocked) if (b.equals(thread)) return true;
        return false;
    }

    /**
     * The state after {@code creator} created {@code created}: they wait for the events the
     * creator has pending now (not for those of the creating step itself, which may come after
     * the thread was created).
     */
    Pending spawn(String creator, List<String> created) {
        int n = queueLength(creator);
        if (n == 0 || created.isEmpty()) return this;
        List<String> b = new ArrayList<>(Arrays.asList(blocked));
        List<String> w = new ArrayList<>(Arrays.asList(waitsFor));
        List<Integer> c = new ArrayList<>();
        for (int x : count) c.add(x);
        for (String t : created) {
            int at = b.indexOf(t);
            if (at >= 0) {
                b.remove(at);
                w.remove(at);
                c.remove(at);
            }
            b.add(t);
            w.add(creator);
            c.add(n);
        }
        return new Pending(threads, queues, b.toArray(new String[0]), w.toArray(new String[0]),
                c.stream().mapToInt(Integer::intValue).toArray(), gates);
    }

    /** The gates after one event of {@code thread} was matched. */
    private Gate[] gatesAfter(String thread) {
        if (gates.length == 0) return gates;
        List<Gate> out = new ArrayList<>(gates.length);
        for (Gate g : gates) {
            Gate n = g.matched(thread);
            if (n != null) out.add(n);
        }
        return out.toArray(new Gate[0]);
    }

    /** The barriers and gates after one event of {@code thread} was matched. */
    private Pending matchedOne(String thread, String[] t, SpecEvent[][] q) {
        Gate[] g = gatesAfter(thread);
        int k = 0;
        for (String w : waitsFor) if (w.equals(thread)) k++;
        if (k == 0) return new Pending(t, q, blocked, waitsFor, count, g);
        List<String> b = new ArrayList<>();
        List<String> w = new ArrayList<>();
        List<Integer> c = new ArrayList<>();
        for (int i = 0; i < blocked.length; i++) {
            int left = waitsFor[i].equals(thread) ? count[i] - 1 : count[i];
            if (left == 0) continue;
            b.add(blocked[i]);
            w.add(waitsFor[i]);
            c.add(left);
        }
        return new Pending(t, q, b.toArray(new String[0]), w.toArray(new String[0]),
                c.stream().mapToInt(Integer::intValue).toArray(), g);
    }

    boolean isEmpty() {
        return threads.length == 0;
    }

    int size() {
        int n = 0;
        for (SpecEvent[] q : queues) n += q.length;
        return n;
    }

    int threadCount() {
        return threads.length;
    }

    String thread(int i) {
        return threads[i];
    }

    SpecEvent head(int i) {
        return queues[i][0];
    }

    List<SpecEvent> queue(int i) {
        return Arrays.asList(queues[i]);
    }

    int queueLength(String thread) {
        int i = Arrays.binarySearch(threads, thread);
        return i < 0 ? 0 : queues[i].length;
    }

    /** The state after the head of thread i was matched. */
    Pending pop(int i) {
        if (queues[i].length > 1) {
            SpecEvent[][] q = queues.clone();
            q[i] = Arrays.copyOfRange(queues[i], 1, queues[i].length);
            return matchedOne(threads[i], threads, q);
        }
        String[] t = new String[threads.length - 1];
        SpecEvent[][] q = new SpecEvent[threads.length - 1][];
        for (int j = 0, k = 0; j < threads.length; j++) {
            if (j == i) continue;
            t[k] = threads[j];
            q[k++] = queues[j];
        }
        return matchedOne(threads[i], t, q);
    }

    /** The state after a step emitted {@code events} (already filtered to recorded ones). */
    Pending push(List<SpecEvent> events) {
        if (events.isEmpty()) return this;
        List<String> t = new ArrayList<>(Arrays.asList(threads));
        List<List<SpecEvent>> q = new ArrayList<>();
        for (SpecEvent[] a : queues) q.add(new ArrayList<>(Arrays.asList(a)));
        for (SpecEvent e : events) {
            int i = t.indexOf(e.thread());
            if (i < 0) {
                int at = 0;
                while (at < t.size() && t.get(at).compareTo(e.thread()) < 0) at++;
                t.add(at, e.thread());
                q.add(at, new ArrayList<>());
                i = at;
            }
            q.get(i).add(e);
        }
        SpecEvent[][] qa = new SpecEvent[q.size()][];
        for (int i = 0; i < q.size(); i++) qa[i] = q.get(i).toArray(new SpecEvent[0]);
        return new Pending(t.toArray(new String[0]), qa, blocked, waitsFor, count, gates);
    }

    /**
     * The state after a step emitted {@code events}, whose {@code marker}-th event is a QMP
     * command's {@code qmp_enter_*}: a gate opens (R15).  The threads of that process may
     * still match what they had pending before, and the step's events before the marker.
     */
    Pending pushGated(List<SpecEvent> events, int marker) {
        SpecEvent m = events.get(marker);
        String side = m.thread().substring(0, m.thread().indexOf('/') + 1);
        java.util.TreeMap<String, Integer> free = new java.util.TreeMap<>();
        for (int i = 0; i < threads.length; i++) {
            if (threads[i].startsWith(side) && !threads[i].equals(m.thread())) free.put(threads[i], queues[i].length);
        }
        int markerLeft = queueLength(m.thread());
        for (int i = 0; i <= marker; i++) {
            SpecEvent e = events.get(i);
            if (e.thread().equals(m.thread())) markerLeft++;
            else if (i < marker && e.thread().startsWith(side)) free.merge(e.thread(), 1, Integer::sum);
        }
        String[] ft = free.keySet().toArray(new String[0]);
        int[] f = new int[ft.length];
        for (int i = 0; i < ft.length; i++) f[i] = free.get(ft[i]);
        Gate[] g = Arrays.copyOf(gates, gates.length + 1);
        g[gates.length] = new Gate(side, m.thread(), markerLeft, ft, f);
        Pending p = push(events);
        return new Pending(p.threads, p.queues, p.blocked, p.waitsFor, p.count, g);
    }

    List<SpecEvent> all() {
        List<SpecEvent> out = new ArrayList<>();
        for (SpecEvent[] q : queues) out.addAll(Arrays.asList(q));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Pending p) || p.hash != hash) return false;
        return Arrays.equals(threads, p.threads) && Arrays.deepEquals(queues, p.queues)
                && Arrays.equals(blocked, p.blocked) && Arrays.equals(waitsFor, p.waitsFor)
                && Arrays.equals(count, p.count) && Arrays.equals(gates, p.gates);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < threads.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(threads[i]).append(": ");
            for (int j = 0; j < queues[i].length; j++) sb.append(j > 0 ? " " : "").append(queues[i][j].describe());
        }
        for (int i = 0; i < blocked.length; i++) {
            sb.append("; ").append(blocked[i]).append(" after ").append(count[i]).append(" of ").append(waitsFor[i]);
        }
        for (Gate g : gates) {
            sb.append("; ").append(g.side).append("* gated until ").append(g.markerLeft).append(" of ").append(g.marker);
        }
        return sb.append('}').toString();
    }

    static boolean sameThreads(Pending a, Pending b) {
        return Objects.equals(Arrays.asList(a.threads), Arrays.asList(b.threads));
    }
}
