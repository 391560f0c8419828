package org.migspec.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.real;
import static org.migspec.checker.CheckerTestSupport.runsByName;

/**
 * Runs of one configuration checked in parallel threads sharing one loaded spec give the
 * same results as checked one after the other: the same verdicts, failing events,
 * reports, paths (by their coverage) and search statistics, only times differ.
 */
class BatchParallelTest {
    @TempDir
    Path tmp;

    @Test
    void parallelEqualsSequential() throws Exception {
        Path dir = tmp.resolve("runs");
        // one configuration (legacy, QEMU 7.2 precopy): four real runs and two mutated copies
        for (String r : List.of("a_precopy_success", "b_precopy_cancel", "c_precopy_dest_killed", "g4_connect_refused")) {
            CheckerTestSupport.copyRun(real("qemu-7.2/" + r), dir.resolve(r));
            Files.writeString(dir.resolve(r).resolve("variant"), "legacy");
        }
        for (String r : List.of("qemu-7.2/a_precopy_success", "qemu-7.2/c_precopy_dest_killed")) {
            for (Mutations.Mutant m : Mutations.of(r, dir)) {
                if (!m.kind().equals("never-state")) {
                    try (var s = Files.walk(m.dir())) {
                        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
        Path seq = tmp.resolve("seq.json"), par = tmp.resolve("par.json");
        var a = child("--batch", dir.toString(), "--jobs", "1", "--json", seq.toString());
        var b = child("--batch", dir.toString(), "--jobs", "4", "--json", par.toString());
        assertEquals(1, a.exit(), a.all());
        assertEquals(a.exit(), b.exit(), b.all());
        Map<String, JsonNode> x = runsByName(readJson(seq)), y = runsByName(readJson(par));
        assertEquals(6, x.size());
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) assertEquals(withoutTimes(x.get(k)), withoutTimes(y.get(k)), k);
        assertEquals(readJson(seq).path("coverage"), readJson(par).path("coverage"));
    }

    static JsonNode withoutTimes(JsonNode run) {
        ObjectNode o = run.deepCopy();
        ObjectNode s = (ObjectNode) o.path("search");
        s.remove(List.of("millis", "loadMillis", "eventsPerSecond"));
        return o;
    }
}
