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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner on the toy spec with the real TLC (found on the test classpath). */
class CheckSpecEndToEndTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = CheckSpec.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void wholeMatrix() throws Exception {
        Path toy = Samples.path("toy");
        Path out = tmp.resolve("out");
        Run r = run("--manifest", toy.resolve("manifest.json").toString(), "--spec-dir", toy.toString(),
                "--out", out.toString(), "--jobs", "2");
        // toy_eval_error expects "holds" but TLC fails: not a pass
        assertEquals(1, r.exit(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("model +variant +faults +distinct +depth +seconds +outcome +expected +ok"), lines.get(0));
        assertTrue(lines.get(1).matches("toy_ok +- +channel-break +\\d+ +\\d+ +[\\d.]+ +holds +holds +✓"), lines.get(1));
        assertTrue(lines.get(2).matches("toy_few_pongs +- +- +\\d+ +\\d+ +[\\d.]+ +invariant FewPongs +invariant FewPongs +✓"), lines.get(2));
        assertTrue(lines.get(3).matches("toy_lasso .* liveness StaysDone +liveness StaysDone +✓"), lines.get(3));
        assertTrue(lines.get(4).matches("toy_eval_error .* error +holds +✗"), lines.get(4));
        assertTrue(r.out().contains("4 models, 3 as expected, 1 not;"), r.out());
        assertTrue(r.out().contains("✗ toy_eval_error: expected holds, TLC: error\n"), r.out());
        assertTrue(r.out().contains("Attempted to apply Head to the empty sequence."), r.out());

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(ResultsJson.SCHEMA, json.get("schema").asText());
        assertEquals(3, json.at("/summary/asExpected").asInt());
        JsonNode few = json.at("/models/1");
        assertEquals("toy_few_pongs", few.get("name").asText());
        assertEquals("invariant", few.at("/outcome/kind").asText());
        assertEquals("FewPongs", few.at("/outcome/property").asText());
        assertTrue(few.get("match").asBoolean());
        assertEquals(12, few.get("tlcExitCode").asInt());
        assertEquals(2, few.at("/constants/MaxPings").asInt());
        assertTrue(few.get("distinct").asLong() > 0);
        Path md = Path.of(few.get("counterexample").asText());
        assertEquals(out.resolve("toy_few_pongs/counterexample.md"), md);
        String text = Files.readString(md);
        assertTrue(text.startsWith("# toy_few_pongs: invariant FewPongs violated\n\nThe second pong breaks FewPongs.\n"), text);
        assertTrue(text.contains("```mermaid\nsequenceDiagram\n"), text);
        JsonNode lasso = json.at("/models/2");
        assertEquals("liveness", lasso.at("/outcome/kind").asText());
        assertEquals("StaysDone", lasso.at("/outcome/property").asText());
        assertTrue(lasso.at("/outcome/message").asText().contains("StaysDone is the model's only temporal property"));
        JsonNode eval = json.at("/models/3");
        assertEquals("error", eval.at("/outcome/kind").asText());
        assertEquals(75, eval.get("tlcExitCode").asInt());
        assertFalse(eval.get("match").asBoolean());
        assertTrue(json.at("/models/0/counterexample").isNull());

        String cfg = Files.readString(out.resolve("toy_lasso/toy_lasso.cfg"));
        assertTrue(cfg.contains("SPECIFICATION FairSpec\nVIEW stateVars\n"), cfg);
        assertTrue(Files.exists(out.resolve("toy_lasso/tlc.out")));
        assertTrue(Files.exists(out.resolve("toy_lasso/Toy.tla")));
        assertFalse(Files.exists(out.resolve("toy_lasso/.tlc-meta")));
        assertFalse(Files.exists(out.resolve("toy_lasso/.tlc-tmp")));
    }

    @Test
    void onlyAndUpdateManifest() throws Exception {
        Path toy = Samples.path("toy");
        Path manifest = tmp.resolve("manifest.json");
        Files.copy(toy.resolve("manifest.json"), manifest);
        String before = Files.readString(manifest);
        Run r = run("--manifest", manifest.toString(), "--spec-dir", toy.toString(), "--out", tmp.resolve("o").toString(),
                "--only", "toy_few_pongs", "--update-manifest");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("1 model, 1 as expected, 0 not;"), r.out());
        String after = Files.readString(manifest).replaceAll("\"seconds\": [\\d.]+", "\"seconds\": S");
        // exactly one "recorded" added, after the model's last field and indented like it; nothing else changed
        assertEquals(before.replace("\"property\": \"FewPongs\" } },",
                "\"property\": \"FewPongs\" },\n      \"recorded\": { \"distinct\": 11, \"generated\": 14, \"depth\": 8, \"seconds\": S } },"),
                after);
        assertEquals(4, Manifest.load(manifest).models().size());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Path toy = Samples.path("toy");
        Run unknown = run("--manifest", toy.resolve("manifest.json").toString(), "--spec-dir", toy.toString(),
                "--out", tmp.toString(), "--only", "nope");
        assertEquals(2, unknown.exit());
        assertEquals("check-spec: --only: unknown model \"nope\" (not in " + toy.resolve("manifest.json") + ")\n", unknown.err());
        Run missing = run("--manifest", tmp.resolve("none.json").toString());
        assertEquals(2, missing.exit());
        assertEquals("check-spec: " + tmp.resolve("none.json") + ": manifest not found\n", missing.err());
        Run jar = run("--manifest", toy.resolve("manifest.json").toString(), "--spec-dir", toy.toString(),
                "--out", tmp.toString(), "--tlc-jar", tmp.resolve("tla2tools.jar").toString());
        assertEquals(2, jar.exit());
        assertEquals("check-spec: TLC jar not found: " + tmp.resolve("tla2tools.jar") + " (--tlc-jar)\n", jar.err());
        Run option = run("--jobs");
        assertEquals(2, option.exit());
        assertTrue(option.err().startsWith("check-spec: Missing required parameter for option '--jobs'"), option.err());
    }

    @Test
    void listSelectsQuickModels() {
        Path toy = Samples.path("toy");
        Run r = run("--manifest", toy.resolve("manifest.json").toString(), "--quick", "--list");
        assertEquals(0, r.exit());
        assertEquals("toy_ok  (quick)  expected holds\ntoy_few_pongs  (quick)  expected invariant FewPongs\n", r.out());
    }
}
