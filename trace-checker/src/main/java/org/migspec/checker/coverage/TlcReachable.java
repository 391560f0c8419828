package org.migspec.checker.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.migspec.checker.report.Json;
import org.migspec.checker.spec.LoadedSpec;
import tlc2.tool.TLCState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What TLC can reach in the model a run is checked against: the actions that have a step
 * somewhere in the reachable state graph, and the abstract states (spec/AbstractState.tla) of
 * its states.  The model is the trace configuration itself (TraceMigration.tla with the
 * constants of {@link org.migspec.checker.spec.TraceConfig#cfg}: the run's variant and
 * capabilities, every fault kind up to MaxFaults, every operator command, quit): the very
 * spec that explains the runs, so "covered" means "of what the spec allows those runs".
 *
 * <p>Computed by a breadth-first pass over TLC's state graph through the same loaded spec the
 * checker searches with (TLC's successors, TLC's fingerprints under TraceView, TLC's
 * evaluation of AbstractState): exhaustive, one thread.  Cached per model and spec text in
 * {@code build/coverage/} because it takes seconds to minutes (README, "Conformance coverage").
 *
 * @param model          the configuration key (TraceConfig.key) the set belongs to
 * @param actions        TLC action names with at least one step in the reachable graph
 * @param abstractStates the projections of every reachable state
 * @param distinctStates reachable states (under TraceView)
 * @param seconds        the pass's wall time when it was computed (a cached set keeps it)
 * @param cpuSeconds     the pass's CPU time (its one thread) when it was computed
 * @param cached         read from the cache, not computed now
 */
public record TlcReachable(String model, Set<String> actions, Set<String> abstractStates, long distinctStates,
                           double seconds, double cpuSeconds, boolean cached) {

    /** The pass over the whole graph of {@code spec}. */
    public static TlcReachable explore(LoadedSpec spec) {
        long t0 = System.nanoTime();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        Set<String> actions = new TreeSet<>();
        Set<String> abs = new TreeSet<>();
        Set<Long> seen = new HashSet<>();
        ArrayDeque<TLCState> queue = new ArrayDeque<>();
        TLCState init = spec.init();
        seen.add(spec.fingerprint(init));
        abs.add(spec.abstractState(init));
        queue.add(init);
        while (!queue.isEmpty()) {
            TLCState s = queue.poll();
            spec.forEachSuccessor(s, (action, succ) -> {
                actions.add(action);
                if (seen.add(succ.fingerPrint())) {
                    abs.add(spec.abstractState(succ));
                    queue.add(succ);
                }
            });
        }
        return new TlcReachable(spec.config().key(), actions, abs, seen.size(), (System.nanoTime() - t0) / 1e9,
                (mx.getCurrentThreadCpuTime() - cpu0) / 1e9, false);
    }

    /**
     * The set for {@code spec}, from {@code cacheDir} if a pass over the same spec text and
     * constants stored it there, else computed and stored (a cache that cannot be written is
     * skipped: the set is still returned).
     */
    public static TlcReachable of(LoadedSpec spec, Path specDir, Path cacheDir) {
        Path file = cacheDir == null ? null : cacheDir.resolve(spec.config().key() + "-" + digest(specDir, spec) + ".json");
        if (file != null && Files.isRegularFile(file)) {
            try {
                TlcReachable c = fromJson(Json.MAPPER.readTree(file.toFile()));
                return new TlcReachable(c.model, c.actions, c.abstractStates, c.distinctStates, c.seconds, c.cpuSeconds, true);
            } catch (IOException | RuntimeException e) {
                // unreadable (cut by a crash): computed again below
            }
        }
        TlcReachable r = explore(spec);
        if (file != null) {
            try {
                Files.createDirectories(cacheDir);
                Path tmp = Files.createTempFile(cacheDir, "reach", ".tmp");
                Files.writeString(tmp, Json.write(r.json()) + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // not cached: the next batch computes it again
            }
        }
        return r;
    }

    /** Where batch mode caches the sets: {@code build/coverage} beside the spec directory. */
    public static Path defaultCacheDir(Path specDir) {
        Path parent = specDir.toAbsolutePath().normalize().getParent();
        return parent == null ? null : parent.resolve("build").resolve("coverage");
    }

    /** The spec's modules, the model's cfg and the written form, hashed: a change is a new cache entry. */
    private static String digest(Path specDir, LoadedSpec spec) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            try (Stream<Path> s = Files.list(specDir)) {
                files = s.filter(p -> p.toString().endsWith(".tla")).sorted().toList();
            }
            for (Path p : files) {
                md.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(p));
            }
            md.update(spec.config().cfg().getBytes(StandardCharsets.UTF_8));
            // the written form is Java's: a changed form must not read old sets
            md.update(String.join(",", AbstractStates.FIELDS).getBytes(StandardCharsets.UTF_8));
            md.update(AbstractStates.render(java.util.Map.of("src", "s", "srcRun", "r", "mt", "m", "rpt", "p", "dst", "d",
                    "dstRun", "u", "co", "c", "lt", "l", "lock", "k")).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the spec for the coverage cache: " + e.getMessage(), e);
        }
    }

    public ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("model", model);
        o.put("distinctStates", distinctStates);
        o.put("seconds", Math.round(seconds * 100) / 100.0);
        o.put("cpuSeconds", Math.round(cpuSeconds * 100) / 100.0);
        o.put("cached", cached);
        o.set("actions", Json.value(actions));
        o.set("abstractStates", Json.value(abstractStates));
        return o;
    }

    /** The sets {@link #json} wrote. */
    public static TlcReachable fromJson(JsonNode j) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode a : j.path("actions")) actions.add(a.asText());
        Set<String> abs = new TreeSet<>();
        for (JsonNode a : j.path("abstractStates")) abs.add(a.asText());
        if (!j.hasNonNull("model") || abs.isEmpty()) throw new IllegalArgumentException("not a reachable-set document");
        return new TlcReachable(j.path("model").asText(), actions, abs, j.path("distinctStates").asLong(),
                j.path("seconds").asDouble(), j.path("cpuSeconds").asDouble(), j.path("cached").asBoolean());
    }
}
