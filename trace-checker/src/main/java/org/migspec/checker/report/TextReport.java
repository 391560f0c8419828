package org.migspec.checker.report;

import org.migspec.checker.input.TraceEvent;
import org.migspec.checker.search.PathStep;
import org.migspec.checker.search.Rejection;
import org.migspec.checker.search.SearchResult;
import org.migspec.checker.spec.LoadedSpec;
import org.migspec.checker.spec.SpecEvent;
import org.migspec.checker.spec.TraceConfig;
import org.migspec.modelcheck.StateDiff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The readable report: the verdict first, then per log what was read, mapped, matched and
 * skipped, and on rejection the first unexplained event, the longest matched prefix of
 * each log, the spec state reached with what its last step changed, the enabled actions,
 * the candidate actions' conjuncts, and a Mermaid diagram of the matched prefix.
 */
public final class TextReport {
    /** Candidate actions shown with all their conjuncts; the others get one line. */
    static final int DETAILED_CANDIDATES = 4;
    /** Disabled candidates listed in one line each after the detailed ones. */
    static final int OTHER_CANDIDATES = 10;
    static final int LAST_STEPS = 8;

    private TextReport() {
    }

    public static String render(RunOutcome o, int diagramSteps) {
        StringBuilder sb = new StringBuilder();
        sb.append(o.kind().name()).append("  ").append(o.name()).append('\n');
        if (o.result() == null) {
            sb.append("  ").append(o.message()).append('\n');
            if (o.config() != null) sb.append("  spec: ").append(configLine(o)).append('\n');
            return sb.toString();
        }
        SearchResult r = o.result();
        Rejection rj = r.rejection();
        if (rj != null) {
            sb.append("  ").append(o.reason()).append('\n');
        }
        verdictBasis(sb, r);
        sb.append('\n').append("Logs\n");
        for (int i = 0; i < r.files().size(); i++) {
            SearchResult.FileStats f = r.files().get(i);
            long skipped = 0;
            for (long c : f.skipped().values()) skipped += c;
            sb.append(String.format(Locale.ROOT, "  %-3s %s  [%s]%n", f.side(), f.file(), f.format()));
            sb.append(String.format(Locale.ROOT, "      %d events: %d mapped, %d matched, %d skipped%s%n", f.events(),
                    f.mapped(), f.matched(), skipped, skipped == 0 ? "" : " (" + topSkippedText(f.skipped(), 6) + ")"));
            long nonTrace = o.nonTraceLines().getOrDefault(f.file(), 0L);
            if (nonTrace > 0) sb.append("      ").append(nonTrace).append(" non-trace lines skipped (--lenient)\n");
            for (String note : o.inputNotes().getOrDefault(f.file(), List.of())) {
                sb.append("      note: ").append(note).append('\n');
            }
        }
        sb.append("Spec    ").append(configLine(o)).append('\n');
        double secs = r.nanos() / 1e9;
        sb.append(String.format(Locale.ROOT, "Search  %,d nodes, %,d distinct states, %d spec steps, %.2f s (%,d events/s)%s%n",
                r.nodes(), r.distinctStates(), r.steps(), secs,
                secs == 0 ? 0 : (long) (r.events() / secs),
                o.loadNanos() > 0 ? String.format(Locale.ROOT, "; spec loaded in %.2f s", o.loadNanos() / 1e9) : ""));
        if (rj != null) rejection(sb, r, rj, diagramSteps);
        return sb.toString();
    }

    /**
     * What the verdict rests on: for an acceptance, the hidden steps and unlogged faults the
     * explanation used; for a rejection, that the search was exhaustive and under which
     * assumptions; for an undecided run, every bound that cut a branch, where and its flag.
     */
    private static void verdictBasis(StringBuilder sb, SearchResult r) {
        sb.append('\n');
        switch (r.verdict()) {
            case ACCEPTED -> {
                sb.append("Explanation\n");
                sb.append("  unlogged faults: ").append(r.faults().isEmpty() ? "none" : String.valueOf(r.faults().size()))
                        .append('\n');
                for (var f : r.faults()) sb.append("    ").append(f.describe()).append('\n');
                sb.append("  hidden steps (no log line): ").append(r.hiddenSteps());
                if (!r.hidden().isEmpty()) {
                    List<String> parts = new ArrayList<>();
                    r.hidden().forEach((a, n) -> parts.add(a + " " + n));
                    sb.append(" (").append(String.join(", ", parts)).append(')');
                }
                sb.append('\n');
            }
            case REJECTED -> {
                sb.append("Exhaustive: no bound cut the search\n");
                if (r.clockOrdered()) {
                    sb.append("  it rests on the clocks of per-thread logs (R15: a line stamped before a QMP command's"
                            + " qmp_enter_* is not its effect; --no-timestamps checks without them)\n");
                }
            }
            case UNDECIDED -> {
                sb.append("Undecided: the search was cut by ").append(r.bounds().size())
                        .append(r.bounds().size() == 1 ? " bound" : " bounds")
                        .append(" (no explanation found within them; raising them may decide it)\n");
                for (var h : r.bounds().values()) {
                    sb.append("  ").append(h.bound().key()).append(" = ").append(h.limit()).append(" (").append(h.bound().what)
                            .append("), raise with ").append(h.bound().flag).append('\n');
                    sb.append("      first at ").append(h.where()).append(": ").append(h.detail()).append('\n');
                }
            }
        }
        sb.append("  unlogged faults allowed: ").append(r.assumptions().describe()).append('\n');
        if (r.verdict() != org.migspec.checker.search.Verdict.ACCEPTED && !r.notAssumed().isEmpty()) {
            sb.append("  not allowed (no record supports them; --assume ").append(String.join(",", r.notAssumed()))
                    .append(" widens): ").append(String.join(", ", r.notAssumed())).append('\n');
        }
    }

