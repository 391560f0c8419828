package org.migspec.impl.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a bad run's schedule shorter while its outcome class stays: drop one action, or move one
 * point earlier (an event's emission count halved, then the event before it on the same side; a
 * delay halved, then the status before it). Each candidate is re-run; the first that keeps the
 * class is taken and the search starts again from it, until no candidate keeps it or the budget
 * of re-runs is spent. Runs are timing-dependent, so a kept candidate reproduced the class once:
 * the report says so.
 */
public final class Shrinker {
    /** The shrunk schedule, the run that showed it, and what was tried. */
    public record Result(Outcome outcome, RunRecord original, Schedule schedule, RunRecord run, int reruns,
                         List<String> steps) {
    }

    private final CampaignRunner runner;
    private final Path base;
    private final int budget;

    public Shrinker(CampaignRunner runner, Path base, int budget) {
        this.runner = runner;
        this.base = base;
        this.budget = budget;
    }

    public Result shrink(RunRecord bad) throws IOException, InterruptedException {
        Schedule cur = bad.schedule();
        RunRecord curRun = bad;
        List<String> steps = new ArrayList<>();
        int reruns = 0;
        boolean progress = true;
        while (progress && reruns < budget) {
            progress = false;
            for (Candidate c : candidates(cur)) {
                if (reruns >= budget) {
                    break;
                }
                reruns++;
                Path dir = base.resolve("shrink").resolve(bad.outcome().label() + "-" + String.format("%03d", bad.schedule().index())
                        + "-" + String.format("%02d", reruns));
                RunRecord r = runner.run(c.schedule(), dir, base);
                boolean keep = r.outcome() == bad.outcome();
                steps.add(c.what() + ": " + r.outcome().label() + (keep ? " (kept)" : ""));
                System.out.println("shrink " + bad.dir() + ": " + c.what() + " -> " + r.outcome().label() + (keep ? " (kept)" : ""));
                if (keep) {
                    cur = c.schedule();
                    curRun = r;
                    progress = true;
                    break;
                }
            }
        }
        return new Result(bad.outcome(), bad, cur, curRun, reruns, steps);
    }

    private record Candidate(String what, Schedule schedule) {
    }

    /** Dropping comes first (the biggest cut), then earlier points. */
    private static List<Candidate> candidates(Schedule s) {
        List<Candidate> out = new ArrayList<>();
        List<Schedule.Action> as = s.actions();
        if (as.size() > 1) {
            for (int i = 0; i < as.size(); i++) {
                List<Schedule.Action> l = new ArrayList<>(as);
                Schedule.Action gone = l.remove(i);
                out.add(new Candidate("drop " + gone.describe(), s.withActions(l)));
            }
        }
        for (int i = 0; i < as.size(); i++) {
            Schedule.Action a = as.get(i);
            Schedule.Point earlier = a.point() == null ? null : earlier(a.point(), s);
            if (earlier != null) {
                List<Schedule.Action> l = new ArrayList<>(as);
                l.set(i, new Schedule.Action(a.what(), a.side(), earlier, a.healMs()));
                out.add(new Candidate("move " + a.key() + " to " + earlier.describe(), s.withActions(l)));
            }
        }
        return out;
    }

    static Schedule.Point earlier(Schedule.Point p, Schedule s) {
        if (p.isEvent()) {
            if (p.count() > 1) {
                return Schedule.Point.event(p.side(), p.thread(), p.event(), p.count() / 2);
            }
            List<EventPoints.Candidate> cs = EventPoints.of(p.side(), s.postcopy(), s.returnPath());
            for (int i = cs.size() - 1; i >= 0; i--) {
                EventPoints.Candidate c = cs.get(i);
                if (EventPoints.rank(Schedule.Point.event(c.side(), c.thread(), c.event(), 1)) < EventPoints.rank(p)) {
                    return Schedule.Point.event(c.side(), c.thread(), c.event(), 1);
                }
            }
            return null;
        }
        if (p.delayMs() > 50) {
            return Schedule.Point.status(p.side(), p.status(), p.delayMs() / 2);
        }
        int r = ScheduleGenerator.STATUS_ORDER.indexOf(p.status());
        return r > 0 ? Schedule.Point.status(p.side(), ScheduleGenerator.STATUS_ORDER.get(r - 1), p.delayMs()) : null;
    }
}
