package org.migspec.checker.coverage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.migspec.checker.report.Json;
import org.migspec.checker.report.RunRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Conformance coverage: what the accepted runs reached (spec actions, abstract states) as a part
 * of what TLC reaches in the model each run was checked against ({@link TlcReachable}), what
 * they never reached, and what they reached that TLC's model does not (a discrepancy: it
 * cannot happen when the model is the run's own trace configuration, so one found is a bug of
 * the checker or the cache, and is printed as one).
 *
 * @param models per configuration key: the runs' side and TLC's side
 */
public record Conformance(Map<String, Model> models) {

    /** One model: the accepted runs checked with it and TLC's reachable sets. */
    public record Model(TlcReachable tlc, int acceptedRuns, Set<String> actions, Set<String> abstractStates) {
        Set<String> actionsBeyond() {
            return minus(actions, tlc.actions());
        }

        Set<String> statesBeyond() {
            return minus(abstractStates, tlc.abstractStates());
        }
    }

    /** The accepted runs of {@code records}, each against the set of its configuration. */
    public static Conformance of(List<RunRecord> records, Map<String, TlcReachable> reachable) {
        Map<String, Model> models = new TreeMap<>();
        for (Map.Entry<String, TlcReachable> e : reachable.entrySet()) {
            int accepted = 0;
            Set<String> actions = new TreeSet<>();
            Set<String> abs = new TreeSet<>();
            for (RunRecord r : records) {
                if (r.exitCode() != 0 || !e.getKey().equals(r.configKey())) continue;
                accepted++;
                actions.addAll(r.actionsTaken());
                abs.addAll(r.abstractStates());
            }
            models.put(e.getKey(), new Model(e.getValue(), accepted, actions, abs));
        }
        return new Conformance(models);
    }

    public Set<String> tlcActions() {
        Set<String> out = new TreeSet<>();
        models.values().forEach(m -> out.addAll(m.tlc().actions()));
        return out;
    }

    public Set<String> tlcStates() {
        Set<String> out = new TreeSet<>();
        models.values().forEach(m -> out.addAll(m.tlc().abstractStates()));
        return out;
    }

    /** Actions of the runs that TLC's models can take too. */
    public Set<String> actionsCovered() {
        Set<String> out = new TreeSet<>();
        models.values().forEach(m -> out.addAll(m.actions()));
        out.retainAll(tlcActions());
        return out;
    }

    public Set<String> statesCovered() {
        Set<String> out = new TreeSet<>();
        models.values().forEach(m -> out.addAll(m.abstractStates()));
        out.retainAll(tlcStates());
        return out;
    }

    /**
     * Abstract states with both processes alive: most of TLC's sets are states after a crash or
     * a quit (up to MaxFaults of them, in any combination), which a figure over all states hides.
     */
    static Set<String> bothAlive(Set<String> states) {
        Set<String> out = new TreeSet<>();
        for (String s : states) {
            Map<String, String> f = AbstractStates.parse(s);
            if (!"exited".equals(f.get("srcRun")) && !"exited".equals(f.get("dstRun"))) out.add(s);
        }
        return out;
    }

    public Set<String> actionsNeverTaken() {
        return minus(tlcActions(), actionsCovered());
    }

    public Set<String> statesNeverReached() {
        return minus(tlcStates(), statesCovered());
    }

    /** Per model, what its runs reached that TLC's model does not: each one a discrepancy. */
    public Map<String, Set<String>> statesBeyond() {
        Map<String, Set<String>> out = new TreeMap<>();
        models.forEach((k, m) -> {
            if (!m.statesBeyond().isEmpty()) out.put(k, m.statesBeyond());
        });
        return out;
    }

    public Map<String, Set<String>> actionsBeyond() {
        Map<String, Set<String>> out = new TreeMap<>();
        models.forEach((k, m) -> {
            if (!m.actionsBeyond().isEmpty()) out.put(k, m.actionsBeyond());
        });
        return out;
    }

