package org.migspec.checker.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.migspec.checker.input.TraceEvent;
import org.migspec.checker.search.BoundHit;
import org.migspec.checker.search.FaultUse;
import org.migspec.checker.search.PathStep;
import org.migspec.checker.search.Rejection;
import org.migspec.checker.search.SearchResult;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.checker.spec.SpecEvent;
import org.migspec.checker.spec.TraceConfig;
import org.migspec.modelcheck.StateDiff;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The --json report, schema {@value #SCHEMA} (documented in trace-checker/README.md):
 * {@code {"schema", "verdict", "exitCode", "runs": [run...], "coverage"}}.
 */
public final class JsonReport {
    public static final String SCHEMA = "migspec-check/1";

    private JsonReport() {
    }

    /** One run, everything the text report shows. */
    public static ObjectNode run(RunOutcome o, int diagramSteps) {
        ObjectNode n = Json.object();
        n.put("name", o.name());
        n.put("verdict", o.kind().word());
        n.put("exitCode", o.exitCode());
        n.put("reason", o.reason());
        n.set("config", config(o));
        ArrayNode logs = n.putArray("logs");
        SearchResult r = o.result();
        if (r == null) {
            for (String l : o.logs()) logs.addObject().put("file", l);
        } else {
            for (int i = 0; i < r.files().size(); i++) {
                SearchResult.FileStats f = r.files().get(i);
                ObjectNode x = logs.addObject();
                x.put("file", f.file());
                x.put("side", f.side());
                x.put("format", f.format());
                x.put("events", f.events());
                x.put("mapped", f.mapped());
                x.put("matched", f.matched());
                long skipped = 0;
                for (long c : f.skipped().values()) skipped += c;
                x.put("skipped", skipped);
                x.set("skippedByName", Json.value(TextReport.topSkipped(f.skipped(), Integer.MAX_VALUE)));
                x.put("nonTraceLines", o.nonTraceLines().getOrDefault(f.file(), 0L));
                var notes = x.putArray("notes");
                for (String note : o.inputNotes().getOrDefault(f.file(), java.util.List.of())) notes.add(note);
                if (r.rejection() != null) lastMatched(x, r.rejection(), i);
            }
            ObjectNode s = n.putObject("search");
            s.put("nodes", r.nodes());
            s.put("distinctStates", r.distinctStates());
            s.put("steps", r.steps());
            s.put("millis", r.nanos() / 1_000_000);
            s.put("loadMillis", o.loadNanos() / 1_000_000);
            s.put("eventsPerSecond", r.nanos() == 0 ? 0 : (long) (r.events() * 1e9 / r.nanos()));
            n.set("actionsTaken", Json.value(r.actionsTaken()));
            n.set("explanation", explanation(r));
            ArrayNode bs = n.putArray("bounds");
            for (BoundHit h : r.bounds().values()) {
                ObjectNode b = bs.addObject();
                b.put("bound", h.bound().key());
                b.put("flag", h.bound().flag);
                b.put("limit", h.limit());
                b.put("file", h.file());
                b.put("line", h.line());
                b.put("event", h.event());
                b.put("detail", h.detail());
            }
            n.put("exhaustive", r.bounds().isEmpty());
            n.put("clockOrdered", r.clockOrdered());
            n.set("assumptions", Json.value(r.assumptions().allowed()));
            n.set("notAssumed", Json.value(r.notAssumed()));
        }
        n.set("rejection", r == null || r.rejection() == null ? Json.F.nullNode() : rejection(r, diagramSteps));
        return n;
    }

    /** Accepted: the unlogged faults and hidden steps of the explanation; else null. */
    static com.fasterxml.jackson.databind.JsonNode explanation(SearchResult r) {
        if (r.verdict() != org.migspec.checker.search.Verdict.ACCEPTED) return Json.F.nullNode();
        ObjectNode x = Json.object();
        ArrayNode fs = x.putArray("unloggedFaults");
        for (FaultUse f : r.faults()) {
            fs.addObject().put("kind", f.kind()).put("action", f.action()).put("step", f.step())
                    .put("hidden", !f.shown()).put("after", f.after()).put("basis", f.basis());
        }
        x.put("hiddenSteps", r.hiddenSteps());
        x.set("hiddenStepsByAction", Json.value(r.hidden()));
        return x;
    }

    static ObjectNode config(RunOutcome o) {
        TraceConfig c = o.config();
        if (c == null) return null;
        ObjectNode x = Json.object();
        x.put("key", c.key());
        x.put("variant", c.variant());
        x.put("variantSource", o.variantSource());
        x.put("postcopy", c.postcopy());
        x.put("returnPath", c.returnPath());
        x.put("pauseBeforeSwitchover", c.pauseBeforeSwitchover());
        x.put("management", c.management());
        x.put("lateBlockActivate", c.lateBlockActivate());
        x.put("lockHolder", c.lockHolder());
        x.put("lockHolderReleases", c.lockHolderReleases());
        x.put("managementSource", o.managementSource());
        return x;
    }

    private static ObjectNode rejection(SearchResult r, int diagramSteps) {
        Rejection rj = r.rejection();
        ObjectNode x = Json.object();
        x.set("failing", event(rj.failing()));
        ArrayNode logs = x.putArray("logs");
        for (int i = 0; i < rj.nextEvents().size(); i++) {
            ObjectNode l = logs.addObject();
            l.put("file", r.files().get(i).file());
            lastMatched(l, rj, i);
            l.set("next", event(rj.nextEvents().get(i)));
        }
        List<PathStep> path = r.path();
        PathStep last = path.isEmpty() ? null : path.get(path.size() - 1);
        if (last != null) {
            ObjectNode s = x.putObject("lastStep");
            s.put("number", last.number());
            s.put("action", last.tlcAction());
            s.put("actor", last.step().actor());
            s.put("function", last.step().action());
            s.set("events", specEvents(last.step().events()));
            ArrayNode ch = x.putArray("changed");
            if (path.size() > 1) {
                for (StateDiff.Change c : StateDiff.diff(path.get(path.size() - 2).variables(), last.variables(), Set.of())) {
                    ch.addObject().put("path", c.path()).put("change", c.change());
                }
            }
            x.set("state", Json.value(last.variables()));
        }
        x.set("pending", specEvents(rj.pending()));
        x.set("enabled", Json.value(rj.enabled()));
        ArrayNode cands = x.putArray("candidates");
        for (Map.Entry<String, List<LoadedSpec.Conjunct>> e : rj.candidates().entrySet()) {
            ObjectNode c = cands.addObject();
            c.put("action", e.getKey());
            c.put("enabled", rj.enabled().contains(e.getKey()));
            ArrayNode cs = c.putArray("conjuncts");
            Integer falseAt = null;
            for (LoadedSpec.Conjunct k : e.getValue()) {
                cs.addObject().put("index", k.index()).put("source", k.source()).put("location", k.location())
                        .put("value", k.verdict());
                if (!TextReport.holds(k.verdict())) falseAt = k.index();
            }
            if (falseAt == null) c.putNull("falseConjunct");
            else c.put("falseConjunct", falseAt);
            ArrayNode we = c.putArray("wouldEmit");
            for (List<SpecEvent> alt : rj.wouldEmit().getOrDefault(e.getKey(), List.of())) we.add(specEvents(alt));
        }
        x.put("diagram", PrefixDiagram.render(path, diagramSteps, rj,
                r.verdict() == org.migspec.checker.search.Verdict.UNDECIDED));
        return x;
    }

    static com.fasterxml.jackson.databind.JsonNode event(TraceEvent e) {
        if (e == null) return Json.F.nullNode();
        ObjectNode o = Json.object();
        o.put("file", e.file());
        o.put("line", e.line());
        o.put("side", e.side() == null ? null : e.side().prefix());
        o.put("name", e.name());
        o.set("args", Json.value(e.args()));
        o.put("text", e.describe());
        return o;
    }

    static ArrayNode specEvents(List<SpecEvent> evs) {
        ArrayNode a = Json.array();
        for (SpecEvent e : evs) {
            ObjectNode o = a.addObject();
            o.put("thread", e.thread());
            o.put("name", e.name());
            o.set("args", Json.value(e.args()));
            o.put("text", e.describe());
        }
        return a;
    }

    /** The whole document for a list of run records (and batch coverage, or null). */
    public static ObjectNode document(List<RunRecord> runs, ObjectNode coverage) {
        ObjectNode d = Json.object();
        d.put("schema", SCHEMA);
        int exit = RunRecord.worstExit(runs);
        boolean anyRejected = false;
        for (RunRecord r : runs) anyRejected |= r.verdict().equals("rejected");
        // exit code 1 is shared: the document says which (rejected wins over undecided)
        d.put("verdict", runs.size() == 1 ? runs.get(0).verdict() : exit == 0 ? "accepted"
                : exit == 1 ? (anyRejected ? "rejected" : "undecided") : exit == 2 ? "bad-input" : "internal-error");
        d.put("exitCode", exit);
        ArrayNode a = d.putArray("runs");
        for (RunRecord r : runs) a.add(r.json());
        if (coverage != null) d.set("coverage", coverage);
        return d;
    }

    /** lastMatchedLine, and lastMatchedFile: the thread's file for per-thread logs, else the log. */
    private static void lastMatched(ObjectNode o, Rejection rj, int i) {
        o.put("lastMatchedLine", rj.matchedLine(i));
        TraceEvent e = rj.lastMatched().get(i);
        o.put("lastMatchedFile", e == null ? null : e.file());
    }
}
