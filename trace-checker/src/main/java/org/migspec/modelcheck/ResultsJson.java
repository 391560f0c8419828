package org.migspec.modelcheck;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json}, schema {@value #SCHEMA}:
 *
 * <pre>
 * {
 *   "schema": "migspec-modelcheck-results/1",
 *   "manifest": "spec/manifest.json",       // as given on the command line
 *   "module": "MCMigration",
 *   "tlcVersion": "2.18 of 20 March 2023",  // null if no run printed it
 *   "summary": { "models": 2, "asExpected": 2, "notAsExpected": 0,
 *                "tlcSeconds": 14.2, "wallSeconds": 8.1 },
 *   "models": [                             // in manifest order
 *     { "name": "v4_device_load_failure",
 *       "variant": "v4",                    // constant Variant, or null
 *       "faults": ["device-load-failure"],  // constant Faults, [] if none
 *       "constants": { "Variant": "v4", ... },  // every constant, as in the manifest (JSON)
 *       "specification": "Spec",            // SPECIFICATION (a mutant's differs)
 *       "invariants": ["TypeOK", ...],      // INVARIANTS checked
 *       "properties": ["EventuallyQuiescent", ...],  // PROPERTIES checked
 *       "survives": "v4_x_survives",        // the manifest's survives link, or null
 *       "outcome": { "kind": "invariant",   // holds | invariant | action | liveness | deadlock | error
 *                    "property": "NoStuckState",  // null for holds, deadlock, error, unnamed liveness
 *                    "message": null },     // TLC's message for error; otherwise a note or null
 *       "expected": { "outcome": "violated", "kind": "invariant", "property": "NoStuckState" },
 *                                           // kind and property null for "holds"
 *       "match": true,
 *       "distinct": 15618, "generated": 37227, "left": 2104, "depth": 28,  // null if TLC printed none
 *       "seconds": 6.9,                     // wall time of the TLC process
 *       "traceLength": 28,                  // states in TLC's trace, null without one
 *       "counterexample": "build/spec/v4_device_load_failure/counterexample.md",  // or null
 *       "cfg": "build/spec/v4_device_load_failure/v4_device_load_failure.cfg",
 *       "tlcOutput": "build/spec/v4_device_load_failure/tlc.out",
 *       "tlcExitCode": 12 } ] }            // null if TLC did not start, -1 if killed (timeout)
 * </pre>
 * Paths are relative when {@code --out} is.  Fields are only ever added, never renamed,
 * within one schema version.
 */
public final class ResultsJson {

    public static final String SCHEMA = "migspec-modelcheck-results/1";
    public static final String FILE = "results.json";

    private ResultsJson() {
    }

    public static ObjectNode build(Manifest manifest, List<ModelResult> results, double wallSeconds) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("manifest", manifest.file().toString());
        root.put("module", manifest.module());
        root.put("tlcVersion", results.stream().map(ModelResult::tlcVersion).filter(v -> v != null).findFirst()
                .orElse(null));
        long ok = results.stream().filter(ModelResult::match).count();
        ObjectNode summary = root.putObject("summary");
        summary.put("models", results.size());
        summary.put("asExpected", ok);
        summary.put("notAsExpected", results.size() - ok);
        summary.put("tlcSeconds", round(results.stream().mapToDouble(ModelResult::seconds).sum()));
        summary.put("wallSeconds", round(wallSeconds));
        ArrayNode models = root.putArray("models");
        for (ModelResult r : results) {
            ModelEntry m = r.model();
            ObjectNode n = models.addObject();
            n.put("name", m.name());
            n.put("variant", m.variant());
            ArrayNode faults = n.putArray("faults");
            m.faults().forEach(faults::add);
            ObjectNode constants = n.putObject("constants");
            for (Map.Entry<String, JsonNode> c : m.constants().entrySet()) constants.set(c.getKey(), c.getValue());
            n.put("specification", m.specification());
            ArrayNode invariants = n.putArray("invariants");
            m.invariants().forEach(invariants::add);
            ArrayNode properties = n.putArray("properties");
            m.properties().forEach(properties::add);
            n.put("survives", manifest.survives(m.name()));
            ObjectNode outcome = n.putObject("outcome");
            outcome.put("kind", r.outcome().kind().json);
            outcome.put("property", r.outcome().property());
            outcome.put("message", r.outcome().message());
            ObjectNode expected = n.putObject("expected");
            expected.put("outcome", m.expected().outcomeName());
            expected.put("kind", m.expected().kind() == null ? null : m.expected().kind().json);
            expected.put("property", m.expected().property());
            n.put("match", r.match());
            n.put("distinct", r.stats().distinct());
            n.put("generated", r.stats().generated());
            n.put("left", r.stats().left());
            n.put("depth", r.stats().depth());
            n.put("seconds", round(r.seconds()));
            n.put("traceLength", r.traceLength());
            n.put("counterexample", r.counterexample() == null ? null : r.counterexample().toString());
            n.put("cfg", r.cfg() == null ? null : r.cfg().toString());
            n.put("tlcOutput", r.tlcOutput() == null ? null : r.tlcOutput().toString());
            n.put("tlcExitCode", r.exitCode());
        }
        return root;
    }

    public static void write(Path file, ObjectNode json) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toText(json));
    }

    /** Two-space indented JSON, {@code "key": value}, one array element per line. */
    public static String toText(JsonNode json) throws IOException {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        return new ObjectMapper().writer(pp).writeValueAsString(json) + "\n";
    }

    static BigDecimal round(double seconds) {
        return BigDecimal.valueOf(seconds).setScale(1, RoundingMode.HALF_UP);
    }
}
