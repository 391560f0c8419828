package org.migspec.modelcheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks beyond one machine's exhaustive reach ({@code spec/deep.json}): {@code simulate}
 * runs the two-fault models in TLC's simulation mode with a fixed seed and depth;
 * {@code distributed} checks one model with TLC's distributed engine (a server and N workers)
 * and compares its state count with a single-process run.  Exit code 0: every simulation ended
 * as deep.json expects / the counts agree; 1: one did not / the counts differ or a run failed;
 * 2: bad input; 3: internal error.
 */
@Command(name = "deep-check", sortOptions = false,
        description = {"TLC's simulation and distributed modes on the models of spec/deep.json.", ""})
public final class DeepCheck implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODE", description = "simulate | distributed")
    String mode;

    @Option(names = "--manifest", paramLabel = "FILE", description = "The manifest (default: ${DEFAULT-VALUE}).")
    Path manifestFile = Path.of("spec/manifest.json");

    @Option(names = "--deep", paramLabel = "FILE", description = "The deep models (default: ${DEFAULT-VALUE}).")
    Path deepFile = Path.of("spec/deep.json");

    @Option(names = "--spec-dir", paramLabel = "DIR", description = "The spec's .tla modules (default: ${DEFAULT-VALUE}).")
    Path specDir = Path.of("spec");

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("build/spec-deep");

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "simulate: only these models.")
    List<String> only = new ArrayList<>();

    @Option(names = "--model", paramLabel = "NAME", description = "distributed: this manifest model instead of deep.json's.")
    String model;

    @Option(names = "--workers", paramLabel = "N", description = "distributed: TLCWorker processes instead of deep.json's.")
    Integer workers;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Per TLC run (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 1800;

    @Option(names = "--tlc-jar", paramLabel = "JAR", description = "The TLC jar (default: the tla2tools on the classpath).")
    Path tlcJar;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(execute(args, null, null));
    }

    public static int execute(String[] args, PrintStream out, PrintStream err) {
        DeepCheck cmd = new DeepCheck();
        if (out != null) cmd.out = out;
        if (err != null) cmd.err = err;
        return ToolCommandLine.execute("deep-check", cmd, cmd.out, cmd.err, args);
    }

    @Override
    public Integer call() throws Exception {
        Manifest manifest = Manifest.load(manifestFile);
        DeepModels deep = DeepModels.load(deepFile, manifest);
        if (!Files.isRegularFile(specDir.resolve(manifest.module() + ".tla")))
            throw new BadInputException(specDir + ": " + manifest.module() + ".tla not found (--spec-dir)");
        Path jar = TlcJar.locate(tlcJar);
        Files.createDirectories(outDir);
        return switch (mode) {
            case "simulate" -> simulate(manifest, deep, jar);
            case "distributed" -> distributed(manifest, deep, jar);
            default -> throw new BadInputException("MODE: \"" + mode + "\" is not simulate or distributed");
        };
    }

    private int simulate(Manifest manifest, DeepModels deep, Path jar) throws Exception {
        List<ModelEntry> models = new ArrayList<>();
        for (ModelEntry m : deep.models()) if (only.isEmpty() || only.contains(m.name())) models.add(m);
        for (String n : only)
            if (deep.model(n) == null) throw new BadInputException("--only: no model \"" + n + "\" in " + deepFile);
        out.printf(Locale.ROOT, "TLC simulation: %d behaviours per model, depth <= %d, seed %d, 1 worker%n%n",
                deep.traces(), deep.depth(), deep.seed());
        out.println("| model | variant | faults (MaxFaults) | states generated | seconds | outcome | expected | |");
        out.println("|---|---|---|---:|---:|---|---|---|");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("seed", deep.seed()).put("depth", deep.depth()).put("behaviours", deep.traces());
        ArrayNode rows = root.putArray("models");
        boolean allAsExpected = true;
        for (ModelEntry m : models) {
            Simulation.Result r = Simulation.run(m, deep, specDir, manifest.module(), outDir, jar, timeoutSeconds);
            // a violation expected but not found is not a failure of the model, but the budget
            // did not reach it: not as expected either
            boolean match = m.expected().matches(r.outcome());
            allAsExpected &= match;
            String cell = r.outcome().kind() == Outcome.Kind.HOLDS ? "no violation found (not a proof)"
                    : ResultTable.outcomeCell(r.outcome()) + (r.traceLength() == null ? ""
                    : " in " + r.traceLength() + " states: " + r.dir().resolve(ModelRunner.COUNTEREXAMPLE));
            out.printf(Locale.ROOT, "| `%s` | %s | %s (%s) | %s | %.1f | %s | %s | %s |%n", m.name(), m.variant(),
                    String.join(", ", m.faults()), m.constants().get("MaxFaults"),
                    r.generated() == null ? "–" : String.format(Locale.ROOT, "%,d", r.generated()), r.seconds(), cell,
                    m.expected().violated() ? m.expected().brief() : "none found", match ? "✓" : "✗");
            ObjectNode row = rows.addObject();
            row.put("name", m.name()).put("outcome", r.outcome().kind().json).put("seconds", r.seconds())
                    .put("expected", m.expected().brief()).put("asExpected", match);
            if (r.outcome().property() != null) row.put("property", r.outcome().property());
            if (r.outcome().message() != null) row.put("message", r.outcome().message());
            if (r.generated() != null) row.put("generated", r.generated());
            if (r.traceLength() != null) row.put("traceLength", r.traceLength());
        }
        json.writeValue(outDir.resolve("simulate.json").toFile(), root);
        out.println();
        out.println("results: " + outDir.resolve("simulate.json"));
        return allAsExpected ? 0 : 1;
    }

    private int distributed(Manifest manifest, DeepModels deep, Path jar) throws Exception {
        String name = model != null ? model : deep.distributedModel();
        ModelEntry m = manifest.model(name);
        if (m == null) throw new BadInputException("--model: no model \"" + name + "\" in " + manifestFile);
        int n = workers != null ? workers : deep.distributedWorkers();
        if (n < 1) throw new BadInputException("--workers: must be at least 1");
        DistributedRun.Result r = DistributedRun.run(m, n, specDir, manifest.module(), outDir.resolve("distributed"),
                jar, manifestFile.toString(), timeoutSeconds);
        out.printf(Locale.ROOT, "model %s (invariants only), on this machine:%n", m.name());
        out.printf(Locale.ROOT, "  single process : %s, %s distinct states, %s generated, %.1f s%n",
                ResultTable.outcomeCell(r.single()), r.singleStats().distinct(), r.singleStats().generated(),
                r.singleSeconds());
        out.printf(Locale.ROOT, "  TLCServer + %d TLCWorkers : %s, %s distinct states, %s generated, %.1f s%n", n,
                ResultTable.outcomeCell(r.server()), r.serverStats().distinct(), r.serverStats().generated(),
                r.serverSeconds());
        out.println(r.sameStates() ? "  the same distinct states: the distributed engine agrees"
                : "  DIFFERENT: see " + r.dir());
        return r.sameStates() ? 0 : 1;
    }
}