    static String configLine(RunOutcome o) {
        TraceConfig c = o.config();
        List<String> caps = new ArrayList<>();
        if (c.postcopy()) caps.add("postcopy-ram");
        if (c.returnPath()) caps.add("return path");
        if (c.pauseBeforeSwitchover()) caps.add("pause-before-switchover");
        if (c.lateBlockActivate()) caps.add("late-block-activate");
        caps.add(c.management() ? "management (-S, libvirt)" : "no management");
        if (c.lockHolder()) caps.add("a third process holds the image's locks"
                + (c.lockHolderReleases() ? ", then lets go" : ""));
        return c.key() + "  (variant " + c.variant() + " from " + o.variantSource() + "; " + String.join(", ", caps)
                + (o.managementSource() == null ? "" : "; management: " + o.managementSource()) + ")";
    }

    private static void rejection(StringBuilder sb, SearchResult r, Rejection rj, int diagramSteps) {
        TraceEvent failing = rj.failing();
        sb.append('\n');
        if (failing != null) {
            sb.append(r.verdict() == org.migspec.checker.search.Verdict.UNDECIDED
                    ? "First event no explanation within the bounds gets past\n"
                    : "First event no legal behaviour explains\n");
            sb.append("  ").append(failing.where()).append("  ").append(failing.describe()).append('\n');
        } else {
            sb.append("Every log line is matched, but the spec cannot end there\n");
        }
        sb.append('\n').append("Longest matched prefix\n");
        for (int i = 0; i < r.files().size(); i++) {
            SearchResult.FileStats f = r.files().get(i);
            TraceEvent lastEvent = rj.lastMatched().get(i);
            // a per-thread log's lines are numbered per thread file: name the file then
            String last = lastEvent == null || lastEvent.file().equals(f.file()) ? "line " + rj.matchedLine(i)
                    : lastEvent.where();
            TraceEvent next = rj.nextEvents().get(i);
            sb.append(String.format(Locale.ROOT, "  %-3s %s: %d of %d mapped events matched, through %s%n",
                    f.side(), shortName(f.file()), f.matched(), f.mapped(), last));
            sb.append("      next: ").append(next == null ? "(end of the log)"
                            : (next.file().equals(f.file()) ? "line " + next.line() : next.where()) + "  " + next.describe())
                    .append(next != null && next == failing ? "   <- not explained" : "").append('\n');
        }
        List<PathStep> path = r.path();
        if (!path.isEmpty()) {
            PathStep last = path.get(path.size() - 1);
            sb.append('\n').append("Spec state reached: after step ").append(last.number()).append(' ')
                    .append(stepLabel(last)).append('\n');
            if (path.size() > 1) {
                List<StateDiff.Change> changes = StateDiff.diff(path.get(path.size() - 2).variables(), last.variables(),
                        Set.of());
                sb.append("  changed in step ").append(last.number()).append(changes.isEmpty() ? ": nothing\n" : ":\n");
                for (StateDiff.Change c : changes) sb.append("    ").append(c).append('\n');
            } else {
                sb.append("  (the initial state)\n");
            }
            if (!rj.pending().isEmpty()) {
                sb.append("  emitted by the spec, not logged yet:");
                for (SpecEvent e : rj.pending()) sb.append("\n    ").append(e.thread()).append("  ").append(e.describe());
                sb.append('\n');
            }
            sb.append("  steps before it:\n");
            for (PathStep p : path.subList(Math.max(1, path.size() - LAST_STEPS), path.size())) {
                sb.append(String.format(Locale.ROOT, "    %4d  %s%n", p.number(), stepLabel(p)));
            }
        }
        sb.append('\n').append("Enabled actions there (").append(rj.enabled().size()).append("): ")
                .append(rj.enabled().isEmpty() ? "none" : String.join(", ", rj.enabled())).append('\n');
        if (failing != null) candidates(sb, rj, failing);
        String diagram = PrefixDiagram.render(path, diagramSteps, rj,
                r.verdict() == org.migspec.checker.search.Verdict.UNDECIDED);
        if (!diagram.isEmpty()) {
            sb.append('\n').append("Sequence diagram of the matched prefix (Mermaid; step numbers as above)\n");
            sb.append("```mermaid\n").append(diagram).append("```\n");
        }
    }

