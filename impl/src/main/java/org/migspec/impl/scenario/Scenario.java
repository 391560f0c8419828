package org.migspec.impl.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.migspec.impl.common.Variant;

/**
 * A scenario file: guest and capability set-up, libvirt-like steps, and per-variant expectations.
 * Parsing checks every field and reports the first problem in one line.
 */
public record Scenario(String name, String description, List<Variant> variants, List<String> backends, JsonNode guest,
                       JsonNode dst, List<String> capabilities, List<String> srcCapabilities, JsonNode parameters,
                       List<JsonNode> steps, JsonNode expect) {
    /** A scenario runs on both backends unless it says otherwise ({@code "backends": ["qemu"]}). */
    static final List<String> BACKENDS = List.of("impl", "qemu");

    static final Set<String> STEP_KINDS = Set.of("prepare", "migrate", "wait", "wait_event", "qmp", "fault",
            "hold_image", "release_image", "release_stall", "kill", "start_postcopy", "finish", "stuck", "quit", "wait_exit", "wait_stalled",
            "repeat", "mark", "sleep");

    public static Scenario load(Path file) throws ScenarioException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ScenarioException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException(file + ": the scenario must be a JSON object");
        }
        String name = text(root, "name", file);
        List<Variant> variants = new ArrayList<>();
        JsonNode vs = root.get("variants");
        if (vs == null || !vs.isArray() || vs.isEmpty()) {
            throw new ScenarioException(file + ": 'variants' must be a non-empty list");
        }
        for (JsonNode v : vs) {
            try {
                variants.add(Variant.parse(v.asText()));
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(file + ": 'variants': " + e.getMessage());
            }
        }
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray()) {
            throw new ScenarioException(file + ": 'steps' must be a list");
        }
        List<JsonNode> stepList = new ArrayList<>();
        checkSteps(steps, file, "");
        steps.forEach(stepList::add);
        JsonNode expect = root.get("expect");
        if (expect == null || !expect.isObject()) {
            throw new ScenarioException(file + ": 'expect' must be an object keyed by variant");
        }
        for (Variant v : variants) {
            if (!expect.has(v.cliName())) {
                throw new ScenarioException(file + ": 'expect' has no entry for variant " + v.cliName());
            }
        }
        List<String> backends = root.has("backends") ? strings(root.get("backends"), file, "backends") : BACKENDS;
        if (backends.isEmpty() || !BACKENDS.containsAll(backends)) {
            throw new ScenarioException(file + ": 'backends' must list impl and/or qemu");
        }
        return new Scenario(name, root.path("description").asText(""), variants, backends, root.path("guest"), root.path("dst"),
                strings(root.get("capabilities"), file, "capabilities"),
                strings(root.get("src_capabilities"), file, "src_capabilities"), root.path("parameters"), stepList, expect);
    }

    /** Every step well-formed; a {@code repeat} step has {@code times} >= 1 and its own {@code steps}. */
    private static void checkSteps(JsonNode steps, Path file, String prefix) throws ScenarioException {
        int i = 0;
        for (JsonNode s : steps) {
            i++;
            String where = file + ": step " + prefix + i;
            if (!s.isObject() || !s.has("do") || !STEP_KINDS.contains(s.get("do").asText())) {
                throw new ScenarioException(where + ": 'do' must be one of " + STEP_KINDS);
            }
            if (s.has("side") && !Set.of("src", "dst").contains(s.get("side").asText())) {
                throw new ScenarioException(where + ": 'side' must be src or dst");
            }
            if (s.has("variants")) {
                for (JsonNode v : s.get("variants")) {
                    try {
                        Variant.parse(v.asText());
                    } catch (IllegalArgumentException e) {
                        throw new ScenarioException(where + ": " + e.getMessage());
                    }
                }
            }
            if ("repeat".equals(s.get("do").asText())) {
                JsonNode t = s.get("times");
                if (t == null || !t.canConvertToInt() || t.asInt() < 1) {
                    throw new ScenarioException(where + ": 'repeat' needs 'times' (at least 1)");
                }
                JsonNode inner = s.get("steps");
                if (inner == null || !inner.isArray() || inner.isEmpty()) {
                    throw new ScenarioException(where + ": 'repeat' needs a non-empty 'steps' list");
                }
                checkSteps(inner, file, prefix + i + ".");
            }
        }
    }

    private static String text(JsonNode n, String field, Path file) throws ScenarioException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new ScenarioException(file + ": '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode n, Path file, String field) throws ScenarioException {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            throw new ScenarioException(file + ": '" + field + "' must be a list of strings");
        }
        for (JsonNode x : n) {
            out.add(x.asText());
        }
        return out;
    }

    /** Whether the scenario is meant for {@code backend} ("impl" or "qemu"). */
    public boolean runsOn(String backend) {
        return backends.contains(backend);
    }

    public int pages() {
        return guest.path("pages").asInt(1024);
    }
}
