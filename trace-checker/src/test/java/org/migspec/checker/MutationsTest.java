package org.migspec.checker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.migspec.checker.CheckerTestSupport.child;
import static org.migspec.checker.CheckerTestSupport.find;
import static org.migspec.checker.CheckerTestSupport.lines;
import static org.migspec.checker.CheckerTestSupport.readJson;
import static org.migspec.checker.CheckerTestSupport.realRuns;
import static org.migspec.checker.CheckerTestSupport.runsByName;

/**
 * Mutated copies of the real runs, made here from the originals, are never accepted, and no
 * explanation gets past the right first failing event.  Each is REJECTED where the search is
 * exhaustive and UNDECIDED where a bound cut it (the JSON says which bound); the verdict and
 * the report's "exhaustive" and "bounds" always agree.  Every real run gets at least one mutation (two state changes
 * swapped); a state the variant never makes, and the PONG and SHUT mutations, run on the
 * runs where the search is cheap (see {@link #DEFAULT}).  {@code -Dmigspec.test.allMutations=true} applies every
 * mutation to every run (about 40 runs, several minutes).
 */
class MutationsTest {
    @TempDir
    Path tmp;

    /**
     * Mutations applied by default besides "swap" (which every run gets): a state its
     * variant never makes in seven runs, the PONG and SHUT mutations where the search is
     * cheap (rejecting a long postcopy run means exhausting every explanation near the
     * mutation: e1 and s6a take a minute or more each).
     */
    static final Set<String> DEFAULT = Set.of(
            "qemu-7.2_a_precopy_success__never_postcopy-device", "qemu-7.2_b_precopy_cancel__never_postcopy-device",
            "qemu-7.2_c_precopy_dest_killed__never_postcopy-device",
            "qemu-7.2_g1_pause_before_switchover_continue__never_postcopy-device",
            "qemu-7.2_f1_postcopy_dest_killed__never_postcopy-device",
            "qemu-10.2_s1a_precopy_success__never_postcopy-recover",
            "qemu-10.2_s3a_postcopy_device_load_fail__never_postcopy-recover",
            "qemu-7.2_d_postcopy_success__drop_pong", "qemu-7.2_d_postcopy_success__pong_value",
            "qemu-7.2_d_postcopy_success__drop_shut", "qemu-7.2_f1_postcopy_dest_killed__pong_value",
            "qemu-10.2_s2_postcopy_success__pong_value", "qemu-10.2_s3a_postcopy_device_load_fail__pong_value");

    /**
     * s3a: the SHUT 0x1 is the failing destination's report; without it the run is still a
     * legal behaviour (the channel may break before it arrives, and the source fails the
     * same way), so the checker accepts that copy, correctly.
     */
    static final Set<String> LEGAL = Set.of("qemu-10.2_s3a_postcopy_device_load_fail__drop_shut",
            // the same run on QEMU 11.1 (failing, then failed): the same reasoning
            "qemu-11.1_s3a_postcopy_device_load_fail__drop_shut");

    @Test
    void mutatedRealRunsAreRejectedAtTheirFirstFailingEvent() throws Exception {
        boolean all = Boolean.getBoolean("migspec.test.allMutations");
        List<Mutations.Mutant> mutants = new ArrayList<>();
        for (String run : realRuns()) {
            for (Mutations.Mutant m : Mutations.of(run, tmp.resolve("runs"))) {
                String name = m.dir().getFileName().toString();
                boolean keep = all || m.kind().equals("swap") || DEFAULT.contains(name);
                if (keep) mutants.add(m);
                else deleteRun(m.dir());
            }
        }
        Path json = tmp.resolve("out.json");
        // blame placement with every unlogged fault allowed (--assume all), as the expected lines
        // were set before assumptions were explicit: with only what a run's records support, the
        // furthest explanation can stop earlier (s2 with PONG 0x42 changed: at the PONG 0x4 above)
        var r = child("--batch", tmp.resolve("runs").toString(), "--assume", "all", "--json", json.toString());
        Map<String, JsonNode> res = runsByName(readJson(json));
        List<String> wrong = new ArrayList<>();
        for (Mutations.Mutant m : mutants) {
            String name = m.dir().getFileName().toString();
            JsonNode j = res.get(name);
            if (j == null) {
                wrong.add(name + ": not checked");
                continue;
            }
            String verdict = j.path("verdict").asText();
            if (LEGAL.contains(name)) {
                if (!verdict.equals("accepted")) wrong.add(name + ": expected accepted (legal), got " + j.path("reason").asText());
                continue;
            }
            if (!verdict.equals("rejected") && !verdict.equals("undecided")) {
                wrong.add(name + ": expected rejected or undecided, got " + verdict + ": " + j.path("reason").asText());
                continue;
            }
            if (verdict.equals("rejected") != j.path("bounds").isEmpty()
                    || verdict.equals("rejected") != j.path("exhaustive").asBoolean()) {
                wrong.add(name + ": " + verdict + " but bounds " + j.path("bounds"));
            }
            JsonNode f = j.at("/rejection/failing");
            String[] exp = expected(m);
            String file = Path.of(f.path("file").asText()).getFileName().toString();
            if (!file.equals(exp[0]) || f.path("line").asInt() != Integer.parseInt(exp[1])) {
                wrong.add(name + ": expected the first failing event at " + exp[0] + ":" + exp[1] + ", got "
                        + file + ":" + f.path("line").asInt() + " " + f.path("text").asText());
            }
            // the report names the failing event, the conjuncts, and draws the prefix
            JsonNode rj = j.path("rejection");
            assertTrue(rj.path("diagram").asText().startsWith("sequenceDiagram"), name);
            assertTrue(rj.path("diagram").asText().contains("✗ " + file + ":" + f.path("line").asInt()), name);
            assertTrue(rj.path("candidates").size() > 0, name);
        }
        if (!wrong.isEmpty()) fail(String.join("\n", wrong) + "\n" + r.out());
        assertEquals(1, r.exit(), r.all());
    }