    private static void candidates(StringBuilder sb, Rejection rj, TraceEvent failing) {
        sb.append('\n').append("Actions that can log ").append(failing.name()).append(", in that state\n");
        if (rj.candidates().isEmpty()) {
            sb.append("  none: no spec action emits ").append(failing.name()).append('\n');
            return;
        }
        List<String> enabled = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        for (String a : rj.candidates().keySet()) (rj.enabled().contains(a) ? enabled : disabled).add(a);
        // enabled ones that would log the same event (with other arguments) first
        enabled.sort(Comparator.comparingInt((String a) -> logsSame(rj.wouldEmit().getOrDefault(a, List.of()), failing) ? 0 : 1));
        for (String a : enabled) {
            sb.append("  ").append(a).append("  enabled");
            List<List<SpecEvent>> alts = rj.wouldEmit().getOrDefault(a, List.of());
            if (alts.isEmpty()) {
                sb.append('\n');
                continue;
            }
            sb.append(":\n");
            java.util.Set<String> shown = new java.util.LinkedHashSet<>();
            for (List<SpecEvent> alt : alts) {
                List<String> same = new ArrayList<>();
                for (SpecEvent e : alt) same.add(e.describe());
                shown.add(same.isEmpty() ? "nothing on this side" : String.join(", ", same));
            }
            for (String w : shown) {
                sb.append("      would log ").append(w).append("; the log has ").append(failing.describe()).append('\n');
            }
        }
        // disabled ones: those that got furthest first
        disabled.sort(Comparator.comparingInt((String a) -> -trueCount(rj.candidates().get(a))));
        for (int i = 0; i < disabled.size(); i++) {
            String a = disabled.get(i);
            List<LoadedSpec.Conjunct> cs = rj.candidates().get(a);
            LoadedSpec.Conjunct bad = firstFalse(cs);
            if (i < DETAILED_CANDIDATES) {
                sb.append("  ").append(a).append("  disabled").append(bad == null ? "" : ": conjunct " + bad.index()
                        + " is " + bad.verdict()).append('\n');
                for (LoadedSpec.Conjunct c : cs) {
                    sb.append(String.format(Locale.ROOT, "    %s %2d  %-6s %s   (%s)%n", holds(c.verdict()) ? " " : "✗",
                            c.index(), shortVerdict(c.verdict()), c.source(), c.location()));
                }
            } else if (i >= DETAILED_CANDIDATES + OTHER_CANDIDATES) {
                sb.append("    … and ").append(disabled.size() - i).append(" more (all in --json)\n");
                break;
            } else {
                if (i == DETAILED_CANDIDATES) sb.append("  other actions that log it, disabled:\n");
                sb.append("    ").append(a).append(bad == null ? "" : ": conjunct " + bad.index() + " " + bad.verdict()
                        + ": " + bad.source()).append('\n');
            }
        }
    }

    private static boolean logsSame(List<List<SpecEvent>> alts, TraceEvent failing) {
        for (List<SpecEvent> alt : alts) for (SpecEvent e : alt) if (e.name().equals(failing.name())) return true;
        return false;
    }

    private static String shortVerdict(String v) {
        if (v.startsWith("FALSE")) return "FALSE";
        if (v.equals("satisfiable")) return "TRUE*";
        return v.length() > 6 ? v.substring(0, 6) : v;
    }

    static boolean holds(String verdict) {
        return verdict.equals("TRUE") || verdict.equals("satisfiable");
    }

    private static int trueCount(List<LoadedSpec.Conjunct> cs) {
        int n = 0;
        for (LoadedSpec.Conjunct c : cs) if (holds(c.verdict())) n++;
        return n;
    }

    private static LoadedSpec.Conjunct firstFalse(List<LoadedSpec.Conjunct> cs) {
        for (LoadedSpec.Conjunct c : cs) if (!holds(c.verdict())) return c;
        return null;
    }

    static String stepLabel(PathStep p) {
        if (p.number() == 0) return "(initial state)";
        StringBuilder sb = new StringBuilder();
        sb.append(p.tlcAction()).append(" by ").append(p.step().actor());
        if (p.step().action() != null && !p.step().action().equals(p.tlcAction())) sb.append(" (").append(p.step().action()).append(')');
        if (!p.step().events().isEmpty()) {
            List<String> evs = new ArrayList<>();
            for (SpecEvent e : p.step().events()) evs.add(e.describe());
            sb.append(": ").append(String.join(", ", evs));
        }
        return sb.toString();
    }

    static String shortName(String file) {
        int slash = file.lastIndexOf('/');
        return slash >= 0 ? file.substring(slash + 1) : file;
    }

    /** The most skipped event names, most first. */
    static Map<String, Long> topSkipped(Map<String, Long> skipped, int n) {
        List<Map.Entry<String, Long>> es = new ArrayList<>(skipped.entrySet());
        es.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : es) {
            if (out.size() >= n) break;
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    static String topSkippedText(Map<String, Long> skipped, int n) {
        List<String> parts = new ArrayList<>();
        topSkipped(skipped, n).forEach((k, v) -> parts.add(k + " " + v));
        if (skipped.size() > n) parts.add("… " + (skipped.size() - n) + " more names");
        return String.join(", ", parts);
    }
}
