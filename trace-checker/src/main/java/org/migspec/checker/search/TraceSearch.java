package org.migspec.checker.search;

import org.migspec.checker.input.Side;
import org.migspec.checker.input.TraceEvent;
import org.migspec.checker.input.TraceFile;
import org.migspec.checker.input.TraceInputException;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.checker.spec.SpecEvent;
import org.migspec.checker.spec.Successor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays the logs of one run against the spec, depth-first along the logs.
 *
 * <p>A node is a spec state, a position in each log, and the events the spec emitted
 * that the logs have not shown yet.  From a node the search either matches the next line
 * of a log with the oldest pending event of one spec thread, or lets TLC take a step
 * (its events join their threads' queues; a step whose events the log does not record
 * is a hidden step).  The run is accepted when every log is matched and nothing is
 * pending.  No global order of the logs is needed: the interleavings come from the
 * spec, and timestamps only decide which log is tried first.
 */
public final class TraceSearch {
    private final LoadedSpec spec;
    private final List<EventStream> streams = new ArrayList<>();
    private final SearchOptions opt;
    private final Map<Key, Long> visited = new HashMap<>();
    /** Per (log, position): the node with the fewest unlogged faults that stopped there. */
    private Map<Long, Node> bestAt = new HashMap<>();
    private final Set<Long> distinct = new HashSet<>();
    private long nodes;
    private final AllowedFaults assumptions;
    /** Every bound that cut a branch, with the first place it did. */
    private final Map<Bound, BoundHit> hits = new java.util.EnumMap<>(Bound.class);
    /**
     * Nodes whose successors the step limit cut, by key: a key later expanded below the
     * limit (reached with fewer steps since its last match) lost nothing.
     */
    private final Map<Key, BoundHit> aheadCuts = new HashMap<>();
    /** Unlogged fault kinds the search met but could not take (no record, no --assume). */
    private final Set<String> notAssumed = new java.util.TreeSet<>();
    /** Whether R15 pruned a branch by the clocks of a per-thread log (not by a file's order). */
    private boolean clockOrdered;


    private record Key(long fp, int c0, int c1, Pending pending) {
    }

    /** -Dmigspec.searchStats=true: where the nodes go, on stderr at the end of each pass (profiling only). */
    private static final boolean STATS = Boolean.getBoolean("migspec.searchStats");
    private final Map<String, Long> stats = new java.util.TreeMap<>();

    private final Map<Key, Long> expandedStats = new HashMap<>();
    private final Map<String, Long> stalls = new HashMap<>();
    private long frontSince;

    private void count(String what) {
        if (STATS) stats.merge(what, 1L, Long::sum);
    }

    public TraceSearch(LoadedSpec spec, List<TraceFile> files, SearchOptions opt) {
        this(spec, files, opt, AllowedFaults.all("every unlogged fault allowed"));
    }

    /** @param assumptions the unlogged faults an explanation may use (see {@link AllowedFaults}) */
    public TraceSearch(LoadedSpec spec, List<TraceFile> files, SearchOptions opt, AllowedFaults assumptions) {
        this.spec = spec;
        this.opt = opt;
        this.assumptions = assumptions;
        for (TraceFile f : files) {
            streams.add(new EventStream(f, f.header().side(), spec.tracedEvents()));
        }
        if (streams.size() > 2) throw new IllegalArgumentException("at most one log per process (source, destination)");
    }