    /**
     * The expected first failing line: the mutated line; for a dropped PONG the next PONG
     * (the source's return-path thread gets the pongs in order); for a dropped SHUT the
     * return-path thread's end, which only a SHUT (or an error, traced as bad_end) allows.
     */
    /** {file name, line} of the expected first failing event. */
    static String[] expected(Mutations.Mutant m) throws Exception {
        return new String[] {m.expectedFile(), String.valueOf(expectedLine(m))};
    }

    static int expectedLine(Mutations.Mutant m) throws Exception {
        if (m.expectedLine() > 0) return m.expectedLine();
        int dropped = -m.expectedLine();
        List<String> src = lines(m.dir().resolve("src.trace.log"));
        if (m.kind().equals("drop-pong")) {
            for (int l : find(src, "source_return_path_thread_pong", null)) if (l >= dropped) return l;
        } else {
            for (int l : find(src, "source_return_path_thread_end", null)) if (l >= dropped) return l;
        }
        return -1;
    }

    /**
     * Swapping the source's first two state changes, setup (main thread, qmp_migrate) and
     * active (migration thread), keeps every line where it was: only the thread that logs
     * each state changes.  QEMU 7.2 logs carry thread ids, which the checker binds to spec
     * threads, so the swap is caught at the first swapped line.
     */
    @Test
    void swappingSetupAndActiveIsRejectedWhereTheLogHasThreadIds() throws Exception {
        assertSwapRejectedAtTheSwappedLine("qemu-7.2/a_precopy_success", "legacy");
    }

    /**
     * The same swap in a QEMU 10.2 log, which names no threads: the main thread logged
     * `setup` before it created the migration thread (the spec's `migration_connect` step
     * says so in `step.spawns`), so the migration thread's `active` cannot come first.
     * Caught at the first swapped line.
     */
    @Test
    void swappingSetupAndActiveIsRejectedWithoutThreadIds() throws Exception {
        assertSwapRejectedAtTheSwappedLine("qemu-10.2/s1a_precopy_success", "v4");
    }

    /** The swapped run is rejected (exit 1) at its first state change, the swapped line. */
    private void assertSwapRejectedAtTheSwappedLine(String run, String variant) throws Exception {
        Path d = swapSetupAndActive(run);
        Path json = tmp.resolve(d.getFileName() + ".json");
        var r = child(d.resolve("src.trace.log").toString(), d.resolve("dst.trace.log").toString(),
                "--variant", variant, "--json", json.toString());
        assertEquals(1, r.exit(), r.all());
        JsonNode f = readJson(json).at("/runs/0/rejection/failing");
        List<String> src = lines(d.resolve("src.trace.log"));
        assertEquals(find(src, "migrate_set_state", null).get(0).intValue(), f.path("line").asInt(), r.out());
    }

    private Path swapSetupAndActive(String run) throws Exception {
        Path d = tmp.resolve("swap").resolve(run.replace('/', '_'));
        CheckerTestSupport.copyRun(CheckerTestSupport.real(run), d);
        List<String> src = lines(d.resolve("src.trace.log"));
        List<Integer> st = find(src, "migrate_set_state", null);
        src.set(st.get(0) - 1, src.get(st.get(0) - 1).replace("new state setup", "new state active"));
        src.set(st.get(1) - 1, src.get(st.get(1) - 1).replace("new state active", "new state setup"));
        CheckerTestSupport.write(d.resolve("src.trace.log"), src);
        return d;
    }

    private static void deleteRun(Path d) throws Exception {
        try (var s = Files.walk(d)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
