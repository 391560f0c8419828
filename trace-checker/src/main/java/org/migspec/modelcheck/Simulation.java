package org.migspec.modelcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model in TLC's simulation mode ({@code -simulate num=N -depth D -seed S}, one worker, so
 * the same seed gives the same behaviours): random behaviours of at most D steps, every invariant
 * and property checked on each.  A violation found is a real violation (with its trace, in
 * {@code counterexample.md}); no violation found proves nothing beyond the behaviours drawn, so
 * the outcome says "none found in N behaviours", never "holds".
 */
public final class Simulation {

    /**
     * @param model     the model
     * @param outcome   TLC's outcome: a violation, HOLDS meaning "none found", or an error
     * @param generated states generated over all behaviours (from TLC's last progress report)
     * @param seconds   wall time
     * @param dir       the model's directory (cfg, tlc.out, counterexample.md)
     */
    public record Result(ModelEntry model, Outcome outcome, Long generated, double seconds, Path dir,
                         Integer traceLength) {
    }

    private static final Pattern GENERATED = Pattern.compile("([0-9][0-9,]*) states generated");

    private Simulation() {
    }

    public static Result run(ModelEntry m, DeepModels deep, Path specDir, String module, Path outDir, Path jar,
                             long timeoutSeconds) throws IOException, InterruptedException {
        Path dir = outDir.resolve(m.name());
        TlcRun.deleteTree(dir);
        Files.createDirectories(dir);
        ModelRunner.copyModules(specDir, dir);
        Path cfg = dir.resolve(m.name() + ".cfg");
        Files.writeString(cfg, CfgWriter.write(m, deep.file().toString()));
        Path out = dir.resolve(ModelRunner.TLC_OUTPUT);
        List<String> sim = List.of("-simulate", "num=" + deep.traces(), "-depth", Integer.toString(deep.depth()),
                "-seed", Long.toString(deep.seed()));
        TlcRun.Result run = TlcRun.run(jar, dir, module, cfg.getFileName().toString(), 1, List.of(), sim,
                timeoutSeconds, out);
        String text = Files.readString(out);
        TlcToolOutput parsed = TlcToolOutput.parse(text);
        Long generated = lastGenerated(text);
        Outcome outcome;
        if (run.timedOut()) {
            outcome = Outcome.error("timed out after " + timeoutSeconds + " s (TLC killed)");
        } else if (parsed.outcome().kind().isViolation()) {
            outcome = parsed.outcome(run.exitCode());
        } else if (run.exitCode() == 0 && generated != null) {
            // simulation ends without TLC's "no error has been found" message: exit 0 and a final
            // progress report are its success
            outcome = new Outcome(Outcome.Kind.HOLDS, null, "no violation in " + deep.traces()
                    + " behaviours of depth <= " + deep.depth() + " (seed " + deep.seed() + "): not a proof");
        } else {
            outcome = Outcome.error("TLC simulation ended with " + TlcToolOutput.describeExit(run.exitCode())
                    + (parsed.outcome().message() == null ? "" : ": " + parsed.outcome().message()));
        }
        Counterexample cx = parsed.counterexample();
        Integer length = null;
        if (cx != null) {
            length = cx.states().size();
            Files.writeString(dir.resolve(ModelRunner.COUNTEREXAMPLE), CounterexampleMarkdown.render(
                    new CounterexampleMarkdown.Context(m, outcome, false, parsed.stats(), run.seconds(), out.toString()),
                    cx));
        }
        return new Result(m, outcome, generated, run.seconds(), dir, length);
    }

    static Long lastGenerated(String tlcOutput) {
        Long last = null;
        Matcher mt = GENERATED.matcher(tlcOutput);
        while (mt.find()) last = Long.parseLong(mt.group(1).replace(",", ""));
        return last;
    }
}
