package org.migspec.modelcheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsJsonTest {

    static ModelResult result(String name, Outcome outcome, Expected expected) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> c = new LinkedHashMap<>();
        c.put("Variant", TextNode.valueOf("v4"));
        c.put("Faults", new ObjectMapper().createArrayNode().add("dst-crash"));
        ModelEntry m = new ModelEntry(name, true, "", c, List.of("NoStuckState"), List.of(), null, false, "Spec", 1,
                expected, null);
        Path dir = Path.of("build/spec", name);
        return new ModelResult(m, outcome, expected.matches(outcome), new TlcStats(37227L, 15618L, 2104L, 28L), 6.94,
                12, "2.18 of 20 March 2023", dir.resolve(name + ".cfg"), dir.resolve("tlc.out"),
                outcome.kind().isViolation() ? dir.resolve("counterexample.md") : null, 28);
    }

    @Test
    void schema() throws Exception {
        Manifest manifest = new Manifest(Path.of("spec/manifest.json"), "MCMigration", List.of());
        String text = ResultsJson.toText(ResultsJson.build(manifest, List.of(
                result("v4_dst_crash", new Outcome(Outcome.Kind.INVARIANT, "NoStuckState", null),
                        new Expected(true, Outcome.Kind.INVARIANT, "NoStuckState"))), 7.04));
        assertEquals("""
                {
                  "schema": "migspec-modelcheck-results/1",
                  "manifest": "spec/manifest.json",
                  "module": "MCMigration",
                  "tlcVersion": "2.18 of 20 March 2023",
                  "summary": {
                    "models": 1,
                    "asExpected": 1,
                    "notAsExpected": 0,
                    "tlcSeconds": 6.9,
                    "wallSeconds": 7.0
                  },
                  "models": [
                    {
                      "name": "v4_dst_crash",
                      "variant": "v4",
                      "faults": [
                        "dst-crash"
                      ],
                      "constants": {
                        "Variant": "v4",
                        "Faults": [
                          "dst-crash"
                        ]
                      },
                      "specification": "Spec",
                      "invariants": [
                        "NoStuckState"
                      ],
                      "properties": [ ],
                      "survives": null,
                      "outcome": {
                        "kind": "invariant",
                        "property": "NoStuckState",
                        "message": null
                      },
                      "expected": {
                        "outcome": "violated",
                        "kind": "invariant",
                        "property": "NoStuckState"
                      },
                      "match": true,
                      "distinct": 15618,
                      "generated": 37227,
                      "left": 2104,
                      "depth": 28,
                      "seconds": 6.9,
                      "traceLength": 28,
                      "counterexample": "build/spec/v4_dst_crash/counterexample.md",
                      "cfg": "build/spec/v4_dst_crash/v4_dst_crash.cfg",
                      "tlcOutput": "build/spec/v4_dst_crash/tlc.out",
                      "tlcExitCode": 12
                    }
                  ]
                }
                """, text);
    }
}
