package org.migspec.modelcheck;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the model-checking matrix of a manifest through TLC and reports which models
 * behave as expected.  Exit code 0: every selected model as expected; 1: at least one
 * not; 2: bad input (manifest, option, spec directory, TLC jar); 3: internal error.
 */
@Command(name = "check-spec", sortOptions = false,
        description = {
                "Model-checks the models of a manifest with TLC and compares each outcome with the expected one.",
                "Writes OUT/<model>/ (<model>.cfg, tlc.out, counterexample.md) and OUT/results.json, and prints a table.",
                "Exit code: 0 all as expected, 1 some not, 2 bad input, 3 internal error.", ""})
public final class CheckSpec implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--manifest", paramLabel = "FILE", description = "The manifest (default: ${DEFAULT-VALUE}).")
    Path manifestFile = Path.of("spec/manifest.json");

    @Option(names = "--spec-dir", paramLabel = "DIR", description = "The spec's .tla modules (default: ${DEFAULT-VALUE}).")
    Path specDir = Path.of("spec");

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("build/spec");

    @Option(names = "--quick", description = "Only the models marked \"quick\": true.")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Only these models (overrides --quick).")
    List<String> only = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "N", description = "Models checked in parallel (default: ${DEFAULT-VALUE}).")
    int jobs = 1;

    @Option(names = "--workers", paramLabel = "N", description = "TLC workers per model, instead of each model's \"workers\".")
    Integer workers;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill TLC after this long per model; 0: no limit (default).")
    long timeoutSeconds;

    @Option(names = "--update-manifest", description = "Rewrite the \"recorded\" numbers of the models that ran.")
    boolean updateManifest;

    @Option(names = "--tlc-jar", paramLabel = "JAR", description = "The TLC jar (default: -Dmigspec.tlc.jar, else the tla2tools on the classpath).")
    Path tlcJar;

    @Option(names = "--tlc-jvm-option", paramLabel = "OPT", description = "Extra JVM option for TLC, e.g. -Xmx4g (repeatable).")
    List<String> tlcJvmOptions = new ArrayList<>();

    @Option(names = "--list", description = "List the selected models and exit.")
    boolean list;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(execute(args, null, null));
    }

    /** Runs the command; {@code out}/{@code err} replace stdout/stderr when not null (tests). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CheckSpec cmd = new CheckSpec();
        if (out != null) cmd.out = out;
        if (err != null) cmd.err = err;
        return ToolCommandLine.execute("check-spec", cmd, cmd.out, cmd.err, args);
    }

    @Override
    public Integer call() throws BadInputException, IOException, InterruptedException {
        if (jobs < 1) throw new BadInputException("--jobs: must be at least 1");
        if (workers != null && workers < 1) throw new BadInputException("--workers: must be at least 1");
        if (timeoutSeconds < 0) throw new BadInputException("--timeout: must not be negative");
        Manifest manifest = Manifest.load(manifestFile);
        List<ModelEntry> selected = select(manifest);
        if (list) {
            for (ModelEntry m : selected)
                out.println(m.name() + (m.quick() ? "  (quick)" : "") + "  expected " + m.expected().brief());
            return 0;
        }
        if (!Files.isDirectory(specDir)) throw new BadInputException(specDir + ": spec directory not found (--spec-dir)");
        Path module = specDir.resolve(manifest.module() + ".tla");
        if (!Files.isRegularFile(module))
            throw new BadInputException(manifestFile + ": module: " + module + " not found");
        Path jar = TlcJar.locate(tlcJar);
        Files.createDirectories(outDir);

        ModelRunner runner = new ModelRunner(new ModelRunner.Settings(manifest, specDir, outDir, jar,
                List.copyOf(tlcJvmOptions), timeoutSeconds, workers));
        long start = System.nanoTime();
        List<ModelResult> results = runAll(runner, selected);
        double wall = (System.nanoTime() - start) / 1e9;

        out.print(ResultTable.render(results, wall));
        Path resultsFile = outDir.resolve(ResultsJson.FILE);
        ResultsJson.write(resultsFile, ResultsJson.build(manifest, results, wall));
        out.println("results: " + resultsFile);

        if (updateManifest) updateManifest(results);
        return results.stream().allMatch(ModelResult::match) ? 0 : 1;
    }

    private List<ModelEntry> select(Manifest manifest) throws BadInputException {
        if (!only.isEmpty()) {
            Set<String> names = new LinkedHashSet<>();
            for (String n : only) if (!n.isBlank()) names.add(n.strip());
            List<ModelEntry> out = new ArrayList<>();
            for (String n : names) {
                ModelEntry m = manifest.model(n);
                if (m == null)
                    throw new BadInputException("--only: unknown model \"" + n + "\" (not in " + manifestFile + ")");
            }
            for (ModelEntry m : manifest.models()) if (names.contains(m.name())) out.add(m);
            return out;
        }
        List<ModelEntry> out = new ArrayList<>();
        for (ModelEntry m : manifest.models()) if (!quick || m.quick()) out.add(m);
        if (out.isEmpty()) throw new BadInputException(manifestFile + ": models: none is marked \"quick\": true");
        return out;
    }

    private List<ModelResult> runAll(ModelRunner runner, List<ModelEntry> models) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, models.size()));
        AtomicInteger finished = new AtomicInteger();
        try {
            // longest first (by the recorded seconds; a model never recorded counts as longest), so
            // that the last model to start is a short one and the jobs end together; results are
            // still reported in the manifest's order
            List<ModelEntry> order = new ArrayList<>(models);
            order.sort(Comparator.comparingDouble(CheckSpec::expectedSeconds).reversed());
            Map<String, Future<ModelResult>> byName = new LinkedHashMap<>();
            for (ModelEntry m : order) {
                byName.put(m.name(), pool.submit(() -> {
                    ModelResult r;
                    try {
                        r = runner.run(m);
                    } catch (RuntimeException e) {
                        // a bug here must not hide the other models' results
                        r = new ModelResult(m, Outcome.error("internal error: " + e), false, TlcStats.NONE, 0,
                                null, null, null, null, null, null);
                    }
                    err.printf(Locale.ROOT, "[%d/%d] %s: %s %s (%.1f s)%n", finished.incrementAndGet(), models.size(),
                            m.name(), ResultTable.outcomeCell(r.outcome()), r.match() ? "✓" : "✗", r.seconds());
                    return r;
                }));
            }
            List<ModelResult> results = new ArrayList<>();
            for (ModelEntry m : models) {
                try {
                    results.add(byName.get(m.name()).get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static double expectedSeconds(ModelEntry m) {
        Recorded r = m.recorded();
        return r == null || r.seconds() == null ? Double.MAX_VALUE : r.seconds();
    }

    private void updateManifest(List<ModelResult> results) throws IOException {
        Map<String, ManifestUpdater.Numbers> numbers = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (ModelResult r : results) {
            ManifestUpdater.Numbers n = ManifestUpdater.numbersOf(r);
            if (n == null) skipped.add(r.model().name());
            else numbers.put(r.model().name(), n);
        }
        List<String> changed = ManifestUpdater.update(manifestFile, numbers);
        out.println("manifest: " + (changed.isEmpty() ? "recorded numbers unchanged" : "recorded numbers of "
                + numbers.size() + " model(s) written to " + manifestFile)
                + (skipped.isEmpty() ? "" : "; not recorded (TLC error): " + String.join(", ", skipped)));
    }
}