    static String pct(int part, int whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** The text of batch mode: figures, per model, the never-reached lists (the states' first {@code listed}). */
    public String text(int listed) {
        StringBuilder sb = new StringBuilder();
        int ta = tlcActions().size(), ts = tlcStates().size();
        sb.append(String.format(Locale.ROOT, "Conformance coverage against TLC's reachable sets: actions %d of %d (%s), "
                        + "abstract states %d of %d (%s)%n", actionsCovered().size(), ta, pct(actionsCovered().size(), ta),
                statesCovered().size(), ts, pct(statesCovered().size(), ts)));
        int ac = bothAlive(statesCovered()).size(), at = bothAlive(tlcStates()).size();
        sb.append(String.format(Locale.ROOT, "  abstract states with both processes alive: %d of %d (%s)%n", ac, at, pct(ac, at)));
        models.forEach((k, m) -> {
            int ca = intersect(m.actions(), m.tlc().actions()), cs = intersect(m.abstractStates(), m.tlc().abstractStates());
            sb.append(String.format(Locale.ROOT, "  model %s (TraceMigration with the run's constants): %d accepted runs; "
                            + "actions %d of %d (%s), abstract states %d of %d (%s); TLC: %,d distinct states, %.1f s (CPU %.1f s)%s%n",
                    k, m.acceptedRuns(), ca, m.tlc().actions().size(), pct(ca, m.tlc().actions().size()), cs,
                    m.tlc().abstractStates().size(), pct(cs, m.tlc().abstractStates().size()), m.tlc().distinctStates(),
                    m.tlc().seconds(), m.tlc().cpuSeconds(), m.tlc().cached() ? ", cached in build/coverage" : ""));
        });
        Set<String> never = actionsNeverTaken();
        sb.append("  actions TLC's models take, never taken (").append(never.size()).append("): ")
                .append(never.isEmpty() ? "none" : String.join(", ", never)).append('\n');
        List<String> ns = new ArrayList<>(statesNeverReached());
        sb.append("  abstract states never reached (").append(ns.size()).append(ns.size() > listed ? ", the first "
                + listed + "; all in --json" : "").append(")").append(ns.isEmpty() ? ": none" : ":").append('\n');
        for (String s : ns.subList(0, Math.min(listed, ns.size()))) sb.append("    ").append(s).append('\n');
        statesBeyond().forEach((k, set) -> {
            sb.append("  DISCREPANCY: ").append(set.size()).append(" abstract states reached by accepted runs of ").append(k)
                    .append(" that TLC's model does not reach:\n");
            for (String s : set) sb.append("    ").append(s).append('\n');
        });
        actionsBeyond().forEach((k, set) -> sb.append("  DISCREPANCY: actions taken by accepted runs of ").append(k)
                .append(" that TLC's model never takes: ").append(String.join(", ", set)).append('\n'));
        return sb.toString();
    }

    private static int intersect(Set<String> a, Set<String> b) {
        int n = 0;
        for (String x : a) if (b.contains(x)) n++;
        return n;
    }

    public ObjectNode json() {
        ObjectNode o = Json.object();
        int ta = tlcActions().size(), ts = tlcStates().size();
        ObjectNode a = o.putObject("actions");
        a.put("covered", actionsCovered().size());
        a.put("tlc", ta);
        a.put("percent", ta == 0 ? 0 : Math.round(1000.0 * actionsCovered().size() / ta) / 10.0);
        a.set("neverTaken", Json.value(actionsNeverTaken()));
        ObjectNode s = o.putObject("abstractStates");
        s.put("covered", statesCovered().size());
        s.put("tlc", ts);
        s.put("percent", ts == 0 ? 0 : Math.round(1000.0 * statesCovered().size() / ts) / 10.0);
        s.set("reached", Json.value(statesCovered()));
        ObjectNode alive = s.putObject("bothAlive");
        alive.put("covered", bothAlive(statesCovered()).size());
        alive.put("tlc", bothAlive(tlcStates()).size());
        s.set("neverReached", Json.value(statesNeverReached()));
        ArrayNode ms = o.putArray("models");
        models.forEach((k, m) -> {
            ObjectNode x = ms.addObject();
            x.put("model", k);
            x.put("what", "TraceMigration.tla with the constants the checker gives runs of " + k);
            x.put("acceptedRuns", m.acceptedRuns());
            x.put("actionsCovered", intersect(m.actions(), m.tlc().actions()));
            x.put("actionsTlc", m.tlc().actions().size());
            x.put("abstractStatesCovered", intersect(m.abstractStates(), m.tlc().abstractStates()));
            x.put("abstractStatesTlc", m.tlc().abstractStates().size());
            x.put("tlcDistinctStates", m.tlc().distinctStates());
            x.put("tlcSeconds", Math.round(m.tlc().seconds() * 100) / 100.0);
            x.put("tlcCpuSeconds", Math.round(m.tlc().cpuSeconds() * 100) / 100.0);
            x.put("tlcCached", m.tlc().cached());
        });
        ObjectNode d = o.putObject("discrepancies");
        d.set("abstractStatesBeyondTlc", Json.value(new LinkedHashMap<>(statesBeyond())));
        d.set("actionsBeyondTlc", Json.value(new LinkedHashMap<>(actionsBeyond())));
        return o;
    }
}
