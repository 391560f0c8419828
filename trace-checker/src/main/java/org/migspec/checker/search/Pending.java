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
 * matched (a barrier).  Immutable.
 */
final class Pending {
    static final Pending EMPTY = new Pending(new String[0], new SpecEvent[0][], new String[0], new String[0], new int[0]);

    private final String[] threads;      // sorted
    private final SpecEvent[][] queues;  // non-empty
    // barriers: blocked[i] waits until waitsFor[i] has had count[i] more events matched
    private final String[] blocked;
    private final String[] waitsFor;
    private final int[] count;
    private final int hash;

    private Pending(String[] threads, SpecEvent[][] queues, String[] blocked, String[] waitsFor, int[] count) {
        this.threads = threads;
        this.queues = queues;
        this.blocked = blocked;
        this.waitsFor = waitsFor;
        this.count = count;
        int h = Arrays.hashCode(threads);
        for (SpecEvent[] q : queues) h = 31 * h + Arrays.hashCode(q);
        h = 31 * h + Arrays.hashCode(blocked);
        h = 31 * h + Arrays.hashCode(waitsFor);
        h = 31 * h + Arrays.hashCode(count);
        this.hash = h;
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
                c.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The barriers after one event of {@code thread} was matched. */
    private Pending matchedOne(String thread, String[] t, SpecEvent[][] q) {
        int k = 0;
        for (String w : waitsFor) if (w.equals(thread)) k++;
        if (k == 0) return new Pending(t, q, blocked, waitsFor, count);
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
                c.stream().mapToInt(Integer::intValue).toArray());
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
        return new Pending(t.toArray(new String[0]), qa, blocked, waitsFor, count);
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
                && Arrays.equals(count, p.count);
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
        return sb.append('}').toString();
    }

    static boolean sameThreads(Pending a, Pending b) {
        return Objects.equals(Arrays.asList(a.threads), Arrays.asList(b.threads));
    }
}
