package org.migspec.modelcheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spec/deep.json}: the checks beyond one machine's exhaustive reach.  Its models are
 * manifest models with some constants changed (typically {@code MaxFaults = 2} and more fault
 * kinds), so they follow every change of the manifest's defaults and of their base model; the
 * file also fixes the simulation's seed, depth and number of traces, and the model that the
 * distributed run checks.
 *
 * <pre>
 * {"simulate": {"seed": 1, "depth": 100, "traces": 5000},
 *  "distributed": {"model": "v4_no_return_path", "workers": 2},
 *  "models": [{"name": "v4_two_faults", "base": "v4_channel_break", "description": "...",
 *              "constants": {"Faults": ["channel-break", "dst-crash"], "MaxFaults": 2}}]}
 * </pre>
 */
public record DeepModels(Path file, long seed, int depth, long traces, String distributedModel,
                         int distributedWorkers, List<ModelEntry> models) {

    private static final Set<String> TOP_KEYS = Set.of("comment", "simulate", "distributed", "models");
    private static final Set<String> MODEL_KEYS = Set.of("name", "base", "description", "constants", "expected", "comment");

    public static DeepModels load(Path file, Manifest manifest) throws BadInputException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": not found");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": invalid JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new BadInputException(file + ": must be a JSON object");
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_KEYS.contains(k)) throw new BadInputException(file + ": unknown field \"" + k + "\"");
        }
        JsonNode sim = root.path("simulate");
        long seed = positive(file, sim, "simulate.seed", "seed");
        int depth = (int) Math.min(positive(file, sim, "simulate.depth", "depth"), 100_000);
        long traces = positive(file, sim, "simulate.traces", "traces");
        JsonNode dist = root.path("distributed");
        String distModel = dist.path("model").asText("");
        if (manifest.model(distModel) == null)
            throw new BadInputException(file + ": distributed.model: no model \"" + distModel + "\" in " + manifest.file());
        int workers = (int) Math.min(positive(file, dist, "distributed.workers", "workers"), 64);

        JsonNode models = root.path("models");
        if (!models.isArray() || models.isEmpty()) throw new BadInputException(file + ": models: must be a non-empty array");
        List<ModelEntry> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            String where = file + ": models[" + i + "]";
            if (!m.isObject()) throw new BadInputException(where + ": must be an object");
            for (var it = m.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!MODEL_KEYS.contains(k)) throw new BadInputException(where + ": unknown field \"" + k + "\"");
            }
            String name = m.path("name").asText("");
            if (!name.matches("[A-Za-z0-9_-]+")) throw new BadInputException(where + ".name: letters, digits, '_' or '-'");
            if (manifest.model(name) != null)
                throw new BadInputException(where + ".name: \"" + name + "\" is already a manifest model");
            ModelEntry base = manifest.model(m.path("base").asText(""));
            if (base == null)
                throw new BadInputException(where + ".base: no model \"" + m.path("base").asText("") + "\" in "
                        + manifest.file());
            Map<String, JsonNode> constants = new LinkedHashMap<>(base.constants());
            JsonNode c = m.path("constants");
            for (var it = c.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!constants.containsKey(e.getKey()))
                    throw new BadInputException(where + ".constants." + e.getKey() + ": not a constant of the spec");
                constants.put(e.getKey(), e.getValue());
            }
            out.add(new ModelEntry(name, false, m.path("description").asText(""), constants, base.invariants(),
                    base.properties(), base.view(), base.checkDeadlock(), base.specification(), 1,
                    expected(m.path("expected"), where + ".expected"), null));
        }
        return new DeepModels(file, seed, depth, traces, distModel, workers, List.copyOf(out));
    }

    /**
     * {@code {"outcome": "holds"}} (for a simulation: no violation found) or {@code {"outcome":
     * "violated", "kind": "invariant", "property": "NoStuckState"}}; missing means holds.
     */
    private static Expected expected(JsonNode e, String where) throws BadInputException {
        if (e.isMissingNode() || e.path("outcome").asText("").equals("holds")) return Expected.holds();
        if (!e.path("outcome").asText("").equals("violated"))
            throw new BadInputException(where + ".outcome: must be \"holds\" or \"violated\"");
        Outcome.Kind kind = Outcome.Kind.ofViolation(e.path("kind").asText(""));
        if (kind == null) throw new BadInputException(where + ".kind: must be invariant, action, liveness or deadlock");
        String property = e.path("property").isTextual() ? e.path("property").asText() : null;
        if ((kind == Outcome.Kind.INVARIANT || kind == Outcome.Kind.ACTION) && property == null)
            throw new BadInputException(where + ".property: required for an " + kind.json + " violation");
        return new Expected(true, kind, property);
    }

    /** The deep model of that name, or null. */
    public ModelEntry model(String name) {
        for (ModelEntry m : models) if (m.name().equals(name)) return m;
        return null;
    }

    private static long positive(Path file, JsonNode parent, String where, String key) throws BadInputException {
        JsonNode v = parent.path(key);
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() <= 0)
            throw new BadInputException(file + ": " + where + ": must be a positive integer");
        return v.asLong();
    }
}
