package org.migspec.modelcheck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestTest {

    @TempDir
    Path tmp;

    private Manifest load(String json) throws Exception {
        Path f = tmp.resolve("manifest.json");
        Files.writeString(f, json);
        return Manifest.load(f);
    }

    private String error(String json) throws Exception {
        Path f = tmp.resolve("manifest.json");
        Files.writeString(f, json);
        return assertThrows(BadInputException.class, () -> Manifest.load(f)).getMessage()
                .replace(f.toString(), "M");
    }

    private static final String DEFAULTS = """
            "defaults": { "constants": { "Variant": "legacy", "Faults": [], "MaxWrites": 2 },
                          "view": "MCView", "invariants": ["TypeOK"], "properties": ["P", "Q"], "workers": 2 }""";

    @Test
    void modelsOverrideDefaultsKeyByKey() throws Exception {
        Manifest m = load("{ \"module\": \"MCMigration\", " + DEFAULTS + """
                , "models": [
                    { "name": "a", "quick": true, "constants": { "Faults": ["dst-crash"], "MaxFaults": 1 },
                      "properties": ["Q"], "workers": 1,
                      "expected": { "outcome": "violated", "kind": "liveness", "property": "Q" },
                      "recorded": { "distinct": 10, "generated": 20, "depth": 3, "seconds": 1.5 } },
                    { "name": "b", "checkDeadlock": true, "view": null, "expected": { "outcome": "holds" } } ] }""");
        assertEquals("MCMigration", m.module());
        ModelEntry a = m.models().get(0), b = m.models().get(1);
        assertEquals(List.of("Variant", "Faults", "MaxWrites", "MaxFaults"), List.copyOf(a.constants().keySet()));
        assertEquals(List.of("dst-crash"), a.faults());
        assertEquals("legacy", a.variant());
        assertEquals(List.of("TypeOK"), a.invariants());
        assertEquals(List.of("Q"), a.properties());
        assertEquals(1, a.workers());
        assertTrue(a.quick());
        assertEquals(new Expected(true, Outcome.Kind.LIVENESS, "Q"), a.expected());
        assertEquals(new Recorded(10L, 20L, 3L, 1.5), a.recorded());
        assertEquals("MCView", a.view());
        assertNull(b.view());
        assertTrue(b.checkDeadlock());
        assertFalse(b.quick());
        assertEquals(2, b.workers());
        assertEquals(List.of("P", "Q"), b.properties());
        assertEquals(List.of(), b.faults());
        assertEquals("Spec", b.specification());
        assertEquals(Expected.holds(), b.expected());
        assertNull(b.recorded());
    }

    @Test
    void errorsNameTheFileAndTheField() throws Exception {
        String ok = "{ \"name\": \"x\", \"expected\": { \"outcome\": \"holds\" } }";
        assertEquals("M: module: missing", error("{ \"models\": [" + ok + "] }"));
        assertEquals("M: models: must be a non-empty array", error("{ \"module\": \"M\", \"models\": [] }"));
        assertEquals("M: models[0] (x).expected.kind: must be one of invariant, action, liveness, deadlock (got \"liveliness\")",
                error("{ \"module\": \"M\", \"models\": [ { \"name\": \"x\", \"expected\": { \"outcome\": \"violated\", \"kind\": \"liveliness\" } } ] }"));
        assertEquals("M: models[0] (x).expected.property: required for kind \"invariant\"",
                error("{ \"module\": \"M\", \"models\": [ { \"name\": \"x\", \"expected\": { \"outcome\": \"violated\", \"kind\": \"invariant\" } } ] }"));
        assertEquals("M: models[0] (x).expected: missing (every model states its expected outcome)",
                error("{ \"module\": \"M\", \"models\": [ { \"name\": \"x\" } ] }"));
        assertEquals("M: models[1] (x).name: duplicate model name",
                error("{ \"module\": \"M\", \"models\": [" + ok + ", " + ok + "] }"));
        assertEquals("M: models[0] (x).constants.Faults: unsupported value {\"a\":1} (use a string, boolean, integer or array; arrays become sets)",
                error("{ \"module\": \"M\", \"models\": [ { \"name\": \"x\", \"constants\": { \"Faults\": {\"a\": 1} }, \"expected\": { \"outcome\": \"holds\" } } ] }"));
        assertTrue(error("{ \"module\": \"M\", \"models\": [ { \"name\": \"x\", \"expcted\": {} } ] }")
                .startsWith("M: models[0] (x).expcted: unknown field (allowed: "));
        assertEquals("M: models[0].name: must be letters, digits, '_', '-' or '.' (it names a directory), got \"a/b\"",
                error("{ \"module\": \"M\", \"models\": [ { \"name\": \"a/b\", \"expected\": { \"outcome\": \"holds\" } } ] }"));
        assertEquals("M: defaults.workers: must be an integer from 1 to 64",
                error("{ \"module\": \"M\", \"defaults\": { \"workers\": 0 }, \"models\": [" + ok + "] }"));
        assertTrue(error("{ \"module\": ").startsWith("M: invalid JSON at line 1"));
        assertEquals(tmp.resolve("nope.json") + ": manifest not found",
                assertThrows(BadInputException.class, () -> Manifest.load(tmp.resolve("nope.json"))).getMessage());
    }

    @Test
    void everyCheckedPropertyNamesAModelThatViolatesIt() throws Exception {
        String models = """
                "models": [
                    { "name": "a", "invariants": ["I", "GuestSurvives"], "survives": "a",
                      "expected": { "outcome": "violated", "kind": "invariant", "property": "I" } },
                    { "name": "b", "invariants": ["GuestSurvives"], "survives": "a",
                      "expected": { "outcome": "violated", "kind": "invariant", "property": "GuestSurvives" } } ]""";
        String props = """
                "properties": { "I": { "meaning": "i", "violatedBy": ["a"] },
                                "GuestSurvives": { "meaning": "g", "violatedBy": ["b"] } }""";
        Manifest m = load("{ \"module\": \"M\", " + models + ", " + props + " }");
        assertEquals(2, m.models().size());
        assertEquals("M: properties: no entry for GuestSurvives (checked by model \"a\")",
                error("{ \"module\": \"M\", " + models + ", \"properties\": { \"I\": { \"meaning\": \"i\", \"violatedBy\": [\"a\"] } } }"));
        assertEquals("M: properties.I.violatedBy: model \"b\" does not expect I violated",
                error("{ \"module\": \"M\", " + models + ", " + props.replace("[\"a\"]", "[\"b\"]") + " }"));
        assertEquals("M: properties.I.violatedBy: name at least one model that violates it (or give \"exempt\")",
                error("{ \"module\": \"M\", " + models + ", " + props.replace("[\"a\"]", "[]") + " }"));
        load("{ \"module\": \"M\", " + models + ", "
                + props.replace("\"violatedBy\": [\"a\"]", "\"violatedBy\": [], \"exempt\": \"a type invariant\"") + " }");
        String otherConstants = """
                "models": [
                    { "name": "b", "survives": "c", "expected": { "outcome": "holds" } },
                    { "name": "c", "invariants": ["GuestSurvives"], "constants": { "X": 1 },
                      "expected": { "outcome": "holds" } } ]""";
        assertEquals("M: models[0] (b).survives: model \"c\" has other constants or another specification",
                error("{ \"module\": \"M\", " + otherConstants + " }"));
        assertEquals("M: models[0] (a).survives: no model \"z\"",
                error("{ \"module\": \"M\", " + models.replaceFirst("\"survives\": \"a\"", "\"survives\": \"z\"") + " }"));
    }
}
