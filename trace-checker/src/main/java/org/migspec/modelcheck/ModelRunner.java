package org.migspec.modelcheck;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks one model: {@code OUT/<name>/} gets the spec modules, {@code <name>.cfg},
 * TLC's raw output {@code tlc.out} and, when TLC printed a trace, {@code counterexample.md}.
 */
public final class ModelRunner {

    /**
     * @param manifest        the manifest (module name, file name for the cfg header)
     * @param specDir         where the spec's .tla modules are
     * @param outDir          where the model directories go
     * @param tlcJar          the TLC jar
     * @param jvmOptions      extra JVM options for TLC (e.g. -Xmx4g)
     * @param timeoutSeconds  per-model limit, 0 for none
     * @param workersOverride TLC workers for every model instead of the manifest's, or null
     */
    public record Settings(Manifest manifest, Path specDir, Path outDir, Path tlcJar, List<String> jvmOptions,
                           long timeoutSeconds, Integer workersOverride) {
    }

    public static final String TLC_OUTPUT = "tlc.out";

    /**
     * No periodic work while the workers explore: liveness is checked once, on the whole state
     * graph, and no checkpoint is taken.  TLC 2.18's periodic work suspends the workers with
     * StateQueue.suspendAll, which can miss the last worker's notification and leave both
     * threads waiting for good with one worker (tlaplus/tlaplus#1438, fixed after 2.18): on
     * 2026-12-08 fix_dst_crash hung that way after its first minute, 6 s of CPU in 13 min.
     * The final liveness check also makes a liveness violation's state count deterministic
     * (the periodic check found it at a point that depended on the machine's speed).
     */
    static final List<String> NO_PERIODIC_WORK = List.of("-lncheck", "final", "-checkpoint", "0");
    public static final String COUNTEREXAMPLE = "counterexample.md";

    private final Settings settings;

    public ModelRunner(Settings settings) {
        this.settings = settings;
    }

    public ModelResult run(ModelEntry m) throws InterruptedException {
        Path dir = settings.outDir().resolve(m.name());
        Path cfg = dir.resolve(m.name() + ".cfg");
        Path out = dir.resolve(TLC_OUTPUT);
        TlcRun.Result run;
        try {
            TlcRun.deleteTree(dir);
            Files.createDirectories(dir);
            copyModules(settings.specDir(), dir);
            Files.writeString(cfg, CfgWriter.write(m, settings.manifest().file().toString()));
            int workers = settings.workersOverride() != null ? settings.workersOverride() : m.workers();
            run = TlcRun.run(settings.tlcJar(), dir, settings.manifest().module(), cfg.getFileName().toString(),
                    workers, settings.jvmOptions(), NO_PERIODIC_WORK, settings.timeoutSeconds(), out);
        } catch (IOException e) {
            return failed(m, cfg, out, "cannot run TLC: " + e);
        }

        TlcToolOutput parsed;
        try {
            parsed = TlcToolOutput.parse(Files.readString(out));
        } catch (IOException | RuntimeException e) {
            return new ModelResult(m, Outcome.error("cannot read TLC's output " + out + ": " + e.getMessage()),
                    false, TlcStats.NONE, run.seconds(), run.exitCode(), null, cfg, out, null, null);
        }
        Outcome outcome = run.timedOut()
                ? Outcome.error("timed out after " + settings.timeoutSeconds() + " s (TLC killed)")
                : parsed.outcome(run.exitCode());
        if (outcome.kind() == Outcome.Kind.LIVENESS) outcome = nameTemporalProperty(outcome, m, dir);
        boolean match = m.expected().matches(outcome);

        Counterexample cx = parsed.counterexample();
        Path md = null;
        if (cx != null) {
            md = dir.resolve(COUNTEREXAMPLE);
            try {
                Files.writeString(md, CounterexampleMarkdown.render(new CounterexampleMarkdown.Context(
                        m, outcome, match, parsed.stats(), run.seconds(), out.toString()), cx));
            } catch (IOException | RuntimeException e) {
                outcome = outcome.withNote(join(outcome.message(), "counterexample.md not written: " + e));
                md = null;
            }
        }
        return new ModelResult(m, outcome, match, parsed.stats(), run.seconds(), run.exitCode(), parsed.version(),
                cfg, out, md, cx == null ? null : cx.states().size());
    }

    /** TLC does not say which temporal property failed; name it when the model has only one. */
    static Outcome nameTemporalProperty(Outcome o, ModelEntry m, Path specDir) {
        List<String> candidates = TemporalProperties.candidates(m.properties(), specDir);
        String note;
        String property = null;
        if (candidates.size() == 1) {
            property = candidates.get(0);
            note = "TLC does not name the violated temporal property; " + property
                    + " is the model's only temporal property";
        } else {
            note = "TLC does not name the violated temporal property; the model checks " + candidates.size()
                    + (candidates.isEmpty() ? "" : ": " + String.join(", ", candidates));
        }
        return new Outcome(Outcome.Kind.LIVENESS, property, join(o.message(), note));
    }

    private static ModelResult failed(ModelEntry m, Path cfg, Path out, String message) {
        return new ModelResult(m, Outcome.error(message), false, TlcStats.NONE, 0, null, null, cfg, out, null, null);
    }

    static void copyModules(Path specDir, Path dir) throws IOException {
        List<Path> modules = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(specDir, "*.tla")) {
            ds.forEach(modules::add);
        }
        for (Path p : modules) Files.copy(p, dir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }
}
