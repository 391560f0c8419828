package org.migspec.modelcheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CfgWriterTest {

    private static final ObjectMapper OM = new ObjectMapper();

    @Test
    void constantsBecomeTlaValues() throws Exception {
        assertEquals("\"v4\"", CfgWriter.toTla(OM.readTree("\"v4\"")));
        assertEquals("TRUE", CfgWriter.toTla(OM.readTree("true")));
        assertEquals("FALSE", CfgWriter.toTla(OM.readTree("false")));
        assertEquals("-2", CfgWriter.toTla(OM.readTree("-2")));
        assertEquals("{1, 2}", CfgWriter.toTla(OM.readTree("[1, 2]")));
        assertEquals("{}", CfgWriter.toTla(OM.readTree("[]")));
        assertEquals("{{\"a\"}, {}}", CfgWriter.toTla(OM.readTree("[[\"a\"], []]")));
        assertEquals("\"say \\\"hi\\\"\"", CfgWriter.toTla(OM.readTree("\"say \\\"hi\\\"\"")));
        assertThrows(IllegalArgumentException.class, () -> CfgWriter.toTla(OM.readTree("1.5")));
        assertThrows(IllegalArgumentException.class, () -> CfgWriter.toTla(OM.readTree("{\"a\": 1}")));
        assertThrows(IllegalArgumentException.class, () -> CfgWriter.toTla(OM.readTree("null")));
    }

    @Test
    void writesTheWholeModel(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("manifest.json");
        Files.writeString(f, """
                { "module": "MCMigration",
                  "defaults": { "constants": { "Variant": "legacy", "Pages": [1, 2], "Postcopy": false, "MaxWrites": 2 },
                                "view": "MCView", "checkDeadlock": false,
                                "invariants": ["TypeOK", "NoStuckState"], "properties": ["StatusTransitionsLegal"] },
                  "models": [ { "name": "v4_device_load_failure",
                                "description": "C5: the destination fails to load the device state in postcopy-device; both sides stay stuck because nothing wakes the source's migration thread.",
                                "constants": { "Variant": "v4", "Postcopy": true, "Faults": ["device-load-failure"], "MaxFaults": 1 },
                                "expected": { "outcome": "violated", "kind": "invariant", "property": "NoStuckState" } } ] }
                """);
        ModelEntry m = Manifest.load(f).models().get(0);
        assertEquals("""
                \\* v4_device_load_failure
                \\* C5: the destination fails to load the device state in postcopy-device; both
                \\* sides stay stuck because nothing wakes the source's migration thread.
                \\* Expected: violated (invariant NoStuckState)
                \\* Generated from spec/manifest.json by CheckSpec; edit the manifest, not this file.
                CONSTANTS
                    Variant = "v4"
                    Pages = {1, 2}
                    Postcopy = TRUE
                    MaxWrites = 2
                    Faults = {"device-load-failure"}
                    MaxFaults = 1
                SPECIFICATION Spec
                VIEW MCView
                CHECK_DEADLOCK FALSE
                INVARIANTS
                    TypeOK
                    NoStuckState
                PROPERTIES
                    StatusTransitionsLegal
                """, CfgWriter.write(m, "spec/manifest.json"));
    }

    @Test
    void omitsEmptySectionsAndView() {
        ModelEntry m = new ModelEntry("toy", false, "", java.util.Map.of(), java.util.List.of(), java.util.List.of(),
                null, true, "FairSpec", 1, Expected.holds(), null);
        String cfg = CfgWriter.write(m, "m.json");
        assertTrue(cfg.endsWith("SPECIFICATION FairSpec\nCHECK_DEADLOCK TRUE\n"), cfg);
        assertTrue(cfg.contains("\\* Expected: holds\n"), cfg);
    }
}
