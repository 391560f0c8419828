package org.migspec.impl.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign's results: {@code campaign.json} (every run with its schedule, outcome class and the
 * trace checker's verdict, the shrunk bad outcomes, the checker's spec-action coverage) and
 * {@code report.md} (the same for people: outcome counts by fault and by point, the runs the
 * checker did not accept, the bad outcomes and their shortest schedules).
 */
public final class CampaignReport {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode header;
    private final List<RunRecord> runs;
    private final JsonNode verdicts;
    private final List<Shrinker.Result> shrunk;

    /** {@code header}: backend, variant, seed, ... as given; {@code verdicts}: the checker's JSON (null if it did not run). */
    public CampaignReport(ObjectNode header, List<RunRecord> runs, JsonNode verdicts, List<Shrinker.Result> shrunk) {
        this.header = header;
        this.runs = runs;
        this.verdicts = verdicts;
        this.shrunk = shrunk;
    }

    /** The checker's verdict of a run ("accepted", "rejected", "undecided", ...; "unchecked" if none). */
    public String verdict(RunRecord r) {
        JsonNode v = checkerRun(r);
        return v == null ? "unchecked" : v.path("verdict").asText("unchecked");
    }

    private String reason(RunRecord r) {
        JsonNode v = checkerRun(r);
        return v == null ? "" : v.path("reason").asText("");
    }

    private JsonNode checkerRun(RunRecord r) {
        if (verdicts == null) {
            return null;
        }
        String leaf = Path.of(r.dir()).getFileName().toString();
        for (JsonNode v : verdicts.path("runs")) {
            String name = v.path("name").asText();
            if (name.equals(r.dir()) || name.equals(leaf) || name.endsWith("/" + leaf)) {
                return v;
            }
        }
        return null;
    }

    /** Rejected, undecided, bad input or internal error: not accepted and checked. */
    public long notAccepted() {
        return runs.stream().map(this::verdict).filter(v -> !"accepted".equals(v) && !"unchecked".equals(v)).count();
    }

    public void write(Path dir) throws IOException {
        ObjectNode o = header.deepCopy();
        ArrayNode rs = o.putArray("runs");
        for (RunRecord r : runs) {
            ObjectNode n = r.toJson(json);
            n.put("verdict", verdict(r));
            n.put("reason", reason(r));
            rs.add(n);
        }
        o.set("outcomes", json.valueToTree(count(r -> List.of(r.outcome().label()))));
        o.set("verdicts", json.valueToTree(count(r -> List.of(verdict(r)))));
        ArrayNode sh = o.putArray("shrunk");
        for (Shrinker.Result s : shrunk) {
            ObjectNode n = sh.addObject().put("outcome", s.outcome().label()).put("from", s.original().dir())
                    .put("reruns", s.reruns()).put("run", s.run().dir());
            n.set("schedule", s.schedule().toJson(json));
            n.set("steps", json.valueToTree(s.steps()));
        }
        if (verdicts != null && verdicts.has("coverage")) {
            o.set("coverage", verdicts.get("coverage"));
        }
        json.writeValue(dir.resolve("campaign.json").toFile(), o);
        Files.writeString(dir.resolve("report.md"), markdown());
    }

    private Map<String, Long> count(java.util.function.Function<RunRecord, List<String>> key) {
        Map<String, Long> m = new TreeMap<>();
        for (RunRecord r : runs) {
            for (String k : key.apply(r)) {
                m.merge(k, 1L, Long::sum);
            }
        }
        return m;
    }

