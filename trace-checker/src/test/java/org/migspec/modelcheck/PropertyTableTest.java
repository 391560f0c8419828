package org.migspec.modelcheck;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PropertyTableTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static PropertyTable.Row row(String name, List<String> checked, Outcome.Kind kind, String property, String survives) {
        return new PropertyTable.Row(name, "v4", "postcopy; faults ≤ 1 of dst-crash", checked, List.of("EventuallyQuiescent"), kind,
                property, true, survives, "Spec");
    }

    @Test
    void cellsSayOnlyWhatTlcEstablished() {
        List<String> checked = List.of("NoStuckState", "NoStaleRead", "EventuallyQuiescent");
        PropertyTable.Row holds = row("a", checked, Outcome.Kind.HOLDS, null, null);
        PropertyTable.Row inv = row("b", checked, Outcome.Kind.INVARIANT, "NoStuckState", null);
        PropertyTable.Row live = row("c", checked, Outcome.Kind.LIVENESS, null, null);
        PropertyTable.Row error = row("d", checked, Outcome.Kind.ERROR, null, null);
        assertEquals("✓", PropertyTable.cell(holds, "NoStaleRead"));
        assertEquals("", PropertyTable.cell(holds, "GuestSurvives"), "not checked: empty");
        assertEquals("✗", PropertyTable.cell(inv, "NoStuckState"));
        assertEquals("?", PropertyTable.cell(inv, "NoStaleRead"), "TLC stopped before establishing it");
        assertEquals("?", PropertyTable.cell(inv, "EventuallyQuiescent"));
        assertEquals("✗", PropertyTable.cell(live, "EventuallyQuiescent"), "the model's only temporal property");
        assertEquals("?", PropertyTable.cell(live, "NoStuckState"));
        assertEquals("!", PropertyTable.cell(error, "NoStuckState"));
    }

    @Test
    void companionFoldsIntoItsModelsRow() {
        PropertyTable.Row base = row("v4_x", List.of("NoStuckState"), Outcome.Kind.INVARIANT, "NoStuckState",
                "v4_x_survives");
        PropertyTable.Row companion = row("v4_x_survives", List.of("TypeOK", "GuestSurvives"),
                Outcome.Kind.INVARIANT, "GuestSurvives", "v4_x_survives");
        String md = PropertyTable.render(List.of(base, companion));
        assertTrue(md.contains("| `v4_x` | postcopy; faults ≤ 1 of dst-crash | ✗ | ? | ✗ |"), md);
        assertTrue(!md.contains("| `v4_x_survives`"), "the companion has no row of its own:\n" + md);
        assertTrue(md.contains("**NSS** `NoStuckState`, **TOK** `TypeOK`, **GS** `GuestSurvives`"), md);
    }

    @Test
    void aModelNotAsExpectedIsNamed() {
        PropertyTable.Row r = new PropertyTable.Row("v4_y", "v4", "precopy", List.of("NoStuckState"), List.of(),
                Outcome.Kind.HOLDS, null, false, null, "Spec");
        assertTrue(PropertyTable.render(List.of(r)).contains("**Not as the manifest expects:** v4_y."));
    }

    @Test
    void setupInWords() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> c = new java.util.LinkedHashMap<>();
        om.readTree("""
                {"Postcopy": true, "ReturnPath": true, "UseLocks": false, "Keepalive": true,
                 "Faults": ["partition"], "MaxFaults": 1, "OperatorCommands": ["migrate-pause"], "AllowQuit": true}
                """).fields().forEachRemaining(e -> c.put(e.getKey(), e.getValue()));
        assertEquals("postcopy, return path, no image locks, keepalive; faults ≤ 1 of partition; "
                + "operator: migrate-pause, quit", PropertyTable.setup(c));
        c.put("MaxFaults", om.readTree("0"));
        assertEquals("postcopy, return path, no image locks, keepalive; operator: migrate-pause, quit",
                PropertyTable.setup(c), "no fault can happen with MaxFaults 0");
    }

    @Test
    void labelsAreUnique() {
        List<String> cols = List.of("NoStuckState", "NeverSeenState");
        assertEquals("NSS", PropertyTable.label(cols, 0));
        assertEquals("NSS2", PropertyTable.label(cols, 1));
    }

    /** spec/README.md's table is what a green matrix of spec/manifest.json produces. */
    @Test
    void readmeTableIsTheManifestsGreenMatrix() throws Exception {
        Manifest manifest = Manifest.load(ROOT.resolve("spec/manifest.json"));
        String readme = Files.readString(ROOT.resolve("spec/README.md"));
        String block = PropertyTable.block(readme);
        assertNotNull(block, "spec/README.md has no property-table block");
        assertEquals(PropertyTable.render(PropertyTable.fromManifest(manifest)), block,
                "spec/README.md's property table is out of date: run make check-spec, then make spec-table");
    }

    @Test
    void specTableRefusesAPartialRun() throws Exception {
        Path dir = Files.createTempDirectory("spec-table");
        Path results = dir.resolve("results.json");
        Files.writeString(results, """
                {"schema": "migspec-modelcheck-results/1", "models": [
                  {"name": "v4_precopy", "variant": "v4", "constants": {}, "invariants": ["TypeOK"], "properties": [],
                   "outcome": {"kind": "holds", "property": null}, "match": true, "survives": null}]}
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = SpecTable.execute(new String[]{"--results", results.toString(),
                        "--manifest", ROOT.resolve("spec/manifest.json").toString(),
                        "--readme", dir.resolve("README.md").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, rc, msg);
        assertTrue(msg.startsWith("spec-table: " + results + ": models: ") && msg.contains("did not run"), msg);
        assertEquals(1, msg.strip().lines().count(), msg);
    }

    @Test
    void oldResultsJsonIsBadInput() throws Exception {
        Path results = Files.createTempFile("results", ".json");
        Files.writeString(results, """
                {"schema": "migspec-modelcheck-results/1", "models": [
                  {"name": "v4_precopy", "variant": "v4", "faults": [],
                   "outcome": {"kind": "holds", "property": null}, "match": true}]}
                """);
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> PropertyTable.fromResults(results));
        assertTrue(e.getMessage().contains("models[0] (v4_precopy).invariants: must be an array"), e.getMessage());
    }
}
