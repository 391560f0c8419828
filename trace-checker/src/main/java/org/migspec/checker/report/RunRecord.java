package org.migspec.checker.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.migspec.checker.search.PathStep;
import org.migspec.checker.spec.LoadedSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What is kept of a checked run for the reports and for batch coverage, and what a batch
 * worker sends back to its parent (one JSON line, {@link #toWire}).
 *
 * @param json          the run's --json object
 * @param text          the run's text report
 * @param actionsTaken  spec actions on the run's path (accepted runs only count for coverage)
 * @param fingerprints  TLC fingerprints of the states on the path (accepted runs; else empty)
 * @param abstractStates the abstract states (spec/AbstractState.tla) on the path (accepted runs; else empty)
 * @param allActions    every action of the spec this run was checked with (empty without a spec)
 * @param searchNanos   the search's time
 */
public record RunRecord(String name, String verdict, int exitCode, String reason, String configKey, ObjectNode json,
                        String text, Set<String> actionsTaken, long[] fingerprints, Set<String> abstractStates,
                        Set<String> allActions,
                        long searchNanos, long events) {

    public static RunRecord of(RunOutcome o, LoadedSpec spec, int diagramSteps) {
        Set<String> actions = new LinkedHashSet<>();
        long[] fps = new long[0];
        Set<String> abs = new java.util.TreeSet<>();
        if (o.result() != null && o.kind() == RunOutcome.Kind.ACCEPTED) {
            actions.addAll(o.result().actionsTaken());
            fps = o.result().states();
            abs.addAll(o.result().abstractStates());
        }
        return new RunRecord(o.name(), o.kind().word(), o.exitCode(), o.reason(),
                o.config() == null ? null : o.config().key(), JsonReport.run(o, diagramSteps),
                TextReport.render(o, diagramSteps), actions, fps, abs,
                spec == null ? Set.of() : new LinkedHashSet<>(spec.allActions()),
                o.result() == null ? 0 : o.result().nanos(), o.result() == null ? 0 : o.result().events());
    }

    public static int worstExit(List<RunRecord> runs) {
        int e = 0;
        for (RunRecord r : runs) e = Math.max(e, r.exitCode());
        return e;
    }

    public ObjectNode toWire() {
        ObjectNode o = Json.object();
        o.set("json", json);
        o.put("text", text);
        o.set("actionsTaken", Json.value(actionsTaken));
        ArrayNode fp = o.putArray("fingerprints");
        for (long f : fingerprints) fp.add(f);
        o.set("abstractStates", Json.value(abstractStates));
        o.set("allActions", Json.value(allActions));
        o.put("searchNanos", searchNanos);
        o.put("events", events);
        return o;
    }

    public static RunRecord fromWire(JsonNode w) {
        ObjectNode json = (ObjectNode) w.get("json");
        Set<String> actions = new LinkedHashSet<>();
        for (JsonNode a : w.path("actionsTaken")) actions.add(a.asText());
        Set<String> all = new LinkedHashSet<>();
        for (JsonNode a : w.path("allActions")) all.add(a.asText());
        JsonNode fpn = w.path("fingerprints");
        long[] fps = new long[fpn.size()];
        for (int i = 0; i < fps.length; i++) fps[i] = fpn.get(i).asLong();
        Set<String> abs = new java.util.TreeSet<>();
        for (JsonNode a : w.path("abstractStates")) abs.add(a.asText());
        JsonNode cfg = json.path("config");
        return new RunRecord(json.path("name").asText(), json.path("verdict").asText(), json.path("exitCode").asInt(),
                json.path("reason").asText(), cfg.isObject() ? cfg.path("key").asText() : null, json,
                w.path("text").asText(), actions, fps, abs, all, w.path("searchNanos").asLong(), w.path("events").asLong());
    }

    /** A run that could not be checked at all (its worker died, say). */
    public static RunRecord failed(String name, String kind, int exit, String message) {
        ObjectNode j = Json.object();
        j.put("name", name);
        j.put("verdict", kind);
        j.put("exitCode", exit);
        j.put("reason", message);
        j.putNull("config");
        j.putArray("logs");
        j.putNull("rejection");
        return new RunRecord(name, kind, exit, message, null, j, kind.toUpperCase() + "  " + name + "\n  " + message + "\n",
                Set.of(), new long[0], Set.of(), Set.of(), 0, 0);
    }
}