    private String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Fault campaign: ").append(header.path("backend").asText()).append(", variant ")
                .append(header.path("variant").asText()).append(", seed ").append(header.path("seed").asText()).append("\n\n");
        long wall = runs.stream().mapToLong(RunRecord::wallMs).sum();
        b.append(runs.size()).append(" runs, ").append(String.format("%.1f", wall / 1000.0)).append(" s of run time (")
                .append(runs.isEmpty() ? "-" : String.format("%.1f", wall / 1000.0 / runs.size())).append(" s per run), time limit ")
                .append(header.path("time_limit_s").asText()).append(" s per run; re-run one: `")
                .append(header.path("rerun").asText()).append("`\n\n");
        b.append("Outcomes: ").append(count(r -> List.of(r.outcome().label()))).append("  \n");
        b.append("Checker verdicts: ").append(count(r -> List.of(verdict(r)))).append("\n\n");
        table(b, "Outcomes by fault", r -> r.schedule().actions().stream().map(Schedule.Action::key).distinct().toList());
        table(b, "Outcomes by fault and point", r -> r.schedule().actions().stream()
                .map(a -> a.key() + " @ " + (a.point() == null ? "its own point" : a.point().key())).distinct().toList());
        table(b, "Outcomes by migration kind", r -> List.of(r.schedule().kind()));
        b.append("## Runs the checker did not accept\n\n");
        boolean any = false;
        for (RunRecord r : runs) {
            String v = verdict(r);
            if (!"accepted".equals(v) && !"unchecked".equals(v)) {
                any = true;
                b.append("* `").append(r.dir()).append("` **").append(v).append("** (").append(suspect(v)).append("): ")
                        .append(reason(r)).append("  \n  schedule: ").append(r.schedule().describe()).append("\n");
            }
        }
        b.append(any ? "\n" : "None.\n\n");
        b.append("## Bad outcomes (lost, split brain, stuck)\n\n");
        any = false;
        for (RunRecord r : runs) {
            if (r.outcome().bad()) {
                any = true;
                b.append("* `").append(r.dir()).append("` **").append(r.outcome().label()).append("**: ")
                        .append(r.schedule().describe()).append("  \n  end: ").append(r.endState()).append("\n");
            }
        }
        b.append(any ? "\n" : "None.\n\n");
        b.append("## Shortest schedule per bad outcome (shrunk)\n\n");
        if (shrunk.isEmpty()) {
            b.append("None (no bad outcome, or shrinking was off).\n\n");
        }
        for (Shrinker.Result s : shrunk) {
            b.append("* **").append(s.outcome().label()).append("** from `").append(s.original().dir()).append("` (")
                    .append(s.original().schedule().actions().size()).append(" actions) after ").append(s.reruns())
                    .append(" re-runs: ").append(s.schedule().describe()).append(" (shown by `").append(s.run().dir())
                    .append("`; runs are timing-dependent: it reproduced once)\n");
            s.steps().forEach(x -> b.append("  * ").append(x).append("\n"));
        }
        b.append("\n## Run errors\n\n");
        any = false;
        for (RunRecord r : runs) {
            if (r.outcome() == Outcome.RUN_ERROR) {
                any = true;
                b.append("* `").append(r.dir()).append("`: ").append(r.error()).append("\n");
            }
        }
        b.append(any ? "\n" : "None.\n\n");
        coverage(b);
        b.append("## All runs\n\n| run | schedule | outcome | verdict | faults fired | s |\n|---|---|---|---|---|---|\n");
        for (RunRecord r : runs) {
            b.append("| ").append(r.dir()).append(" | ").append(r.schedule().describe().replace("|", "/")).append(" | ")
                    .append(r.outcome().label()).append(" | ").append(verdict(r)).append(" | ")
                    .append(r.faultsFired() < 0 ? "-" : String.valueOf(r.faultsFired())).append(" | ")
                    .append(String.format("%.1f", r.wallMs() / 1000.0)).append(" |\n");
        }
        return b.toString();
    }

    /** A first guess at whose a rejection is, for triage; the checker's reason says what departed. */
    private String suspect(String verdict) {
        if ("undecided".equals(verdict)) {
            return "the checker's search budget ran out: neither side's fault yet";
        }
        if (!"rejected".equals(verdict)) {
            return "the run's logs could not be read: the harness or the tracing";
        }
        return "qemu".equals(header.path("backend_kind").asText())
                ? "QEMU did something the spec does not allow: a spec gap, or a QEMU bug if the spec is right"
                : "the implementation departed from the spec: an implementation bug, or a spec gap if the implementation is right";
    }

    private void table(StringBuilder b, String title, java.util.function.Function<RunRecord, List<String>> keys) {
        Map<String, Map<String, Integer>> m = new TreeMap<>();
        for (RunRecord r : runs) {
            for (String k : keys.apply(r)) {
                m.computeIfAbsent(k, x -> new LinkedHashMap<>()).merge(r.outcome().label(), 1, Integer::sum);
            }
        }
        b.append("## ").append(title).append("\n\n| | ");
        List<String> cols = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            cols.add(o.label());
        }
        b.append(String.join(" | ", cols)).append(" |\n|---|").append("---|".repeat(cols.size())).append("\n");
        for (Map.Entry<String, Map<String, Integer>> e : m.entrySet()) {
            b.append("| ").append(e.getKey());
            for (String c : cols) {
                b.append(" | ").append(e.getValue().getOrDefault(c, 0));
            }
            b.append(" |\n");
        }
        b.append("\n");
    }

    private void coverage(StringBuilder b) {
        JsonNode c = verdicts == null ? null : verdicts.get("coverage");
        b.append("## Spec coverage (trace checker)\n\n");
        if (c == null) {
            b.append("The checker did not run.\n\n");
            return;
        }
        b.append(c.path("acceptedRuns").asText()).append(" of ").append(c.path("runs").asText())
                .append(" runs accepted; spec actions taken ").append(c.path("actionsTaken").size()).append(" of ")
                .append(c.path("actionsTotal").asText()).append(", distinct spec states ").append(c.path("distinctStates").asText())
                .append(".\n\nTaken: ").append(join(c.path("actionsTaken"))).append("\n\nNever taken: ")
                .append(join(c.path("actionsNeverTaken"))).append("\n\n");
        conformance(b, c.path("conformance"));
    }

    /** Abstract states of the never-reached list written into report.md; verdicts.json has all. */
    private static final int LISTED = 200;

    /** Actions and abstract states covered, % of what TLC reaches in each run's model (trace-checker/README.md). */
    private void conformance(StringBuilder b, JsonNode k) {
        b.append("## Conformance coverage (accepted runs against TLC's reachable sets)\n\n");
        if (k.isMissingNode()) {
            b.append("Not computed (the checker ran with -Dmigspec.tlcCoverage=false, or could not compute TLC's sets: "
                    + "see checker.log).\n\n");
            return;
        }
        JsonNode a = k.path("actions");
        JsonNode st = k.path("abstractStates");
        b.append("Actions: **").append(a.path("covered").asInt()).append(" of ").append(a.path("tlc").asInt())
                .append("** TLC's models take (").append(a.path("percent").asText()).append("%); abstract states: **")
                .append(st.path("covered").asInt()).append(" of ").append(st.path("tlc").asInt()).append("** TLC reaches (")
                .append(st.path("percent").asText()).append("%), of them with both processes alive **")
                .append(st.path("bothAlive").path("covered").asInt()).append(" of ").append(st.path("bothAlive").path("tlc").asInt())
                .append("**. Each run's model is spec/TraceMigration.tla with the constants "
                        + "the checker gave the run (its variant and capabilities, every fault up to MaxFaults, every "
                        + "operator command, quit); the abstract state is spec/AbstractState.tla's projection.\n\n");
        b.append("| model | accepted runs | actions | abstract states | TLC distinct states | TLC s (CPU s) |\n|---|---|---|---|---|---|\n");
        for (JsonNode m : k.path("models")) {
            b.append("| ").append(m.path("model").asText()).append(" | ").append(m.path("acceptedRuns").asInt()).append(" | ")
                    .append(m.path("actionsCovered").asInt()).append(" / ").append(m.path("actionsTlc").asInt()).append(" | ")
                    .append(m.path("abstractStatesCovered").asInt()).append(" / ").append(m.path("abstractStatesTlc").asInt())
                    .append(" | ").append(m.path("tlcDistinctStates").asLong()).append(" | ").append(m.path("tlcSeconds").asText())
                    .append(" (").append(m.path("tlcCpuSeconds").asText("-")).append(")")
                    .append(m.path("tlcCached").asBoolean() ? " (cached)" : "").append(" |\n");
        }
        JsonNode rounds = header.path("rounds");
        if (rounds.isArray() && !rounds.isEmpty()) {
            b.append("\n`--target uncovered`: per round, what its schedules were weighted by and the coverage after it.\n\n"
                    + "| runs | never-taken actions | never-reached abstract states | actions after | abstract states after |\n"
                    + "|---|---|---|---|---|\n");
            for (JsonNode r : rounds) {
                int first = r.path("first_run").asInt();
                b.append("| ").append(first).append("-").append(first + r.path("runs").asInt() - 1).append(" | ")
                        .append(r.path("weighted_by_never_taken_actions").asInt()).append(" | ")
                        .append(r.path("weighted_by_never_reached_abstract_states").asInt()).append(" | ")
                        .append(r.path("actions_covered").asText("-")).append(" / ").append(r.path("actions_tlc").asText("-"))
                        .append(" | ").append(r.path("abstract_states_covered").asText("-")).append(" / ")
                        .append(r.path("abstract_states_tlc").asText("-")).append(" |\n");
            }
        }
        JsonNode beyond = k.path("discrepancies").path("abstractStatesBeyondTlc");
        JsonNode beyondActions = k.path("discrepancies").path("actionsBeyondTlc");
        if (beyond.size() > 0 || beyondActions.size() > 0) {
            b.append("\n**DISCREPANCY: accepted runs reached what TLC's model does not.** A run's model is the spec the "
                    + "checker explained it with, so this is a bug of the checker or of the cached sets (build/coverage).\n\n");
            beyond.fields().forEachRemaining(e -> e.getValue().forEach(x -> b.append("* ").append(e.getKey()).append(": `")
                    .append(x.asText()).append("`\n")));
            beyondActions.fields().forEachRemaining(e -> b.append("* ").append(e.getKey()).append(": actions ")
                    .append(join(e.getValue())).append("\n"));
        }
        b.append("\nActions TLC's models take that no accepted run took: ").append(join(a.path("neverTaken"))).append("\n\n");
        JsonNode never = st.path("neverReached");
        b.append("<details><summary>Abstract states TLC reaches that no accepted run reached: ").append(never.size())
                .append(never.size() > LISTED ? " (the first " + LISTED + "; all in verdicts.json)" : "")
                .append("</summary>\n\n");
        int n = 0;
        for (JsonNode x : never) {
            if (n++ == LISTED) {
                break;
            }
            b.append("    ").append(x.asText()).append("\n");
        }
        b.append("\n</details>\n\n");
    }

    private static String join(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(x -> l.add(x.asText()));
        return l.isEmpty() ? "none" : String.join(", ", l);
    }
}
