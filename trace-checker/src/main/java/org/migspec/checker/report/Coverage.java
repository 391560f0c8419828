package org.migspec.checker.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.migspec.checker.coverage.Conformance;
import org.migspec.checker.coverage.TlcReachable;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the accepted runs of a batch cover together: the spec actions they took, the
 * distinct spec states on their paths (the union of TLC fingerprints, under TraceView),
 * and the actions of the spec none of them took; with TLC's reachable sets, the
 * conformance coverage ({@link Conformance}: actions and abstract states, % of TLC's).
 *
 * @param conformance null when TLC's reachable sets were not computed
 */
public record Coverage(int runs, int acceptedRuns, Set<String> taken, Set<String> all, long distinctStates,
                       java.util.Map<String, Long> unloggedFaults, long hiddenSteps, Conformance conformance) {

    /** Abstract states of the never-reached list printed in the text (the JSON has all). */
    static final int LISTED = 25;

    public static Coverage of(List<RunRecord> records) {
        return of(records, null);
    }

    /** {@code reachable}: TLC's sets per configuration key, or null (no conformance coverage). */
    public static Coverage of(List<RunRecord> records, java.util.Map<String, TlcReachable> reachable) {
        Set<String> taken = new TreeSet<>();
        Set<String> all = new TreeSet<>();
        Set<Long> fps = new HashSet<>();
        int accepted = 0;
        java.util.Map<String, Long> faults = new java.util.TreeMap<>();
        long hidden = 0;
        for (RunRecord r : records) {
            all.addAll(r.allActions());
            if (r.exitCode() != 0) continue;
            accepted++;
            taken.addAll(r.actionsTaken());
            for (long f : r.fingerprints()) fps.add(f);
            // what the explanations assumed: the faults no log line shows, the hidden steps
            if (r.json() == null) continue;
            var x = r.json().path("explanation");
            for (var f : x.path("unloggedFaults")) faults.merge(f.path("kind").asText(), 1L, Long::sum);
            hidden += x.path("hiddenSteps").asLong();
        }
        return new Coverage(records.size(), accepted, taken, all, fps.size(), faults, hidden,
                reachable == null ? null : Conformance.of(records, reachable));
    }

    public Set<String> never() {
        Set<String> out = new TreeSet<>(all);
        out.removeAll(taken);
        return out;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Coverage by the %d accepted runs of %d: %d of %d spec actions taken, "
                + "%,d distinct spec states%n", acceptedRuns, runs, taken.size(), all.size(), distinctStates));
        Set<String> never = never();
        sb.append("  actions taken (").append(taken.size()).append("): ").append(String.join(", ", taken)).append('\n');
        sb.append("  actions never taken (").append(never.size()).append("): ")
                .append(never.isEmpty() ? "none" : String.join(", ", never)).append('\n');
        List<String> fs = new java.util.ArrayList<>();
        unloggedFaults.forEach((k, v) -> fs.add(k + " " + v));
        sb.append("  unlogged faults the explanations used: ").append(fs.isEmpty() ? "none" : String.join(", ", fs))
                .append("; hidden steps: ").append(hiddenSteps).append('\n');
        if (conformance != null) sb.append(conformance.text(LISTED));
        return sb.toString();
    }

    public ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("runs", runs);
        o.put("acceptedRuns", acceptedRuns);
        o.put("distinctStates", distinctStates);
        o.put("actionsTotal", all.size());
        o.set("actionsTaken", Json.value(taken));
        o.set("actionsNeverTaken", Json.value(never()));
        o.set("unloggedFaults", Json.value(unloggedFaults));
        o.put("hiddenSteps", hiddenSteps);
        if (conformance != null) o.set("conformance", conformance.json());
        return o;
    }
}