    public SearchResult run() throws TraceInputException {
        long t0 = System.nanoTime();
        var init = spec.init();
        Node root = new Node(init, spec.fingerprint(init), new int[streams.size()], Pending.EMPTY, 0, null, null,
                -1, 0, null, 0, 0);
        root.base = Committed.initial(init, root.fp, streams.size(), spec::abstractState);
        root.trail = null;
        Pass pass = search(root, true, opt.maxNodes(), Bound.NODES);
        if (pass.accepted == null && pass.reason == null) {
            // Not accepted.  The strict pass prunes a step as soon as a later line of its thread
            // disagrees, so it stops at the first line of that step, not at the line that
            // disagrees.  Search again from the last final choice without that lookahead, to
            // blame the right line (and to accept, should a thread's lane have misled it).
            // Its budget is a bound like the others: if it runs out, the run is undecided.
            Node start = pass.deepest;
            while (start.parent != null) start = start.parent;
            long left = opt.maxNodes() - nodes;
            Bound budget = left < opt.laxMaxNodes() ? Bound.NODES : Bound.LAX_NODES;
            Pass lax = search(start, false, Math.min(left, opt.laxMaxNodes()) + nodes, budget);
            if (lax.accepted != null) pass = lax;
            else if (lax.deepest.consumed() > pass.deepest.consumed()) {
                pass = new Pass(null, lax.reason, lax.deepest, lax.bestAt);
            } else if (lax.reason != null) {
                pass = new Pass(null, lax.reason, pass.deepest, pass.bestAt);
            }
        }
        Node accepted = pass.accepted;
        Node deepest = pass.deepest;
        bestAt = pass.bestAt;
        // ACCEPTED needs one explanation; REJECTED needs that no bound cut anything anywhere.
        Verdict verdict = accepted != null ? Verdict.ACCEPTED : hits.isEmpty() ? Verdict.REJECTED : Verdict.UNDECIDED;
        String reason = verdict == Verdict.UNDECIDED ? undecidedReason() : null;
        Node end = accepted != null ? accepted : deepest;
        Rejection rejection = null;
        if (verdict != Verdict.ACCEPTED) {
            // Blame the earliest unmatched line at the furthest point, and explain it from
            // the behaviour with the fewest unlogged faults that reached that line.
            int k = failingStream(deepest);
            Node at = k < 0 ? deepest : bestAt.getOrDefault(((long) k << 32) | deepest.cursor[k], deepest);
            end = at;
            rejection = rejection(at);
        }
        Committed behaviour = summary(end);
        List<PathStep> path = new ArrayList<>();
        for (Committed.Step x : behaviour.tail) {
            path.add(new PathStep((int) x.number(), x.action() == null ? "Init" : x.action(), spec.step(x.state()),
                    spec.variables(x.state()), x.fp()));
        }
        long[] states = behaviour.states.stream().mapToLong(Long::longValue).toArray();
        for (EventStream s : streams) s.drain();
        long nanos = System.nanoTime() - t0;
        List<FaultUse> faults = new ArrayList<>();
        Map<String, Long> hidden = new LinkedHashMap<>();
        if (accepted != null) {
            for (Node.Trail t = accepted.trail; t != null; t = t.prev()) {
                if (t.fault() != null) faults.add(t.fault());
                else hidden.merge(t.action(), 1L, Long::sum);
            }
            Collections.reverse(faults);
            List<Map.Entry<String, Long>> es = new ArrayList<>(hidden.entrySet());
            es.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            hidden = new LinkedHashMap<>();
            for (Map.Entry<String, Long> e : es) hidden.put(e.getKey(), e.getValue());
        }
        return new SearchResult(verdict, reason, path, behaviour.steps, behaviour.actions, states,
                behaviour.abstractStates, rejection,
                fileStats(end), nodes, distinct.size(), nanos, new java.util.EnumMap<>(hits), faults, hidden,
                assumptions, new java.util.TreeSet<>(notAssumed), clockOrdered);
    }

    /** "cut by lookahead (64, first at src.trace.log:217 ...; raise with --lookahead), ...". */
    private String undecidedReason() {
        List<String> parts = new ArrayList<>();
        for (BoundHit h : hits.values()) {
            parts.add(h.bound().key() + " " + h.limit() + " at " + h.where() + ", " + h.bound().flag);
        }
        return "a bound cut the search: " + String.join("; ", parts);
    }

    /** Records that {@code b} cut a branch at node {@code n} (only the first place is kept). */
    private void hit(Bound b, Node n, String detail) throws TraceInputException {
        if (hits.containsKey(b)) return;
        hits.put(b, at(b, n, detail));
    }

    private BoundHit at(Bound b, Node n, String detail) throws TraceInputException {
        // the earliest next line of the node (a node behind the window may point at lines
        // the logs already forgot: then the earliest one still kept)
        TraceEvent e = null;
        for (int k = 0; k < streams.size(); k++) {
            EventStream st = streams.get(k);
            TraceEvent x = st.kept(n.cursor[k]) ? st.get(n.cursor[k]) : null;
            if (x == null) continue;
            if (e == null || (x.tsNanos() != null && e.tsNanos() != null && x.tsNanos() < e.tsNanos())) e = x;
        }
        return new BoundHit(b, opt.limit(b), e == null ? null : e.file(), e == null ? 0 : e.line(),
                e == null ? null : e.describe(), detail, nodes);
    }

    private static Key key(Node n) {
        return new Key(n.fp, n.cursor.length > 0 ? n.cursor[0] : 0, n.cursor.length > 1 ? n.cursor[1] : 0, n.pending);
    }

    private static long cost(Node n) {
        return ((long) n.faults << 40) | ((long) n.skew << 20) | n.ahead;
    }

    /** How a pass ended: the accepting node, or why it gave up, and the node furthest along. */
    private record Pass(Node accepted, String reason, Node deepest, Map<Long, Node> bestAt) {
    }

    /** Whether a lane's pending events must be exactly its thread's next lines (see consumable). */
    private boolean strict;

