package org.migspec.impl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.migspec.impl.campaign.CampaignReport;
import org.migspec.impl.campaign.CampaignRunner;
import org.migspec.impl.campaign.CoverageTargets;
import org.migspec.impl.campaign.Outcome;
import org.migspec.impl.campaign.RunRecord;
import org.migspec.impl.campaign.Schedule;
import org.migspec.impl.campaign.ScheduleGenerator;
import org.migspec.impl.campaign.Shrinker;
import org.migspec.impl.common.Variant;
import org.migspec.impl.qemu.QemuBackend;
import org.migspec.impl.qemu.QemuBinary;
import org.migspec.impl.scenario.Backend;
import org.migspec.impl.scenario.ImplBackend;
import org.migspec.impl.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migspec campaign}: N randomized fault schedules from a seed, each run as a scenario in
 * {@code OUT/runs/NNN/}, all checked by the trace checker in one batch (a child JVM of the
 * checker's Main, whose class path {@code ./migspec} passes), the bad outcomes shrunk, and
 * {@code OUT/campaign.json} + {@code OUT/report.md} written.
 *
 * <p>Exit codes: 0 every run ran and the checker accepted every run; 1 a run error, or a run the
 * checker did not accept (or the checker could not run); 2 bad input.
 */
@Command(name = "campaign", description = "randomized fault campaign: N schedules from a seed, each run and checked")
final class CampaignCommand implements Callable<Integer> {
    /** Runs per round of {@code --target uncovered}: the checker runs after each round. */
    static final int ROUND = 5;

    @Option(names = "--backend", defaultValue = "impl", description = "impl or qemu (default ${DEFAULT-VALUE})")
    String backend;
    @Option(names = "--variant", description = "spec variant (default for qemu: from the QEMU version)")
    String variant;
    @Option(names = "--runs", defaultValue = "10")
    int runs;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Option(names = "--out", required = true, description = "output directory")
    Path out;
    @Option(names = "--qemu", description = "7.2, 11.1 or a path to qemu-system-x86_64 (--backend qemu)")
    String qemu;
    @Option(names = "--sid-root", description = "the Debian unstable chroot for --qemu 11.1")
    Path sidRoot = QemuBinary.DEFAULT_SID_ROOT;
    @Option(names = "--time-limit-s", defaultValue = "60", description = "bound of one run, seconds (default ${DEFAULT-VALUE})")
    long timeLimitS;
    @Option(names = "--jobs", defaultValue = "1", description = "runs at a time (timing faults shift under load; default ${DEFAULT-VALUE})")
    int jobs;
    @Option(names = "--shrink-runs", defaultValue = "6", description = "re-runs allowed per distinct bad outcome when shrinking (0: no shrinking; default ${DEFAULT-VALUE})")
    int shrinkRuns;
    @Option(names = "--target", defaultValue = "none", description = "none, or uncovered: runs in rounds of "
            + CampaignCommand.ROUND + ", each round's schedules weighted toward the spec actions and abstract states the "
            + "runs so far have not covered (the checker's conformance coverage; default ${DEFAULT-VALUE})")
    String target;
    @Option(names = "--tlc-coverage", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "the checker computes TLC's reachable sets for conformance coverage (minutes per postcopy "
                    + "configuration the first time, then cached in build/coverage; --no-tlc-coverage: not; "
                    + "--target uncovered needs them)")
    boolean tlcCoverage;
    @Option(names = "--checker-cp", description = "class path of the trace checker (./migspec sets it; default $MIGSPEC_CHECKER_CP)")
    String checkerCp = System.getenv("MIGSPEC_CHECKER_CP");

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        boolean onQemu = "qemu".equals(backend);
        boolean targeted = "uncovered".equals(target);
        if (!onQemu && !"impl".equals(backend) || runs < 1 || timeLimitS < 1 || !targeted && !"none".equals(target)
                || targeted && !tlcCoverage) {
            System.err.println("migspec campaign: --backend impl|qemu, --runs >= 1, --time-limit-s >= 1, --target none|uncovered "
                    + "(uncovered needs --tlc-coverage)");
            return 2;
        }
        Variant v;
        Supplier<Backend> backends;
        String describe;
        try {
            if (onQemu) {
                if (qemu == null) {
                    throw new ScenarioException("--backend qemu needs --qemu 7.2|11.1|PATH");
                }
                QemuBinary bin = QemuBinary.resolve(qemu, null, sidRoot);
                v = Variant.parse(bin.variant(variant));
                // one log file per thread, as ./migspec qemu records: the checker binds threads to lanes by name
                backends = () -> new QemuBackend(bin, true);
                describe = bin.describe();
            } else {
                if (variant == null) {
                    throw new ScenarioException("--backend impl needs --variant");
                }
                v = Variant.parse(variant);
                Variant fv = v;
                backends = () -> new ImplBackend(fv);
                describe = "impl " + v.cliName();
            }
        } catch (ScenarioException | IllegalArgumentException e) {
            System.err.println("migspec campaign: " + e.getMessage());
            return 2;
        }
        Path runsDir = out.resolve("runs");
        Files.createDirectories(runsDir);
        // the checker's batch mode takes a run's variant from a file named 'variant' above the run
        Files.writeString(runsDir.resolve("variant"), v.cliName() + "\n");
        CampaignRunner runner = new CampaignRunner(v, backend, backends, timeLimitS * 1000);
        long t0 = System.nanoTime();
        List<RunRecord> records = new ArrayList<>();
        JsonNode verdicts;
        com.fasterxml.jackson.databind.node.ArrayNode rounds = json.createArrayNode();
        if (!targeted) {
            records.addAll(runner.runAll(new ScheduleGenerator(seed, onQemu).generate(runs), runsDir, out, jobs));
            verdicts = check(json);
        } else {
            // Each round is drawn from what the checker found uncovered after the rounds before it:
            // the schedules are a function of the seed and of that coverage.
            CoverageTargets targets = CoverageTargets.NONE;
            verdicts = null;
            for (int from = 1; from <= runs; from += ROUND) {
                int n = Math.min(ROUND, runs - from + 1);
                records.addAll(runner.runAll(new ScheduleGenerator(seed, onQemu, targets).generate(from, n), runsDir, out, jobs));
                verdicts = check(json);
                rounds.add(round(json, from, n, targets, verdicts));
                if (verdicts == null) {
                    // no coverage to steer by: the campaign stops short rather than go on untargeted
                    System.err.println("migspec campaign: --target uncovered: no checker verdicts after run " + (from + n - 1)
                            + " of " + runs + "; stopping");
                    break;
                }
                targets = CoverageTargets.from(verdicts);
            }
        }
        long runWall = (System.nanoTime() - t0) / 1_000_000;
        List<Shrinker.Result> shrunk = new ArrayList<>();
        if (shrinkRuns > 0) {
            Shrinker shrinker = new Shrinker(runner, out, shrinkRuns);
            for (RunRecord bad : shortestPerBadOutcome(records)) {
                shrunk.add(shrinker.shrink(bad));
            }
        }
        ObjectNode header = json.createObjectNode();
        header.put("schema", "migspec-campaign/1");
        header.put("backend", describe).put("backend_kind", backend).put("variant", v.cliName()).put("seed", seed)
                .put("runs_requested", runs).put("time_limit_s", timeLimitS).put("jobs", jobs).put("shrink_runs", shrinkRuns)
                .put("campaign_wall_ms", (System.nanoTime() - t0) / 1_000_000).put("runs_wall_ms", runWall)
                .put("rerun", rerun(v)).put("target", target);
        if (targeted) {
            header.set("rounds", rounds);
        }
        CampaignReport report = new CampaignReport(header, records, verdicts, shrunk);
        report.write(out);
        long errors = records.stream().filter(r -> r.outcome() == Outcome.RUN_ERROR).count();
        Map<String, Long> outcomes = new TreeMap<>();
        records.forEach(r -> outcomes.merge(r.outcome().label(), 1L, Long::sum));
        System.out.println("campaign " + describe + " seed " + seed + ": " + records.size() + " runs in "
                + runWall / 1000 + " s, outcomes " + outcomes + ", checker: "
                + (verdicts == null ? "did not run" : report.notAccepted() + " not accepted") + "; " + out.resolve("report.md"));
        return verdicts == null || errors > 0 || report.notAccepted() > 0 ? 1 : 0;
    }

    /** What a round of a targeted campaign started from and what the checker found after it. */
    private static ObjectNode round(ObjectMapper json, int from, int n, CoverageTargets before, JsonNode verdicts) {
        ObjectNode o = json.createObjectNode().put("first_run", from).put("runs", n)
                .put("weighted_by_never_taken_actions", before.actionsNeverTaken())
                .put("weighted_by_never_reached_abstract_states", before.statesNeverReached());
        JsonNode c = verdicts == null ? null : verdicts.path("coverage").path("conformance");
        if (c != null && !c.isMissingNode()) {
            o.put("actions_covered", c.path("actions").path("covered").asInt())
                    .put("actions_tlc", c.path("actions").path("tlc").asInt())
                    .put("abstract_states_covered", c.path("abstractStates").path("covered").asInt())
                    .put("abstract_states_tlc", c.path("abstractStates").path("tlc").asInt());
        }
        return o;
    }

    private String rerun(Variant v) {
        String run = out.resolve("runs").resolve("NNN").resolve("scenario.json").toString();
        return "qemu".equals(backend)
                ? "./migspec qemu " + run + " --qemu " + qemu + " --variant " + v.cliName() + " --out /tmp/rerun"
                : "./migspec run " + run + " --variant " + v.cliName() + " --out /tmp/rerun";
    }

    /** Per bad outcome class, the run with the fewest actions (then the lowest number): where shrinking starts. */
    private static List<RunRecord> shortestPerBadOutcome(List<RunRecord> records) {
        Map<Outcome, RunRecord> best = new TreeMap<>();
        Comparator<RunRecord> shorter = Comparator.comparingInt((RunRecord r) -> r.schedule().actions().size())
                .thenComparingInt(r -> r.schedule().index());
        for (RunRecord r : records) {
            if (r.outcome().bad()) {
                best.merge(r.outcome(), r, (a, b) -> shorter.compare(a, b) <= 0 ? a : b);
            }
        }
        return new ArrayList<>(best.values());
    }

    /** The trace checker over OUT/runs in one child JVM; its JSON, or null if it could not run. */
    private JsonNode check(ObjectMapper json) throws IOException, InterruptedException {
        if (checkerCp == null || checkerCp.isBlank()) {
            System.err.println("migspec campaign: no trace checker class path (--checker-cp or MIGSPEC_CHECKER_CP): runs not checked");
            return null;
        }
        Path verdicts = out.resolve("verdicts.json");
        Files.deleteIfExists(verdicts);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmigspec.tlcCoverage=" + tlcCoverage, "-cp", checkerCp,
                "org.migspec.checker.cli.Main", "check", "--batch", out.resolve("runs").toString(),
                "--json", verdicts.toString(), "--jobs", String.valueOf(Math.max(1, jobs)), "--quiet");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolve("checker.log").toFile()).start();
        int rc = p.waitFor();
        if (!Files.exists(verdicts)) {
            System.err.println("migspec campaign: the trace checker wrote no verdicts (exit " + rc + ", see "
                    + out.resolve("checker.log") + ")");
            return null;
        }
        return json.readTree(verdicts.toFile());
    }
}
