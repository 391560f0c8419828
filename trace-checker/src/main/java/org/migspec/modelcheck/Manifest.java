package org.migspec.modelcheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model-checking manifest ({@code spec/manifest.json}): the TLA+ module to
 * check, defaults, and the models with their expected outcomes.
 *
 * <pre>
 * { "module": "MCMigration",
 *   "defaults": { "constants": {...}, "view": "MCView", "checkDeadlock": false,
 *                 "invariants": [...], "properties": [...],
 *                 "specification": "Spec", "workers": 1 },
 *   "models": [ { "name": "...", "quick": true, "description": "...",
 *                 "constants": {...}, "invariants": [...], "properties": [...],
 *                 "view": ..., "checkDeadlock": ..., "specification": ..., "workers": 1,
 *                 "expected": { "outcome": "violated", "kind": "invariant", "property": "X" },
 *                 "recorded": { "distinct": 1, "generated": 2, "depth": 3, "seconds": 4.5 } } ] }
 * </pre>
 * Optional, and checked when present: a top-level {@code "properties"} object, one entry per
 * property the models check, {@code { "meaning": "...", "violatedBy": ["model", ...] }}, where
 * every model named expects a violation of that property, and every property any model checks
 * has an entry with at least one such model (or an {@code "exempt"} reason): no property is
 * vacuous; and a model's {@code "survives"}, the name of the model (itself, or one with the same
 * constants) that checks {@value #SURVIVAL_PROPERTY} for its configuration.
 * Every key is checked; a {@code "comment"} key is allowed (and ignored) in every object.
 * Errors name the file and the field: {@code spec/manifest.json: models[2] (x).expected.kind: ...}.
 *
 * @param file   where it was read from
 * @param module the TLA+ module TLC checks (without {@code .tla})
 * @param models the models, defaults applied, in manifest order
 * @param survivesLinks each model's {@code "survives"}, by model name (models without one are absent)
 */
public record Manifest(Path file, String module, List<ModelEntry> models, Map<String, String> survivesLinks) {

    public Manifest(Path file, String module, List<ModelEntry> models) {
        this(file, module, models, Map.of());
    }

    private static final Set<String> TOP_KEYS = Set.of("module", "defaults", "models", "properties", "description",
            "comment");
    private static final Set<String> DEFAULT_KEYS = Set.of("constants", "view", "checkDeadlock", "invariants",
            "properties", "specification", "workers", "comment");
    private static final Set<String> MODEL_KEYS = Set.of("name", "quick", "description", "constants", "invariants",
            "properties", "view", "checkDeadlock", "specification", "workers", "expected", "recorded", "survives",
            "comment");
    private static final Set<String> PROPERTY_KEYS = Set.of("meaning", "violatedBy", "exempt", "comment");
    /** The property a model's {@code "survives"} link is about. */
    static final String SURVIVAL_PROPERTY = "GuestSurvives";
    private static final Set<String> EXPECTED_KEYS = Set.of("outcome", "kind", "property", "comment");

    public static Manifest load(Path file) throws BadInputException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": manifest not found");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read manifest: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": invalid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        return new Reader(file).manifest(root);
    }

    /** The model that checks GuestSurvives for {@code model}'s constants, or null. */
    public String survives(String model) {
        return survivesLinks.get(model);
    }

    public ModelEntry model(String name) {
        for (ModelEntry m : models) if (m.name().equals(name)) return m;
        return null;
    }

    /** Reads and checks the tree; every error names the field. */
    private static final class Reader {
        private final Path file;

        Reader(Path file) {
            this.file = file;
        }

        Manifest manifest(JsonNode root) throws BadInputException {
            object(root, "(top level)");
            keys(root, TOP_KEYS, "");
            String module = requiredName(root, "module", "module");
            JsonNode defaults = root.path("defaults");
            if (!defaults.isMissingNode()) {
                object(defaults, "defaults");
                keys(defaults, DEFAULT_KEYS, "defaults.");
            }
            JsonNode models = root.get("models");
            if (models == null || !models.isArray() || models.isEmpty())
                throw bad("models", "must be a non-empty array");
            List<ModelEntry> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < models.size(); i++) {
                JsonNode m = models.get(i);
                String where = "models[" + i + "]";
                object(m, where);
                String name = requiredName(m, "name", where + ".name");
                if (!name.matches("[A-Za-z0-9_.-]+") || name.startsWith("."))
                    throw bad(where + ".name", "must be letters, digits, '_', '-' or '.' (it names a directory), got \"" + name + "\"");
                where = where + " (" + name + ")";
                if (!names.add(name)) throw bad(where + ".name", "duplicate model name");
                keys(m, MODEL_KEYS, where + ".");
                out.add(model(m, defaults, name, where));
            }
            Map<String, String> links = new LinkedHashMap<>();
            for (int i = 0; i < models.size(); i++) {
                survives(models.get(i), out.get(i), out, "models[" + i + "] (" + out.get(i).name() + ")");
                if (models.get(i).path("survives").isTextual())
                    links.put(out.get(i).name(), models.get(i).path("survives").asText());
            }
            JsonNode properties = root.path("properties");
            if (!properties.isMissingNode()) properties(properties, out);
            return new Manifest(file, module, Collections.unmodifiableList(out), Collections.unmodifiableMap(links));
        }

        private ModelEntry model(JsonNode m, JsonNode d, String name, String where) throws BadInputException {
            Map<String, JsonNode> constants = new LinkedHashMap<>();
            constants(d.path("constants"), "defaults.constants", constants);
            constants(m.path("constants"), where + ".constants", constants);
            List<String> invariants = names(pick(m, d, "invariants"), fieldOf(m, where, "invariants"));
            List<String> properties = names(pick(m, d, "properties"), fieldOf(m, where, "properties"));
            JsonNode view = pick(m, d, "view");
            if (!view.isMissingNode() && !view.isNull() && !isName(view))
                throw bad(fieldOf(m, where, "view"), "must be an operator name or null");
            JsonNode deadlock = pick(m, d, "checkDeadlock");
            if (!deadlock.isMissingNode() && !deadlock.isBoolean())
                throw bad(fieldOf(m, where, "checkDeadlock"), "must be true or false");
            JsonNode spec = pick(m, d, "specification");
            if (!spec.isMissingNode() && !isName(spec))
                throw bad(fieldOf(m, where, "specification"), "must be an operator name");
            JsonNode workers = pick(m, d, "workers");
            if (!workers.isMissingNode() && !(workers.isIntegralNumber() && workers.asInt() >= 1 && workers.asInt() <= 64))
                throw bad(fieldOf(m, where, "workers"), "must be an integer from 1 to 64");
            JsonNode quick = m.path("quick");
            if (!quick.isMissingNode() && !quick.isBoolean()) throw bad(where + ".quick", "must be true or false");
            JsonNode description = m.path("description");
            if (!description.isMissingNode() && !description.isTextual())
                throw bad(where + ".description", "must be a string");
            return new ModelEntry(name, quick.asBoolean(false), description.asText("").strip(),
                    Collections.unmodifiableMap(constants), invariants, properties,
                    view.isMissingNode() || view.isNull() ? null : view.asText(),
                    deadlock.asBoolean(false), spec.isMissingNode() ? "Spec" : spec.asText(),
                    workers.isMissingNode() ? 1 : workers.asInt(),
                    expected(m.get("expected"), where + ".expected"),
                    recorded(m.get("recorded"), where + ".recorded"));
        }

        private static ModelEntry named(List<ModelEntry> models, String name) {
            for (ModelEntry m : models) if (m.name().equals(name)) return m;
            return null;
        }

        /** A model's "survives": the model that checks GuestSurvives for the same constants. */
        private void survives(JsonNode m, ModelEntry model, List<ModelEntry> models, String where)
                throws BadInputException {
            JsonNode s = m.path("survives");
            if (s.isMissingNode()) return;
            if (!s.isTextual()) throw bad(where + ".survives", "must be a model name");
            ModelEntry other = named(models, s.asText());
            if (other == null) throw bad(where + ".survives", "no model \"" + s.asText() + "\"");
            if (!other.invariants().contains(SURVIVAL_PROPERTY))
                throw bad(where + ".survives", "model \"" + other.name() + "\" does not check " + SURVIVAL_PROPERTY);
            if (!other.constants().equals(model.constants()) || !other.specification().equals(model.specification()))
                throw bad(where + ".survives", "model \"" + other.name() + "\" has other constants or another specification");
        }

        /** The "properties" map: each property checked somewhere is shown violable by a model. */
        private void properties(JsonNode p, List<ModelEntry> models) throws BadInputException {
            object(p, "properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = "properties." + e.getKey();
                if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) throw bad(where, "must be an operator name");
                object(e.getValue(), where);
                keys(e.getValue(), PROPERTY_KEYS, where + ".");
                JsonNode meaning = e.getValue().path("meaning");
                if (!meaning.isTextual() || meaning.asText().isBlank()) throw bad(where + ".meaning", "must be a non-empty string");
                JsonNode exempt = e.getValue().path("exempt");
                if (!exempt.isMissingNode() && (!exempt.isTextual() || exempt.asText().isBlank()))
                    throw bad(where + ".exempt", "must be a non-empty string (the reason)");
                List<String> by = names(e.getValue().path("violatedBy"), where + ".violatedBy");
                if (by.isEmpty() && exempt.isMissingNode())
                    throw bad(where + ".violatedBy", "name at least one model that violates it (or give \"exempt\")");
                for (String n : by) {
                    ModelEntry m = named(models, n);
                    if (m == null) throw bad(where + ".violatedBy", "no model \"" + n + "\"");
                    if (!m.expected().violated() || !e.getKey().equals(m.expected().property()))
                        throw bad(where + ".violatedBy", "model \"" + n + "\" does not expect " + e.getKey() + " violated");
                }
            }
            for (ModelEntry m : models) {
                List<String> checked = new ArrayList<>(m.invariants());
                checked.addAll(m.properties());
                for (String name : checked)
                    if (!p.has(name))
                        throw bad("properties", "no entry for " + name + " (checked by model \"" + m.name() + "\")");
            }
        }

        private Expected expected(JsonNode e, String where) throws BadInputException {
            if (e == null) throw bad(where, "missing (every model states its expected outcome)");
            object(e, where);
            keys(e, EXPECTED_KEYS, where + ".");
            String outcome = e.path("outcome").asText(null);
            if (!e.path("outcome").isTextual() || !(outcome.equals("holds") || outcome.equals("violated")))
                throw bad(where + ".outcome", "must be \"holds\" or \"violated\"");
            JsonNode kindNode = e.path("kind");
            JsonNode propNode = e.path("property");
            if (outcome.equals("holds")) {
                if (!kindNode.isMissingNode() || !propNode.isMissingNode())
                    throw bad(where, "\"holds\" takes no kind or property");
                return Expected.holds();
            }
            Outcome.Kind kind = kindNode.isTextual() ? Outcome.Kind.ofViolation(kindNode.asText()) : null;
            if (kind == null)
                throw bad(where + ".kind", "must be one of invariant, action, liveness, deadlock"
                        + (kindNode.isMissingNode() ? "" : " (got " + kindNode + ")"));
            String property = null;
            if (!propNode.isMissingNode() && !propNode.isNull()) {
                if (!isName(propNode)) throw bad(where + ".property", "must be an operator name");
                property = propNode.asText();
            }
            if ((kind == Outcome.Kind.INVARIANT || kind == Outcome.Kind.ACTION) && property == null)
                throw bad(where + ".property", "required for kind \"" + kind.json + "\"");
            if (kind == Outcome.Kind.DEADLOCK && property != null)
                throw bad(where + ".property", "a deadlock has no property");
            return new Expected(true, kind, property);
        }

        private Recorded recorded(JsonNode r, String where) throws BadInputException {
            if (r == null || r.isNull()) return null;
            object(r, where);
            return new Recorded(longOrNull(r, "distinct", where), longOrNull(r, "generated", where),
                    longOrNull(r, "depth", where),
                    r.path("seconds").isNumber() ? r.path("seconds").asDouble() : null);
        }

        private Long longOrNull(JsonNode r, String key, String where) throws BadInputException {
            JsonNode n = r.path(key);
            if (n.isMissingNode() || n.isNull()) return null;
            if (!n.isIntegralNumber()) throw bad(where + "." + key, "must be an integer");
            return n.asLong();
        }

        private void constants(JsonNode c, String where, Map<String, JsonNode> into) throws BadInputException {
            if (c.isMissingNode()) return;
            object(c, where);
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*"))
                    throw bad(where, "\"" + e.getKey() + "\" is not a TLA+ constant name");
                try {
                    CfgWriter.toTla(e.getValue());
                } catch (IllegalArgumentException x) {
                    throw bad(where + "." + e.getKey(), x.getMessage());
                }
                into.put(e.getKey(), e.getValue()); // an override keeps the default's position
            }
        }

        private static JsonNode pick(JsonNode model, JsonNode defaults, String key) {
            JsonNode v = model.path(key);
            return v.isMissingNode() ? defaults.path(key) : v;
        }

        private static String fieldOf(JsonNode model, String where, String key) {
            return model.has(key) ? where + "." + key : "defaults." + key;
        }

        private List<String> names(JsonNode list, String where) throws BadInputException {
            if (list.isMissingNode() || list.isNull()) return List.of();
            if (!list.isArray()) throw bad(where, "must be an array of operator names");
            List<String> out = new ArrayList<>();
            for (JsonNode n : list) {
                if (!isName(n)) throw bad(where, "must be an array of operator names (got " + n + ")");
                out.add(n.asText());
            }
            return Collections.unmodifiableList(out);
        }

        private String requiredName(JsonNode node, String key, String where) throws BadInputException {
            JsonNode n = node.get(key);
            if (n == null) throw bad(where, "missing");
            if (!n.isTextual() || n.asText().isBlank()) throw bad(where, "must be a non-empty string");
            return n.asText();
        }

        private static boolean isName(JsonNode n) {
            return n.isTextual() && n.asText().matches("[A-Za-z_][A-Za-z0-9_]*");
        }

        private void object(JsonNode n, String where) throws BadInputException {
            if (!n.isObject()) throw bad(where, "must be an object");
        }

        private void keys(JsonNode n, Set<String> allowed, String prefix) throws BadInputException {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k))
                    throw bad(prefix + k, "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }

        private BadInputException bad(String field, String problem) {
            return new BadInputException(file + ": " + field + ": " + problem);
        }
    }
}
