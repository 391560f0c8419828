package org.migspec.impl.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a campaign's schedules from its seed: schedule {@code i} depends only on the seed, {@code
 * i} and the backend (a {@link SplittableRandom} per schedule, split from the seed's), so the same
 * seed gives the same schedules and a campaign of 10 runs is the first 10 of a campaign of 100.
 *
 * <p>Faults are drawn from what the backend can do: the implementation fires channel breaks and
 * crashes at its own trace events ({@link EventPoints}) or at a status point; real QEMU has status
 * points only (a QMP MIGRATION event and a delay), and a network between the processes that can
 * be partitioned.
 *
 * <p>With {@link CoverageTargets} ({@code --target uncovered}) the choices of postcopy, fault kind
 * and status point are weighted toward what the runs so far have not covered; schedule {@code i}
 * then depends on the seed, {@code i}, the backend and the targets. Every draw goes through
 * {@link #pick}, which draws exactly as the unweighted generator does when all weights are equal,
 * so {@link CoverageTargets#NONE} (the default) gives the same schedules as before targeting.
 */
public final class ScheduleGenerator {
    /** MIGRATION statuses a status point may name, in the order a migration reaches them. */
    static final List<String> STATUS_ORDER = List.of("setup", "active", "device", "postcopy-device", "postcopy-active",
            "postcopy-paused", "completed");

    private static final long[] POSTCOPY_BANDWIDTH = {8L << 20, 2L << 20, 0};

    private final long seed;
    private final boolean qemu;
    private final CoverageTargets targets;

    /** {@code qemu}: schedules for real QEMU (no event points, partitions); else for the implementation. */
    public ScheduleGenerator(long seed, boolean qemu) {
        this(seed, qemu, CoverageTargets.NONE);
    }

    /** Schedules weighted toward what {@code targets} says is not covered yet. */
    public ScheduleGenerator(long seed, boolean qemu, CoverageTargets targets) {
        this.seed = seed;
        this.qemu = qemu;
        this.targets = targets;
    }

    /** Schedules {@code from} to {@code from + n - 1} (a round of a targeted campaign). */
    public List<Schedule> generate(int from, int n) {
        List<Schedule> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(schedule(i));
        }
        return out;
    }

    public List<Schedule> generate(int n) {
        List<Schedule> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(schedule(i));
        }
        return out;
    }

    /** Schedule number {@code i} (from 1). */
    public Schedule schedule(int i) {
        // a stream per index, mixed from the seed: independent of how many schedules are drawn
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        boolean postcopy = pick(r, List.of(false, true), targets::postcopy);
        boolean returnPath = postcopy || r.nextBoolean();
        boolean management = r.nextBoolean();
        long bw = POSTCOPY_BANDWIDTH[r.nextInt(POSTCOPY_BANDWIDTH.length)];
        int faults = r.nextInt(100) < 50 ? 1 : r.nextInt(100) < 70 ? 2 : 3;
        List<Schedule.Action> actions = new ArrayList<>();
        boolean recoverable = false;
        for (int k = 0; k < faults; k++) {
            Schedule.Action a = action(r, postcopy, returnPath);
            actions.add(a);
            recoverable |= postcopy && List.of("channel-break", "migrate-pause", "partition").contains(a.what());
        }
        // an operator who sees a paused postcopy usually tries to recover it
        if (recoverable && r.nextInt(100) < 60) {
            actions.add(new Schedule.Action("recover", null, Schedule.Point.status("src", "postcopy-paused", r.nextLong(500)), 0));
        }
        return new Schedule(i, postcopy, returnPath, management, bw, actions);
    }

    private Schedule.Action action(SplittableRandom r, boolean postcopy, boolean returnPath) {
        // weights: faults first, operator commands less often
        String[] kinds = qemu
                ? new String[] {"channel-break", "channel-break", "kill", "kill", "kill", "device-load-failure",
                    "block-activation-failure", "partition", "partition", "migrate-pause", "migrate-pause",
                    "migrate_cancel", "migrate_cancel", "cont", "quit"}
                : new String[] {"channel-break", "channel-break", "channel-break", "kill", "kill", "kill",
                    "device-load-failure", "block-activation-failure", "migrate-pause", "migrate-pause",
                    "migrate_cancel", "migrate_cancel", "cont", "quit"};
        String what = pick(r, List.of(kinds), targets::kind);
        String side = r.nextBoolean() ? "src" : "dst";
        return switch (what) {
            case "device-load-failure" -> new Schedule.Action(what, "dst", null, 0);
            case "block-activation-failure" -> new Schedule.Action(what, null,
                    qemu ? statusPoint(r, "src", postcopy) : blockPoint(r, postcopy), 0);
            case "migrate_cancel" -> new Schedule.Action(what, "src", statusPoint(r, "src", postcopy), 0);
            case "partition" -> new Schedule.Action(what, null, statusPoint(r, "src", postcopy), 500 + r.nextLong(2500));
            case "channel-break", "kill" -> new Schedule.Action(what, side,
                    !qemu && r.nextInt(100) < 60 ? eventPoint(r, side, postcopy, returnPath)
                            : statusPoint(r, r.nextBoolean() ? "src" : "dst", postcopy), 0);
            default -> new Schedule.Action(what, side, statusPoint(r, r.nextBoolean() ? "src" : side, postcopy), 0);
        };
    }

    private static Schedule.Point eventPoint(SplittableRandom r, String side, boolean postcopy, boolean returnPath) {
        List<EventPoints.Candidate> cs = EventPoints.of(side, postcopy, returnPath);
        EventPoints.Candidate c = cs.get(r.nextInt(cs.size()));
        return Schedule.Point.event(side, c.thread(), c.event(), 1 + r.nextInt(c.maxCount()));
    }

    private Schedule.Point statusPoint(SplittableRandom r, String side, boolean postcopy) {
        List<String> st = postcopy ? List.of("setup", "active", "active", "postcopy-active", "postcopy-active", "completed")
                : List.of("setup", "active", "active", "active", "completed");
        return Schedule.Point.status(side, pick(r, st, x -> targets.status(side, x)), r.nextLong(1000));
    }

    /**
     * One of {@code options}, each as likely as its weight. With equal weights this is the
     * unweighted draw itself ({@code nextBoolean} for two options, {@code nextInt(size)} else), so
     * that untargeted schedules stay what they were.
     */
    static <T> T pick(SplittableRandom r, List<T> options, java.util.function.ToIntFunction<T> weight) {
        int[] w = new int[options.size()];
        int total = 0;
        boolean equal = true;
        for (int i = 0; i < w.length; i++) {
            w[i] = weight.applyAsInt(options.get(i));
            total += w[i];
            equal &= w[i] == w[0];
        }
        if (equal) {
            return options.size() == 2 ? options.get(r.nextBoolean() ? 1 : 0) : options.get(r.nextInt(options.size()));
        }
        int x = r.nextInt(total);
        for (int i = 0; i < w.length; i++) {
            x -= w[i];
            if (x < 0) {
                return options.get(i);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * The implementation's image lock can be taken by a third holder only once the source let it
     * go (block inactivation at the switchover): points after that, close to it.
     */
    private static Schedule.Point blockPoint(SplittableRandom r, boolean postcopy) {
        List<String> st = postcopy ? List.of("device", "postcopy-active") : List.of("device", "completed");
        return Schedule.Point.status("src", st.get(r.nextInt(st.size())), r.nextLong(50));
    }
}
