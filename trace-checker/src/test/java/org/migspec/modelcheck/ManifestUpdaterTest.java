package org.migspec.modelcheck;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ManifestUpdaterTest {

    private static final String MANIFEST = """
            {
              "module": "MCMigration",
              "models": [
                {
                  "name": "a",
                  "constants": { "Faults": [] },
                  "expected": { "outcome": "holds" },
                  "recorded": { "distinct": 1, "generated": 2, "depth": 3, "seconds": 4.0 }
                },
                {
                  "name": "b",
                  "expected": { "outcome": "violated", "kind": "deadlock" }
                },
                {
                  "name": "c",
                  "expected": { "outcome": "holds" },
                  "recorded": {
                    "seconds": 9.9,
                    "distinct": 7,
                    "note": "kept"
                  }
                }
              ]
            }
            """;

    @Test
    void replacesAddsAndKeepsEverythingElse() throws Exception {
        String out = ManifestUpdater.update(MANIFEST, Map.of(
                "a", new ManifestUpdater.Numbers(46898, 134267, 50, 8.14),
                "b", new ManifestUpdater.Numbers(10, 20, 5, 0.96),
                "c", new ManifestUpdater.Numbers(70, 80, 9, 12.0)));
        assertEquals("""
                {
                  "module": "MCMigration",
                  "models": [
                    {
                      "name": "a",
                      "constants": { "Faults": [] },
                      "expected": { "outcome": "holds" },
                      "recorded": { "distinct": 46898, "generated": 134267, "depth": 50, "seconds": 8.1 }
                    },
                    {
                      "name": "b",
                      "expected": { "outcome": "violated", "kind": "deadlock" },
                      "recorded": { "distinct": 10, "generated": 20, "depth": 5, "seconds": 1.0 }
                    },
                    {
                      "name": "c",
                      "expected": { "outcome": "holds" },
                      "recorded": {
                        "seconds": 12.0,
                        "distinct": 70,
                        "note": "kept",
                        "generated": 80,
                        "depth": 9
                      }
                    }
                  ]
                }
                """, out);
    }

    @Test
    void modelsThatDidNotRunAreUntouched() throws Exception {
        String out = ManifestUpdater.update(MANIFEST, Map.of("b", new ManifestUpdater.Numbers(1, 1, 1, 1)));
        assertEquals(MANIFEST.replace("\"kind\": \"deadlock\" }\n",
                "\"kind\": \"deadlock\" },\n      \"recorded\": { \"distinct\": 1, \"generated\": 1, \"depth\": 1, \"seconds\": 1.0 }\n"), out);
        assertEquals(MANIFEST, ManifestUpdater.update(MANIFEST, Map.of()));
    }

    @Test
    void pythonStyleManifestGetsAMultiLineRecorded() throws Exception {
        String in = """
                {
                  "module": "MCMigration",
                  "models": [
                    {
                      "name": "legacy_precopy",
                      "constants": {
                        "Faults": [
                          "dst-crash"
                        ]
                      },
                      "expected": {
                        "outcome": "holds"
                      }
                    }
                  ]
                }
                """;
        assertEquals(in.replace("""
                        "outcome": "holds"
                      }
                """, """
                        "outcome": "holds"
                      },
                      "recorded": {
                        "distinct": 5,
                        "generated": 6,
                        "depth": 7,
                        "seconds": 0.1
                      }
                """), ManifestUpdater.update(in, Map.of("legacy_precopy", new ManifestUpdater.Numbers(5, 6, 7, 0.06))));
    }

    @Test
    void oneLineModelAndNullRecorded() throws Exception {
        String in = "{\"module\": \"M\", \"models\": [{\"name\": \"x\", \"expected\": {\"outcome\": \"holds\"}, \"recorded\": null},"
                + " {\"name\": \"y\", \"expected\": {\"outcome\": \"holds\"}}]}";
        assertEquals("{\"module\": \"M\", \"models\": [{\"name\": \"x\", \"expected\": {\"outcome\": \"holds\"}, "
                        + "\"recorded\": { \"distinct\": 1, \"generated\": 2, \"depth\": 3, \"seconds\": 0.5 }},"
                        + " {\"name\": \"y\", \"expected\": {\"outcome\": \"holds\"}, "
                        + "\"recorded\": { \"distinct\": 1, \"generated\": 2, \"depth\": 3, \"seconds\": 0.5 }}]}",
                ManifestUpdater.update(in, Map.of("x", new ManifestUpdater.Numbers(1, 2, 3, 0.5),
                        "y", new ManifestUpdater.Numbers(1, 2, 3, 0.5))));
    }
}
