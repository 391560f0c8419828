package org.migspec.checker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.migspec.checker.search.AllowedFaults;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run's own records say happened to its processes, beyond their trace logs: the
 * unlogged faults an explanation may use without --assume.  Read from the run's directory
 * (the directory of each log):
 * <ul>
 *   <li>{@code src.qmp.jsonl}, {@code dst.qmp.jsonl} (QMP transcripts, ours and the QEMU
 *       harness's): a {@code quit} sent supports that side's quit; an {@code x-inject-fault}
 *       sent supports its fault;</li>
 *   <li>{@code result.json} ({@code ./migspec run} and {@code ./migspec qemu}): a {@code steps}
 *       entry {@code {"what": "kill", "side": S}} (a SIGKILL by PID: a kill step, a crash fault
 *       at once or at the crash point it was armed at, libvirt's abort) supports S's crash, {@code "quit"} S's quit,
 *       {@code "fault channel-break"} (the harness's proxy closed the connection) a channel break;
 *       a side's {@code exit_code} 137 (128 + SIGKILL) its crash, and so does any other non-zero
 *       exit code (the process ended by itself: 7.2's {@code exit(1)} is a crash to the spec);</li>
 *   <li>{@code summary.json} (the QEMU runs' harness): a side's {@code exit_code} -9
 *       (Python's "killed by signal 9") or 137 supports its crash.</li>
 * </ul>
 * Nothing else: prose (note.md) is not read.
 */
public final class RunEvidence {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunEvidence() {
    }

    /** The assumptions the records in {@code dirs} support, plus {@code assumed} (--assume). */
    public static AllowedFaults of(Collection<Path> dirs, List<String> assumed) {
        AllowedFaults a = AllowedFaults.none();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path d : dirs) {
            if (d == null || !seen.add(d.toAbsolutePath().normalize())) continue;
            // the harness's record of what it did first: a kill it made is a better basis for a
            // crash than the x-inject-fault that armed it (the first basis for a kind is kept)
            a = result(a, d.resolve("result.json"));
            for (String side : List.of("src", "dst")) a = qmp(a, d.resolve(side + ".qmp.jsonl"), side);
            a = summary(a, d.resolve("summary.json"));
        }
        if (assumed != null) for (String k : assumed) a = a.with(k, "--assume");
        return a;
    }

    /**
     * Whether a run's {@code result.json} records the runner letting the image's locks go again
     * ({@code {"what": "release_image"}} after {@code hold_image}): the spec's holder may then
     * release them (LockHolderReleases).  Without the record it keeps them, so a `cont` whose
     * activation succeeded under a holder is not explained by a release nobody made.
     */
    public static boolean holderReleased(Collection<Path> dirs) {
        for (Path d : dirs) {
            JsonNode n = d == null ? null : read(d.resolve("result.json"));
            if (n == null) continue;
            boolean held = false;
            for (JsonNode s : n.path("steps")) {
                String what = s.path("what").asText();
                if (what.equals("hold_image")) held = true;
                else if (what.equals("release_image") && held) return true;
            }
        }
        return false;
    }

    private static AllowedFaults qmp(AllowedFaults a, Path f, String side) {
        if (!Files.isRegularFile(f)) return a;
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String l;
            while ((l = r.readLine()) != null) {
                if (!l.contains("\"quit\"") && !l.contains("x-inject-fault")) continue;
                JsonNode n = JSON.readTree(l);
                if (!"send".equals(n.path("dir").asText())) continue;
                String cmd = n.at("/msg/execute").asText();
                if (cmd.equals("quit")) {
                    a = a.with(side + "-quit", f.getFileName() + ": quit sent");
                } else if (cmd.equals("x-inject-fault")) {
                    String fault = n.at("/msg/arguments/fault").asText();
                    if (AllowedFaults.KINDS.contains(fault)) a = a.with(fault, f.getFileName() + ": x-inject-fault " + fault + " sent");
                }
            }
        } catch (IOException | RuntimeException e) {
            // a transcript that cannot be read supports nothing
        }
        return a;
    }

    private static AllowedFaults result(AllowedFaults a, Path f) {
        JsonNode n = read(f);
        if (n == null) return a;
        for (JsonNode s : n.path("steps")) {
            String side = s.path("side").asText();
            if (!side.equals("src") && !side.equals("dst")) continue;
            String what = s.path("what").asText();
            if (what.equals("kill")) {
                a = a.withCertain(side + "-crash", "result.json: kill " + side + " (" + s.path("detail").asText() + ")");
            } else if (what.equals("quit")) {
                a = a.with(side + "-quit", "result.json: quit " + side);
            }
        }
        for (JsonNode s : n.path("steps")) {
            // a fault the driver made outside the processes: the QEMU harness's proxy closing both
            // ends of the connection ({"what": "fault channel-break", "side": "network"}), or the
            // runner taking the image's locks from a third process and keeping them (hold_image)
            String what = s.path("what").asText();
            if (what.equals("hold_image")) {
                a = a.withCertain("lock-holder", "result.json: hold_image (" + s.path("detail").asText() + ")");
            } else if (what.startsWith("fault ") && AllowedFaults.KINDS.contains(what.substring(6))) {
                a = a.with(what.substring(6), "result.json: " + what + " (" + s.path("detail").asText() + ")");
            }
        }
        return exitCodes(a, n, "result.json");
    }

    private static AllowedFaults summary(AllowedFaults a, Path f) {
        JsonNode n = read(f);
        return n == null ? a : exitCodes(a, n, "summary.json");
    }

    private static AllowedFaults exitCodes(AllowedFaults a, JsonNode n, String file) {
        for (String side : List.of("src", "dst")) {
            JsonNode c = n.path(side).path("exit_code");
            if (c.isIntegralNumber() && (c.asInt() == -9 || c.asInt() == 137)) {
                a = a.withCertain(side + "-crash", file + ": " + side + " exit code " + c.asInt() + " (SIGKILL)");
            } else if (c.isIntegralNumber() && c.asInt() != 0) {
                // the process ended by itself with an error (QEMU 7.2's listen thread calls exit(1),
                // which the spec models as a crash that may go unlogged)
                a = a.with(side + "-crash", file + ": " + side + " exit code " + c.asInt());
            }
        }
        return a;
    }

    private static JsonNode read(Path f) {
        if (!Files.isRegularFile(f)) return null;
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
