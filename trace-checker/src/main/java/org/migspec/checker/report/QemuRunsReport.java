package org.migspec.checker.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.md} for runs of {@code ./migspec qemu}: one row per scenario and QEMU version with
 * the statuses each side went through, the guest's fate, the spec's prediction for that scenario
 * and variant (the scenario's expectation, which the spec's models back), and the trace checker's
 * verdict, side by side, so that a difference between the model, QEMU and the implementation shows
 * at a glance. Reads each output folder's {@code runs.json} (the harness), the runs'
 * {@code result.json} and {@code verdicts.json} (the checker's batch JSON).
 */
public final class QemuRunsReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QemuRunsReport() {
    }

    /** Writes the report over every folder in {@code dirs}; returns the number of rows. */
    public static int write(List<Path> dirs, Path file) throws IOException {
        StringBuilder md = new StringBuilder("# Real QEMU runs\n\n");
        List<String> notApplicable = new ArrayList<>();
        md.append("| scenario | QEMU | variant | source went through | destination went through | guest | spec predicts | as predicted | checker |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        int rows = 0;
        int accepted = 0;
        int asPredicted = 0;
        for (Path dir : dirs) {
            JsonNode runs = JSON.readTree(dir.resolve("runs.json").toFile());
            Map<String, JsonNode> verdicts = verdicts(dir.resolve("verdicts.json"));
            String qemu = runs.path("qemu").asText();
            for (JsonNode run : runs.path("runs")) {
                Path rd = dir.resolve(run.path("dir").asText());
                JsonNode r = Files.exists(rd.resolve("result.json")) ? JSON.readTree(rd.resolve("result.json").toFile())
                        : JSON.createObjectNode();
                JsonNode v = verdicts.get(run.path("scenario").asText());
                String verdict = v == null ? "not checked" : v.path("verdict").asText().toUpperCase();
                if ("ACCEPTED".equals(verdict)) {
                    accepted++;
                }
                boolean met = r.at("/expectation/met").asBoolean(false);
                if (met) {
                    asPredicted++;
                }
                JsonNode exp = r.at("/expectation/expected");
                md.append("| ").append(run.path("scenario").asText())
                        .append(" | ").append(qemu)
                        .append(" | ").append(r.path("variant").asText())
                        .append(" | ").append(path(r.at("/src/migration_events"))).append(" → ").append(end(r.get("src")))
                        .append(" | ").append(path(r.at("/dst/migration_events"))).append(" → ").append(end(r.get("dst")))
                        .append(" | ").append(r.path("guest").asText("?")).append(" (").append(r.path("latest_state").asText("?")).append(')')
                        .append(" | ").append(prediction(exp))
                        .append(" | ").append(met ? "yes" : "**no**: " + mismatches(r.at("/expectation/mismatches")))
                        .append(" | ").append(verdict).append(v == null || "ACCEPTED".equals(verdict) ? "" : ": " + esc(v.path("reason").asText()))
                        .append(" |\n");
                rows++;
            }
            for (JsonNode n : runs.path("not_applicable")) {
                notApplicable.add("- " + n.path("scenario").asText() + " (QEMU " + qemu + "): " + esc(n.path("reason").asText()));
            }
        }
        md.append("\n").append(rows).append(" runs: ").append(accepted).append(" accepted by the trace checker, ")
                .append(asPredicted).append(" as the spec predicts.\n");
        if (!notApplicable.isEmpty()) {
            md.append("\n## Not run on QEMU\n\n").append(String.join("\n", notApplicable)).append('\n');
        }
        Files.writeString(file, md.toString());
        return rows;
    }

    private static Map<String, JsonNode> verdicts(Path f) throws IOException {
        Map<String, JsonNode> m = new HashMap<>();
        if (Files.exists(f)) {
            for (JsonNode run : JSON.readTree(f.toFile()).path("runs")) {
                m.put(run.path("name").asText(), run);
            }
        }
        return m;
    }

    private static String path(JsonNode events) {
        List<String> s = new ArrayList<>();
        events.forEach(e -> s.add(e.asText()));
        return s.isEmpty() ? "–" : String.join(" → ", s);
    }

    private static String end(JsonNode side) {
        if (side == null) {
            return "?";
        }
        if ("gone".equals(side.path("status").asText())) {
            return "gone (exit " + side.path("exit_code").asText("?") + ")";
        }
        return "**" + side.path("status").asText() + "/" + side.path("runstate").asText() + "**";
    }

    private static String prediction(JsonNode exp) {
        if (exp == null || exp.isMissingNode()) {
            return "–";
        }
        return "src " + exp.at("/src/status").asText("?") + (exp.at("/src/runstate").isMissingNode() ? "" : "/" + exp.at("/src/runstate").asText())
                + ", dst " + exp.at("/dst/status").asText("?") + ", guest " + exp.path("guest").asText("?");
    }

    private static String mismatches(JsonNode m) {
        List<String> s = new ArrayList<>();
        m.forEach(x -> s.add(x.asText()));
        return esc(String.join("; ", s));
    }

    private static String esc(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
