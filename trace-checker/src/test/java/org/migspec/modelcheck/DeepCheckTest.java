package org.migspec.modelcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLC's simulation and distributed modes on the toy spec, with the real TLC. */
class DeepCheckTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = DeepCheck.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String[] args(String mode, String deep, String... more) {
        Path toy = Samples.path("toy");
        String[] base = {mode, "--manifest", toy.resolve("manifest.json").toString(), "--spec-dir", toy.toString(),
                "--deep", deep, "--out", tmp.resolve("out").toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String deep() {
        return Samples.path("toy-deep").resolve("deep.json").toString();
    }

    @Test
    void simulationFindsTheViolationAndSaysNoneFoundIsNoProof() throws Exception {
        Run r = run(args("simulate", deep()));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("200 behaviours per model, depth <= 30, seed 7"), r.out());
        assertTrue(r.out().matches("(?s).*\\| `toy_three_pings` .* no violation found \\(not a proof\\) \\| none found \\| ✓ \\|.*"),
                r.out());
        assertTrue(r.out().matches("(?s).*\\| `toy_few_pongs_sim` .* invariant FewPongs in \\d+ states: .* \\| invariant FewPongs \\| ✓ \\|.*"),
                r.out());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("out/simulate.json").toFile());
        assertEquals(7, json.get("seed").asLong());
        assertEquals("invariant", json.at("/models/1/outcome").asText());
        assertTrue(json.at("/models/0/generated").asLong() > 0);
        assertTrue(Files.isRegularFile(tmp.resolve("out/toy_few_pongs_sim/counterexample.md")));
    }

    @Test
    void aViolationExpectedButNotFoundIsNotAsExpected() throws Exception {
        Path d = tmp.resolve("deep.json");
        Files.writeString(d, Files.readString(Path.of(deep())).replace("\"constants\": {\"MaxPings\": 3}",
                "\"constants\": {\"MaxPings\": 3}, \"expected\": {\"outcome\": \"violated\", \"kind\": \"invariant\", \"property\": \"TypeOK\"}"));
        Run r = run(args("simulate", d.toString(), "--only", "toy_three_pings"));
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("| invariant TypeOK | ✗ |"), r.out());
    }

    @Test
    void distributedEngineFindsTheSameStatesAsOneProcess() {
        Run r = run(args("distributed", deep()));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("TLCServer + 2 TLCWorkers : holds"), r.out());
        assertTrue(r.out().contains("the same distinct states: the distributed engine agrees"), r.out());
    }

    @Test
    void badDeepFileIsOneLineExitTwo() throws Exception {
        Path d = tmp.resolve("bad.json");
        Files.writeString(d, Files.readString(Path.of(deep())).replace("\"base\": \"toy_ok\"", "\"base\": \"nope\""));
        Run r = run(args("simulate", d.toString()));
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(".base: no model \"nope\""), r.err());
        Run m = run(args("sideways", deep()));
        assertEquals(2, m.exit());
        assertTrue(m.err().contains("is not simulate or distributed"), m.err());
    }
}
