package org.migspec.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.runsByName;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every real run of qemu-runs/ gets the verdict, and its explanation the unlogged faults, that
 * the checker gave before the search was made faster (src/test/resources/pinned/real-runs.tsv,
 * recorded with main at 30b3969): a reduction of the search may change how many nodes a run
 * takes, never what it concludes, nor which explanation (the one with the fewest unlogged
 * faults) it reports.  A change of the spec or of the matching relation that changes a verdict
 * on purpose re-records the file, saying so.
 */
class PinnedVerdictsTest {
    @TempDir
    Path tmp;

    @Test
    void everyRealRunKeepsItsVerdictAndItsUnloggedFaults() throws Exception {
        Map<String, String[]> pinned = new TreeMap<>();
        Path file = Path.of("src/test/resources/pinned/real-runs.tsv");
        if (!Files.isRegularFile(file)) file = CheckerTestSupport.repo().resolve("trace-checker").resolve(file);
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (l.isBlank() || l.startsWith("#")) continue;
            String[] f = l.split("\t");
            pinned.put(f[0], new String[] {f[1], f[2]});
        }
        Path json = tmp.resolve("out.json");
        var r = child("--batch", CheckerTestSupport.sharedTraces().toString(), "--quiet", "--json", json.toString());
        Map<String, JsonNode> runs = runsByName(readJson(json));
        assertEquals(pinned.keySet(), runs.keySet(), "the runs of qemu-runs/ are the pinned ones\n" + r.all());
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, String[]> e : pinned.entrySet()) {
            JsonNode j = runs.get(e.getKey());
            List<String> kinds = new ArrayList<>();
            for (JsonNode f : j.at("/explanation/unloggedFaults")) kinds.add(f.path("kind").asText());
            String faults = kinds.isEmpty() ? "-" : String.join(",", kinds);
            String verdict = j.path("verdict").asText();
            if (!verdict.equals(e.getValue()[0]) || !faults.equals(e.getValue()[1])) {
                diffs.add(e.getKey() + ": pinned " + e.getValue()[0] + " " + e.getValue()[1] + ", now " + verdict + " "
                        + faults + " (" + j.path("reason").asText() + ")");
            }
        }
        assertEquals(List.of(), diffs);
    }
}
