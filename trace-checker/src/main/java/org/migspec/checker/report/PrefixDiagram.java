package org.migspec.checker.report;

import org.migspec.checker.input.TraceEvent;
import org.migspec.checker.search.PathStep;
import org.migspec.checker.search.Rejection;
import org.migspec.checker.spec.SpecEvent;
import org.migspec.modelcheck.ChannelTraffic;
import org.migspec.modelcheck.Counterexample;
import org.migspec.modelcheck.MermaidSequenceDiagram;
import org.migspec.modelcheck.TraceState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Mermaid sequence diagram of a matched prefix, drawn by the model-checking runner's
 * {@link MermaidSequenceDiagram} (the path's states have the same {@code step} and
 * {@code chan} as a TLC counterexample), ending with a note on the failing event.
 * Labels carry the spec step numbers of the text report (0 = the initial state).
 */
public final class PrefixDiagram {
    private PrefixDiagram() {
    }

    /** The diagram source (no Markdown fence), showing at most the last {@code maxSteps} steps. */
    public static String render(List<PathStep> path, int maxSteps, Rejection rj) {
        return render(path, maxSteps, rj, false);
    }

    /** @param undecided a bound cut the search: the failing note does not claim that nothing explains it */
    public static String render(List<PathStep> path, int maxSteps, Rejection rj, boolean undecided) {
        if (path.isEmpty() || maxSteps <= 0) return "";
        int from = Math.max(0, path.size() - 1 - maxSteps);
        List<TraceState> states = new ArrayList<>();
        for (PathStep p : path.subList(from, path.size())) {
            Map<String, Object> vars = new LinkedHashMap<>(p.variables());
            vars.put("step", stepValue(p));
            states.add(new TraceState(p.number(), p.tlcAction(), null, null, vars));
        }
        String base = MermaidSequenceDiagram.render(new Counterexample(states, null, null, false),
                ChannelTraffic.MIGSPEC_QUEUES);
        List<String> lines = new ArrayList<>(base.lines().toList());
        List<String> participants = new ArrayList<>();
        int body = 1;
        while (body < lines.size() && lines.get(body).startsWith("    participant ")) {
            participants.add(lines.get(body).substring("    participant ".length()).split(" ")[0]);
            body++;
        }
        String all = participants.isEmpty() ? null
                : participants.get(0) + (participants.size() > 1 ? "," + participants.get(participants.size() - 1) : "");
        if (from > 0 && all != null) {
            lines.add(body, "    Note over " + all + ": " + text("steps 1–" + path.get(from).number()
                    + " not shown (the diagram shows the last " + maxSteps + " steps)"));
        }
        if (rj != null) {
            TraceEvent f = rj.failing();
            if (f != null) {
                String lane = laneOf(f, path, rj);
                lines.add("    Note over " + id(lane) + ": " + text("✗ " + shortWhere(f) + " " + f.describe()
                        + (undecided ? " — not explained within the bounds" : " — no legal behaviour explains it")));
            } else if (all != null) {
                List<String> ev = new ArrayList<>();
                for (SpecEvent e : rj.pending()) ev.add(e.describe());
                lines.add("    Note over " + all + ": " + text("✗ end of the logs"
                        + (ev.isEmpty() ? ": the spec cannot end here" : ", never logged: " + String.join(", ", ev))));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static Map<String, Object> stepValue(PathStep p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("actor", p.step().actor());
        m.put("action", p.step().action());
        List<Object> events = new ArrayList<>();
        for (SpecEvent e : p.step().events()) {
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("th", e.thread());
            ev.put("ev", e.name());
            ev.put("args", e.args().isEmpty() ? List.of() : e.args());
            events.add(ev);
        }
        m.put("events", events);
        return m;
    }

    /** The spec thread that logs {@code f}'s event: as on the path, or as a candidate would emit it. */
    static String laneOf(TraceEvent f, List<PathStep> path, Rejection rj) {
        String side = f.side() == null ? "src" : f.side().prefix();
        for (SpecEvent e : rj.pending()) if (e.name().equals(f.name()) && e.thread().startsWith(side + "/")) return e.thread();
        for (int i = path.size() - 1; i >= 0; i--) {
            for (SpecEvent e : path.get(i).step().events()) {
                if (e.name().equals(f.name()) && e.thread().startsWith(side + "/")) return e.thread();
            }
        }
        for (List<List<SpecEvent>> alts : rj.wouldEmit().values()) {
            for (List<SpecEvent> evs : alts) {
                for (SpecEvent e : evs) if (e.name().equals(f.name()) && e.thread().startsWith(side + "/")) return e.thread();
            }
        }
        if (f.name().startsWith("source_return_path")) return "src/return-path";
        if (f.name().startsWith("savevm_") || f.name().startsWith("postcopy_start")) return "src/migration";
        if (f.name().startsWith("postcopy_ram_listen")) return "dst/listen";
        return side + "/main";
    }

    static String shortWhere(TraceEvent e) {
        String file = e.file();
        int slash = file.lastIndexOf('/');
        return (slash >= 0 ? file.substring(slash + 1) : file) + ":" + e.line();
    }

    static String id(String lane) {
        String id = lane.replaceAll("[^A-Za-z0-9_]", "_");
        return id.isEmpty() || Character.isDigit(id.charAt(0)) ? "l_" + id : id;
    }

    static String text(String s) {
        return s.replace("\n", " ").replace(";", ",").replace("#", "no.").replace("%%", "%");
    }
}
