package org.migspec.impl.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.migspec.impl.common.Variant;
import org.migspec.impl.scenario.Backend;
import org.migspec.impl.scenario.ScenarioRunner;

/**
 * Runs schedules: each one written as {@code scenario.json} into its own folder and run there by
 * the ordinary {@link ScenarioRunner} with a fresh backend. The scenario's waits are bounded; on
 * top of that the whole run is bounded by {@code timeLimitMs}: past it the runner's thread is
 * interrupted, which makes it kill both processes by PID (its shutdown), and the run counts as a
 * run error.
 */
public final class CampaignRunner {
    private static final long GRACE_MS = 30_000;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Variant variant;
    private final String backendKind;
    private final Supplier<Backend> backends;
    private final long timeLimitMs;
    private final ScenarioWriter writer = new ScenarioWriter(json);

    public CampaignRunner(Variant variant, String backendKind, Supplier<Backend> backends, long timeLimitMs) {
        this.variant = variant;
        this.backendKind = backendKind;
        this.backends = backends;
        this.timeLimitMs = timeLimitMs;
    }

    /** Runs every schedule into {@code root/NNN}, {@code jobs} at a time; records in schedule order. */
    public List<RunRecord> runAll(List<Schedule> schedules, Path root, Path base, int jobs) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
        try {
            List<Future<RunRecord>> fs = new ArrayList<>();
            for (Schedule s : schedules) {
                Path dir = root.resolve(String.format("%03d", s.index()));
                fs.add(pool.submit(() -> {
                    RunRecord r = run(s, dir, base);
                    System.out.printf("run %s: %s -> %s (%.1f s)%s%n", base.relativize(dir), s.describe(),
                            r.outcome().label(), r.wallMs() / 1000.0, r.error() == null ? "" : " [" + r.error() + "]");
                    return r;
                }));
            }
            List<RunRecord> out = new ArrayList<>();
            for (Future<RunRecord> f : fs) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("campaign run failed: " + e.getCause(), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One schedule, bounded; {@code base} is the campaign folder the record's {@code dir} is relative to. */
    public RunRecord run(Schedule s, Path dir, Path base) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve("scenario.json");
        json.writeValue(file.toFile(), writer.scenario(s, variant, backendKind, "campaign-" + dir.getFileName()));
        AtomicReference<JsonNode> result = new AtomicReference<>();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(new ScenarioRunner(file, variant, dir, backends.get()).run());
            } catch (Exception e) {
                failure.set(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }, "campaign-run-" + dir.getFileName());
        long t0 = System.nanoTime();
        t.start();
        t.join(timeLimitMs);
        boolean overTime = t.isAlive();
        if (overTime) {
            t.interrupt();
            t.join(GRACE_MS);
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        JsonNode r = result.get();
        String error = overTime ? "over the time limit of " + timeLimitMs / 1000 + " s"
                + (t.isAlive() ? " (the runner did not stop)" : "")
                : failure.get() != null ? failure.get() : r != null && r.has("error") ? r.get("error").asText() : null;
        Outcome o = overTime ? Outcome.RUN_ERROR : Outcome.classify(r);
        return new RunRecord(s, base.relativize(dir).toString(), o, wall, endState(r), error, faultsFired(dir));
    }

    private static String endState(JsonNode r) {
        if (r == null || !r.has("src")) {
            return "";
        }
        return "src " + ScenarioRunner.sideSummary(r.get("src")) + ", dst " + ScenarioRunner.sideSummary(r.get("dst"))
                + ", guest " + r.path("guest").asText("?") + " (latest state: " + r.path("latest_state").asText("?") + ")";
    }

    /**
     * The faults the implementation fired: the {@code x_inject_fault} lines of its NDJSON traces,
     * plus the kills (a SIGKILL by PID leaves no line in the victim's trace: the run's step log
     * records it; libvirt's abort is the driver's, not a fault of the schedule); -1 without traces.
     */
    private static int faultsFired(Path dir) throws IOException {
        int n = 0;
        boolean any = false;
        for (String side : List.of("src", "dst")) {
            Path f = dir.resolve(side + ".trace.ndjson");
            if (!Files.exists(f)) {
                continue;
            }
            any = true;
            try (Stream<String> lines = Files.lines(f)) {
                n += (int) lines.filter(l -> l.contains("\"event\":\"x_inject_fault\"")).count();
            }
        }
        Path result = dir.resolve("result.json");
        if (any && Files.exists(result)) {
            for (com.fasterxml.jackson.databind.JsonNode st : new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(result.toFile()).path("steps")) {
                if ("kill".equals(st.path("what").asText()) && !st.path("detail").asText().contains("libvirt's abort")) {
                    n++;
                }
            }
        }
        return any ? n : -1;
    }
}
