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
 * per thread, interleaved with other threads' events.  Immutable.
 */
final class Pending {
    static final Pending EMPTY = new Pending(new String[0], new SpecEvent[0][]);

    private final String[] threads;      // sorted
    private final SpecEvent[][] queues;  // non-empty
    private final int hash;

    private Pending(String[] threads, SpecEvent[][] queues) {
        this.threads = threads;
        this.queues = queues;
        int h = Arrays.hashCode(threads);
        for (SpecEvent[] q : queues) h = 31 * h + Arrays.hashCode(q);
        this.hash = h;
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
            return new Pending(threads, q);
        }
        String[] t = new String[threads.length - 1];
        SpecEvent[][] q = new SpecEvent[threads.length - 1][];
        for (int j = 0, k = 0; j < threads.length; j++) {
            if (j == i) continue;
            t[k] = threads[j];
            q[k++] = queues[j];
        }
        return new Pending(t, q);
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
        return new Pending(t.toArray(new String[0]), qa);
    }

    List<SpecEvent> all() {
        List<SpecEvent> out = new ArrayList<>();
        for (SpecEvent[] q : queues) out.addAll(Arrays.asList(q));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Pending p) || p.hash != hash) return false;
        return Arrays.equals(threads, p.threads) && Arrays.deepEquals(queues, p.queues);
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
        return sb.append('}').toString();
    }

    static boolean sameThreads(Pending a, Pending b) {
        return Objects.equals(Arrays.asList(a.threads), Arrays.asList(b.threads));
    }
}