    /**
     * One best-first search from {@code start}: explanations with fewer unlogged faults first,
     * then fewer lines matched out of time order, then the furthest along the logs
     * (depth-first along the trace), then the most recent.
     */
    private Pass search(Node start, boolean strictLanes, long maxNodes, Bound budget) throws TraceInputException {
        strict = strictLanes;
        visited.clear();
        aheadCuts.clear();
        bestAt = new HashMap<>();
        forgotten = 0;
        queue = new java.util.PriorityQueue<>(
                Comparator.<Node>comparingInt(n -> n.faults)
                        .thenComparingInt(n -> n.skew)
                        .thenComparing(Comparator.comparingInt(Node::consumed).reversed())
                        .thenComparing(Comparator.comparingLong((Node n) -> n.seq).reversed()));
        start.seq = seq++;
        queue.add(start);
        Node deepest = start;
        int front = start.consumed();
        forgotten = front;
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            if (n.consumed() < front - opt.window()) {
                // older than the window: final, so this branch is dropped unexplored
                hit(Bound.WINDOW, n, "a branch " + (front - n.consumed()) + " matched events behind the furthest "
                        + "was dropped");
                continue;
            }
            if (accepts(n)) {
                if (STATS && streams.size() == 2) {
                    for (Node x = n; x != null && x.parent != null; x = x.parent) {
                        if (x.skew > x.parent.skew) {
                            TraceEvent o = streams.get(1 - x.matchedStream).peek(x.parent.cursor[1 - x.matchedStream]);
                            System.err.println("  skew +1 matching " + x.matched.file() + ":" + x.matched.line() + " "
                                    + x.matched.describe() + " before " + (o == null ? "?" : o.file() + ":" + o.line() + " " + o.describe()));
                        }
                    }
                }
                printStats(strictLanes, "accepted");
                return new Pass(n, null, deepest, bestAt);
            }
            if (n.specFaults >= opt.maxFaults()) {
                // the spec enables no fault from here on: a branch with one more is cut
                hit(Bound.FAULTS, n, "the behaviour took " + n.specFaults + " faults; the spec allows no more");
            }
            Key nk = key(n);
            Long best = visited.get(nk);
            if (best != null && best < cost(n)) continue;   // reached since with fewer faults or steps: dominated
            if (++nodes > maxNodes) {
                hit(budget, deepest, "the search stopped with " + (queue.size() + 1) + " nodes left to explore");
                flushAheadCuts();
                printStats(strictLanes, "budget");
                return new Pass(null, "search budget of " + (maxNodes - (nodes - 1)) + " nodes exhausted",
                        deepest, bestAt);
            }
            List<Node> kids = children(n);
            if (STATS) {
                Long before = expandedStats.put(nk, cost(n));
                if (before != null) count("re-expanded key (cost " + (before > cost(n) ? "lower" : "same/higher") + ")");
                count("expanded consumed behind front " + Math.min(front - n.consumed(), 20) / 5 * 5 + "+");
                count("expanded " + (n.matchedStream >= 0 ? "match" : n.via == null ? "root"
                        : n.via.fingerprint() == (n.parent == null ? 0 : n.parent.fp) ? "stutter"
                        : n.matched == null && n.ahead > 0 ? "step" : "other"));
                count("expanded at faults=" + n.faults + " skew=" + Math.min(n.skew, 3));
                count("expanded ahead=" + n.ahead);
                if (n.via != null) count("expanded via " + n.via.action());
                int matches = 0;
                for (Node c : kids) if (c.matchedStream >= 0) matches++;
                if (matches > 1) count("branching matches (>1 thread head fits a line)");
                if (kids.size() > matches) count("branching steps " + Math.min(kids.size() - matches, 9));
            }
            if (n.ahead < opt.maxAhead()) aheadCuts.remove(nk);
            for (Node child : kids) {
                Key k = key(child);
                long cost = cost(child);
                Long seen = visited.get(k);
                if (seen != null && seen <= cost) {
                    count("child dropped: key seen");
                    continue;
                }
                visited.put(k, cost);
                distinct.add(child.fp);
                if (deeper(child, deepest)) deepest = child;
                for (int i = 0; i < child.cursor.length; i++) {
                    long pos = ((long) i << 32) | child.cursor[i];
                    Node b = bestAt.get(pos);
                    if (b == null || child.faults < b.faults
                            || (child.faults == b.faults && nearer(child, b, i))) {
                        bestAt.put(pos, child);
                    }
                }
                child.seq = seq++;
                queue.add(child);
                if (child.consumed() > front) {
                    if (STATS) {
                        long spent = nodes - frontSince;
                        if (spent > 200) {
                            StringBuilder w = new StringBuilder();
                            for (int q = 0; q < streams.size(); q++) {
                                TraceEvent x = streams.get(q).peek(deepest.cursor[q]);
                                if (x != null) w.append(' ').append(x.file().replaceAll(".*/", "")).append(':').append(x.line()).append(' ').append(x.describe());
                            }
                            stalls.put(String.format("front %5d stalled %,9d nodes, next:%s", front, spent, w), spent);
                        }
                        frontSince = nodes;
                    }
                    front = child.consumed();
                    forget(front - opt.window(), deepest);
                }
            }
        }
        flushAheadCuts();
        printStats(strictLanes, "exhausted");
        return new Pass(null, null, deepest, bestAt);
    }

    private void printStats(boolean strictPass, String how) {
        if (!STATS) return;
        System.err.println("search stats (" + (strictPass ? "strict" : "lax") + " pass, " + how + ", nodes " + nodes + "):");
        stats.forEach((k, v) -> System.err.printf("  %-60s %,d%n", k, v));
        stats.clear();
        stalls.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.err.println("  " + e.getKey()));
        stalls.clear();
    }

    /** The step limit's cuts that no later expansion of the same key made good. */
    private void flushAheadCuts() {
        if (hits.containsKey(Bound.HIDDEN_STEPS)) return;
        BoundHit first = null;
        for (BoundHit h : aheadCuts.values()) if (first == null || h.node() < first.node()) first = h;
        if (first != null) hits.put(Bound.HIDDEN_STEPS, first);
        aheadCuts.clear();
    }

    private long seq;
    private java.util.PriorityQueue<Node> queue;
    private int forgotten;

    /**
     * Makes the choices older than the window final: the front's ancestor at
     * {@code consumedLimit} becomes the root of the kept chain (what is above it is
     * summarised), the search drops every node that does not descend from it, and the logs
     * drop the events before it.  Memory then depends on the window, not on the logs.
     */
    private void forget(int consumedLimit, Node front) throws TraceInputException {
        if (consumedLimit <= forgotten + opt.window()) return;
        forgotten = consumedLimit;
        Node a = front;
        while (a.parent != null && a.consumed() > consumedLimit) a = a.parent;
        if (a.parent != null) {
            a.base = summary(a);
            a.parent = null;
        }
        Node root = a;
        int rootConsumed = a.consumed();
        int before = queue.size();
        queue.removeIf(x -> !descends(x, root, rootConsumed));
        if (queue.size() < before) {
            hit(Bound.WINDOW, root, (before - queue.size()) + " branches not descending from the choice "
                    + opt.window() + " matched events behind the furthest were dropped");
        }
        bestAt.values().removeIf(x -> !descends(x, root, rootConsumed));
        visited.entrySet().removeIf(e -> e.getKey().c0() + e.getKey().c1() < rootConsumed);
        // a step-limit cut behind the final choice can no longer be made good: it counts
        for (var it = aheadCuts.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().c0() + e.getKey().c1() >= rootConsumed) continue;
            BoundHit h = hits.get(Bound.HIDDEN_STEPS);
            if (h == null || e.getValue().node() < h.node()) hits.put(Bound.HIDDEN_STEPS, e.getValue());
            it.remove();
        }
        for (int k = 0; k < streams.size(); k++) streams.get(k).discardBefore(root.cursor[k]);
    }

    private static boolean descends(Node x, Node root, int rootConsumed) {
        while (x != null && x != root && x.consumed() >= rootConsumed) x = x.parent;
        return x == root;
    }

    /** The behaviour from the initial state to {@code end}: its chain on top of its root's summary. */
    private static Committed summary(Node end) {
        List<Node> chain = new ArrayList<>();
        Node x = end;
        for (; x.parent != null; x = x.parent) chain.add(x);
        chain.add(x);
        Collections.reverse(chain);
        return x.base.extend(chain);
    }

    /**
     * Which of two nodes stopped at the same line of log {@code k} is the better place to
     * explain that line from: the one whose other logs are matched up to that line's time
     * (the state a reader expects to see there), then the one with the fewest events the
     * spec emitted ahead of the logs, then the one further along.
     */
    private boolean nearer(Node a, Node b, int k) throws TraceInputException {
        TraceEvent e = streams.get(k).get(a.cursor[k]);
        if (opt.timestamps() && e != null && e.tsNanos() != null) {
            long da = offTime(a, k, e.tsNanos()), db = offTime(b, k, e.tsNanos());
            if (da != db) return da < db;
        }
        if (a.pending.size() != b.pending.size()) return a.pending.size() < b.pending.size();
        return a.consumed() > b.consumed();
    }

    /** How far (ns) the other logs' matched prefixes are from time {@code ts}. */
    private long offTime(Node n, int k, long ts) throws TraceInputException {
        long off = 0;
        for (int j = 0; j < streams.size(); j++) {
            if (j == k) continue;
            EventStream s = streams.get(j);
            TraceEvent next = s.get(n.cursor[j]);
            TraceEvent last = s.peek(n.cursor[j] - 1);
            if (next != null && next.tsNanos() != null && next.tsNanos() < ts) off += ts - next.tsNanos();
            if (last != null && last.tsNanos() != null && last.tsNanos() > ts) off += last.tsNanos() - ts;
        }
        return off;
    }

    /** More events matched; at equal count, fewer unlogged faults, then fewer pending events. */
    private static boolean deeper(Node a, Node b) {
        int ca = a.consumed(), cb = b.consumed();
        if (ca != cb) return ca > cb;
        if (a.faults != b.faults) return a.faults < b.faults;
        return a.pending.size() < b.pending.size();
    }

    private boolean accepts(Node n) throws TraceInputException {
        if (!n.pending.isEmpty()) return false;
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i).get(n.cursor[i]) != null) return false;
        }
        return true;
    }

    private int streamOf(Side side) {
        for (int i = 0; i < streams.size(); i++) if (streams.get(i).side == side) return i;
        return -1;
    }

    private List<Node> children(Node n) throws TraceInputException {
        List<Node> out = new ArrayList<>();
        // Matches first, and only matches when there is one: matching a log line and taking
        // a spec step commute (a step appends to the threads' queues, a match takes from
        // their heads), and so do matches in different logs.  Branch only when heads of
        // several threads match the same line.
        for (int k : streamOrder(n)) {
            TraceEvent e = streams.get(k).get(n.cursor[k]);
            if (e == null) continue;
            String lane = streams.get(k).lane(n.cursor[k]);
            for (int i = 0; i < n.pending.threadCount(); i++) {
                SpecEvent head = n.pending.head(i);
                if (lane != null && !lane.equals(head.thread())) continue;
                if (n.pending.isBlocked(head.thread())) continue;   // its creator logged first
                if (n.pending.isGated(head.thread()) && !maybeAfterMarker(k, n.cursor[k])) continue;   // R15
                if (head.side() == streams.get(k).side && head.matches(e)) {
                    int[] c = n.cursor.clone();
                    c[k]++;
                    Node m = new Node(n.state, n.fp, c, n.pending.pop(i), 0, n, null, k, n.steps, e, n.faults,
                            n.skew + (early(n, k, e) ? 1 : 0));
                    m.trail = n.trail;
                    m.specFaults = n.specFaults;
                    out.add(m);
                }
            }
            if (!out.isEmpty()) return out;
        }
        // Then spec steps: those that produce the next line first, hidden steps next.
        List<Node> steps = new ArrayList<>();
        List<Integer> prio = new ArrayList<>();
        List<Integer> order = streamOrder(n);
        for (Successor s : spec.successors(n.state)) {
            for (List<SpecEvent> evs : explanations(s)) {
                if (s.fingerprint() == n.fp && evs.isEmpty()) continue;   // changes nothing the logs could see
                int produces = producesNext(n, evs, order);
                // A step that changes no state (a refused QMP command) can happen at any time:
                // take it only where its line is next.
                if (s.fingerprint() == n.fp && produces < 0) continue;
                // Unlogged faults: only those the run's records (or --assume) support.
                List<String> kinds = unloggedKinds(s, evs);
                boolean shown = showsOtherEvents(evs);
                String denied = null;
                for (String kind : kinds) {
                    if (!assumptions.allows(kind) && !(shown && AllowedFaults.SELF_REPORTED.contains(kind))) denied = kind;
                }
                if (denied != null) {
                    notAssumed.add(denied);
                    continue;
                }
                Pending p = gated(spawned(n.pending, s), evs);
                if (p.size() > opt.maxPending()) {
                    hit(Bound.PENDING, n, s.action() + " would leave " + p.size() + " events pending");
                    continue;
                }
                if (!consumable(p, n.cursor)) continue;
                if (n.ahead >= opt.maxAhead()) {
                    // this step (and every other one from here) is cut by the step limit
                    Key nk = key(n);
                    if (!aheadCuts.containsKey(nk) && !hits.containsKey(Bound.HIDDEN_STEPS)) {
                        aheadCuts.put(nk, at(Bound.HIDDEN_STEPS, n, s.action() + " would be step "
                                + (n.ahead + 1) + " since the last matched line"));
                    }
                    return out;
                }
                Node child = new Node(s.state(), s.fingerprint(), n.cursor, p, n.ahead + 1, n, s, -1, n.steps + 1, null,
                        n.faults + uncertain(kinds), n.skew);
                child.trail = trail(n, s, evs, kinds, shown);
                // a fault that changes nothing (a break with no connection left) is not counted by the spec
                child.specFaults = n.specFaults + (s.fingerprint() == n.fp ? 0 : faultSteps(s));
                steps.add(child);
                prio.add(produces >= 0 ? produces : evs.isEmpty() ? order.size() : order.size() + 1);
            }
        }
        Integer[] idx = new Integer[steps.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, Comparator.comparingInt(prio::get));
        for (int i : idx) out.add(steps.get(i));
        return out;
    }

    /**
     * The barriers of the threads a step creates (Pending#spawn).  They rest on the order of
     * the creator's log across threads; a log merged from per-thread files by timestamp does
     * not give that order exactly (QEMU reads the clock before it takes the log lock), so
     * there a created thread's lines are not held back: its lane's own order still holds.
     */
    private Pending spawned(Pending p, Successor s) {
        Side side = Side.ofThread(s.step().actor());
        int k = side == null ? -1 : streamOf(side);
        if (k >= 0 && !streams.get(k).file.exactOrderAcrossThreads()) return p;
        return p.spawn(s.step().actor(), s.step().spawns());
    }

    /**
     * The unlogged faults an explanation is ranked by: those the records do not say happened.
     * A crash of a process the records say was killed is not an assumption to minimise; ranking
     * it like one made the search exhaust every crash-free explanation of a kill -9 run first.
     * Only the order of the search changes, not what it accepts or rejects.
     */
    private int uncertain(List<String> kinds) {
        int n = 0;
        for (String k : kinds) if (!assumptions.isCertain(k)) n++;
        return n;
    }

    /**
     * A step's events joined to the queues, with a QMP gate if one of them is a command's
     * {@code qmp_enter_*} (R15): QEMU traces it before the handler runs, so nothing the
     * command causes in that process is logged before it.
     */
    private static Pending gated(Pending p, List<SpecEvent> evs) {
        for (int i = 0; i < evs.size(); i++) {
            if (evs.get(i).name().startsWith("qmp_enter_")) return p.pushGated(evs, i);
        }
        return p.push(evs);
    }

    /**
     * Whether the idx-th line of stream k may have been logged after a QMP marker that comes
     * later in the stream (R15).  In one file (QEMU's log lock, NDJSON) it cannot.  Per-thread
     * files merged by timestamp are ordered only by their clocks, and the marker's clock is
     * read before the command runs, so a line stamped strictly before the next line (and so
     * before the marker) was logged before it; a tie at the microsecond decides nothing.  That
     * assumes the host's clock did not step back during the run; {@code --no-timestamps} does
     * without it, and a verdict that used it says so ({@link SearchResult#clockOrdered}).
     */
    private boolean maybeAfterMarker(int k, int idx) throws TraceInputException {
        EventStream s = streams.get(k);
        if (s.file.exactOrderAcrossThreads()) return false;
        if (!opt.timestamps()) return true;   // --no-timestamps: the clocks order nothing
        TraceEvent line = s.get(idx), next = s.get(idx + 1);
        if (next == null) return false;
        if (line.tsNanos() == null || next.tsNanos() == null || line.tsNanos() >= next.tsNanos()) return true;
        clockOrdered = true;
        return false;
    }

    /**
     * The events a step leaves in the logs: those the logs record; and for a crash or the
     * third-party lock holder, also none at all: a process killed from outside (SIGKILL, a host
     * failure) logs nothing about it, and the holder is not a QEMU.
     */
    private List<List<SpecEvent>> explanations(Successor s) {
        List<SpecEvent> evs = envLane(s, recordedEvents(s.step().events()));
        if (evs.size() == 1 && evs.get(0).name().equals("x_inject_fault")) {
            String fault = String.valueOf(evs.get(0).args().get("fault"));
            // a third process taking the image's locks writes no line in a QEMU's log either
            if (fault.endsWith("-crash") || fault.equals("lock-holder")) return List.of(evs, List.of());
        }
        return List.of(evs);
    }

    /**
     * Unusual explanations a log does not show: an injected fault, a QMP quit, when the log
     * does not record its marker (QEMU logs neither); one assumption kind each ("dst-crash",
     * "src-quit", ...).  The search prefers behaviours with fewer.
     */
    private static List<String> unloggedKinds(Successor s, List<SpecEvent> recorded) {
        List<String> out = List.of();
        for (SpecEvent e : s.step().events()) {
            String kind = markerKind(e);
            if (kind == null || containsMarker(recorded, e)) continue;
            if (out.isEmpty()) out = new ArrayList<>(2);
            out.add(kind);
        }
        return out;
    }

    /** Faults a step takes in the spec's count (each fault action emits one x_inject_fault). */
    private static int faultSteps(Successor s) {
        int f = 0;
        for (SpecEvent e : s.step().events()) if (e.name().equals("x_inject_fault")) f++;
        return f;
    }

    /** The assumption a marker event stands for, or null if {@code e} is not one. */
    private static String markerKind(SpecEvent e) {
        if (e.name().equals("x_inject_fault")) return String.valueOf(e.args().get("fault"));
        if (e.name().equals("qmp_enter_quit")) return (e.side() == null ? "?" : e.side().prefix()) + "-quit";
        return null;
    }

    /** Whether the recorded events hold {@code marker} (envLane moves a fault to another thread). */
    private static boolean containsMarker(List<SpecEvent> recorded, SpecEvent marker) {
        for (SpecEvent r : recorded) {
            if (r.name().equals(marker.name()) && r.args().equals(marker.args())) return true;
        }
        return false;
    }

    /** Whether a step leaves log lines other than fault markers (its effects are logged). */
    private static boolean showsOtherEvents(List<SpecEvent> recorded) {
        for (SpecEvent r : recorded) if (markerKind(r) == null) return true;
        return false;
    }

    /** The parent's trail plus this step: hidden if no log records any of its events; its unlogged faults. */
    private Node.Trail trail(Node n, Successor s, List<SpecEvent> evs, List<String> kinds, boolean shown) {
        Node.Trail t = n.trail;
        if (evs.isEmpty()) t = new Node.Trail(s.action(), null, t);
        for (String kind : kinds) {
            boolean logged = shown && AllowedFaults.SELF_REPORTED.contains(kind) && !assumptions.allows(kind);
            String basis = logged ? "its effects are log lines" : assumptions.basis(kind);
            t = new Node.Trail(s.action(), new FaultUse(kind, s.action(), n.steps + 1, shown, after(n), basis), t);
        }
        return t;
    }

    /** The last matched line of each log at {@code n}: "src.trace.log:61, dst.trace.log:40". */
    private String after(Node n) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < streams.size(); k++) {
            TraceEvent e = n.cursor[k] == 0 ? null : streams.get(k).peek(n.cursor[k] - 1);
            if (e != null) parts.add(shortName(e.file()) + ":" + e.line());
        }
        return parts.isEmpty() ? "the start of the logs" : String.join(", ", parts);
    }

    private static String shortName(String file) {
        int slash = file.lastIndexOf('/');
        return slash >= 0 ? file.substring(slash + 1) : file;
    }

    /**
     * Each thread's pending events must be the next lines of its log that it could have
     * written: for a log that names its threads (see ThreadLanes), exactly the next lines of
     * that thread in the strict pass (within --lane-lookahead lines); otherwise a subsequence
     * of the next --lookahead lines (both bounds: a cut there is recorded).  The lax pass only asks that each thread's oldest pending event can be found:
     * it runs to the line that breaks the run rather than to the step that will break it.  Events no
     * line can match would only pile up, and a log at its end matches nothing.
     */
    private boolean consumable(Pending p, int[] cursor) throws TraceInputException {
        for (int i = 0; i < p.threadCount(); i++) {
            List<SpecEvent> q = p.queue(i);
            String thread = p.thread(i);
            int k = streamOf(q.get(0).side());
            if (k < 0) return false;
            EventStream s = streams.get(k);
            int at = 0;
            Bound cut = null;
            for (int j = cursor[k], seen = 0; at < q.size(); j++) {
                TraceEvent e = s.get(j);
                if (e == null) break;
                String lane = s.lane(j);
                if (lane == null) {
                    if (++seen > opt.lookahead()) {
                        cut = Bound.LOOKAHEAD;
                        break;
                    }
                    if (q.get(at).matches(e)) at++;
                } else if (lane.equals(thread)) {
                    if (q.get(at).matches(e)) at++;
                    else if (strict) return false;
                } else if (j - cursor[k] > opt.laneLookahead()) {
                    cut = Bound.LANE_LOOKAHEAD;
                    break;
                }
            }
            if (at < (strict ? q.size() : 1)) {
                if (cut != null && !hits.containsKey(cut)) {
                    TraceEvent from = s.get(cursor[k]);
                    hits.put(cut, new BoundHit(cut, opt.limit(cut), from.file(), from.line(), from.describe(),
                            "pending " + thread + " " + q.get(at).describe() + " not found within the next "
                                    + opt.limit(cut) + " lines", nodes));
                }
                return false;
            }
        }
        return true;
    }

    /**
     * A fault the environment injects (a channel break, a crash) is logged by whichever
     * thread reaches the fault's point first, so its event waits in a lane of its own
     * ("dst/env") rather than in the spec thread the spec draws it on.
     */
    private static List<SpecEvent> envLane(Successor s, List<SpecEvent> evs) {
        if (!"env".equals(s.step().actor()) || evs.isEmpty()) return evs;
        List<SpecEvent> out = new ArrayList<>(evs.size());
        for (SpecEvent e : evs) {
            Side side = e.side();
            out.add(side == null ? e : new SpecEvent(side.prefix() + "/env", e.name(), e.args()));
        }
        return out;
    }

    /** Keeps the events the logs record; the others make the step hidden there. */
    private List<SpecEvent> recordedEvents(List<SpecEvent> evs) {
        List<SpecEvent> out = null;
        for (int j = 0; j < evs.size(); j++) {
            SpecEvent e = evs.get(j);
            int k = streamOf(e.side());
            boolean keep = k >= 0 && streams.get(k).recorded.records(e.name());
            if (!keep && out == null) out = new ArrayList<>(evs.subList(0, j));
            if (keep && out != null) out.add(e);
        }
        return out == null ? evs : out;
    }

    /**
     * The rank (in {@code order}) of the log whose next line one of the step's events would
     * be, or -1: steps that produce the earliest next line come first.
     */
    private int producesNext(Node n, List<SpecEvent> evs, List<Integer> order) throws TraceInputException {
        int best = -1;
        Set<String> seenThreads = new HashSet<>();
        for (SpecEvent e : evs) {
            if (!seenThreads.add(e.thread())) continue;
            if (n.pending.queueLength(e.thread()) > 0) continue;
            int k = streamOf(e.side());
            TraceEvent next = k < 0 ? null : streams.get(k).get(n.cursor[k]);
            if (next != null && e.matches(next)) {
                int rank = order.indexOf(k);
                if (best < 0 || rank < best) best = rank;
            }
        }
        return best;
    }

    /**
     * True if matching {@code e} now would put it before a line of another log that is
     * older by more than the tolerance: such an order is tried only when nothing else works.
     */
    private boolean early(Node n, int k, TraceEvent e) throws TraceInputException {
        if (!opt.timestamps() || e.tsNanos() == null) return false;
        for (int j = 0; j < streams.size(); j++) {
            if (j == k) continue;
            TraceEvent other = streams.get(j).get(n.cursor[j]);
            if (other != null && other.tsNanos() != null && other.tsNanos() < e.tsNanos() - opt.toleranceNanos()) {
                return true;
            }
        }
        return false;
    }

    /** Logs ordered by the timestamp of their next event (earliest first), if they have one. */
    private List<Integer> streamOrder(Node n) throws TraceInputException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) order.add(i);
        if (!opt.timestamps() || streams.size() < 2) return order;
        TraceEvent a = streams.get(0).get(n.cursor[0]);
        TraceEvent b = streams.get(1).get(n.cursor[1]);
        if (a != null && b != null && a.tsNanos() != null && b.tsNanos() != null && b.tsNanos() < a.tsNanos()) {
            Collections.reverse(order);
        }
        return order;
    }

    /** The log whose next line is the earliest unmatched one (by timestamp, else the first). */
    private int failingStream(Node n) throws TraceInputException {
        int best = -1;
        TraceEvent bestEvent = null;
        for (int k = 0; k < streams.size(); k++) {
            TraceEvent e = streams.get(k).get(n.cursor[k]);
            if (e == null) continue;
            if (bestEvent == null || (e.tsNanos() != null && bestEvent.tsNanos() != null
                    && e.tsNanos() < bestEvent.tsNanos())) {
                best = k;
                bestEvent = e;
            }
        }
        return best;
    }

    private Rejection rejection(Node deepest) throws TraceInputException {
        List<TraceEvent> next = new ArrayList<>();
        List<TraceEvent> lastMatched = new ArrayList<>();
        TraceEvent failing = null;
        for (int k = 0; k < streams.size(); k++) {
            TraceEvent e = streams.get(k).get(deepest.cursor[k]);
            next.add(e);
            lastMatched.add(lastMatched(deepest, k));
            if (e == null) continue;
            if (failing == null || (e.tsNanos() != null && failing.tsNanos() != null && e.tsNanos() < failing.tsNanos())) {
                failing = e;
            }
        }
        Map<String, List<org.migspec.checker.spec.LoadedSpec.Conjunct>> candidates = new LinkedHashMap<>();
        Map<String, List<List<SpecEvent>>> wouldEmit = new LinkedHashMap<>();
        if (failing != null) {
            Set<String> emitting = spec.actionsEmitting(failing.name());
            for (String a : emitting) candidates.put(a, spec.diagnose(a, deepest.state));
            for (Successor s : spec.successors(deepest.state)) {
                if (!emitting.contains(s.action())) continue;
                List<SpecEvent> same = new ArrayList<>();
                for (SpecEvent e : s.step().events()) if (e.side() == failing.side()) same.add(e);
                wouldEmit.computeIfAbsent(s.action(), x -> new ArrayList<>()).add(same);
            }
        }
        return new Rejection(failing, next, lastMatched, deepest.pending.all(),
                spec.enabledActions(deepest.state), candidates, wouldEmit);
    }

    private static TraceEvent lastMatched(Node n, int k) {
        if (n.cursor[k] == 0) return null;
        Node x = n;
        for (; x.parent != null; x = x.parent) {
            if (x.matchedStream == k) return x.matched;
        }
        return x.matchedStream == k ? x.matched : x.base.lastMatched[k];
    }

    private List<SearchResult.FileStats> fileStats(Node end) {
        List<SearchResult.FileStats> out = new ArrayList<>();
        for (int k = 0; k < streams.size(); k++) {
            EventStream s = streams.get(k);
            out.add(new SearchResult.FileStats(s.file.name(), s.side == null ? "?" : s.side.prefix(),
                    s.file.header().format().label(), s.totalEvents, s.mappedSoFar(), end.cursor[k],
                    new LinkedHashMap<>(s.skipped)));
        }
        return out;
    }
}
