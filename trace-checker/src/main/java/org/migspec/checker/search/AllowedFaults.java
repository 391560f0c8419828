package org.migspec.checker.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unlogged faults an explanation may use, each with why: the run's own records (a kill
 * the runner sent, a process's exit code, a `quit` in a QMP transcript) or --assume.
 *
 * <p>A fault or quit whose marker (x_inject_fault, qmp_enter_quit) a log records needs no
 * assumption: the line is the evidence.  Without the marker a step is an assumption.  The
 * failures QEMU reports itself (device-load-failure, block-activation-failure) are allowed
 * when the step's other events are log lines (the log shows the failure, only not its
 * marker); the others (a kill, a network break, a quit) leave nothing in the logs of the
 * process they hit, so only a record outside the logs, or --assume, lets an explanation use them.
 */
public record AllowedFaults(Map<String, String> allowed) {

    /** The spec's fault kinds (TraceConfig's Faults) and QMP quit per side. */
    public static final List<String> KINDS = List.of("channel-break", "dst-crash", "src-crash", "device-load-failure",
            "block-activation-failure", "src-quit", "dst-quit");

    /** Faults QEMU reports itself: allowed when the step's other events are log lines. */
    public static final List<String> SELF_REPORTED = List.of("device-load-failure", "block-activation-failure");

    public AllowedFaults {
        allowed = Collections.unmodifiableMap(new LinkedHashMap<>(allowed));
    }

    public static AllowedFaults none() {
        return new AllowedFaults(Map.of());
    }

    /** Every kind (the checker's behaviour before assumptions were explicit). */
    public static AllowedFaults all(String basis) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : KINDS) m.put(k, basis);
        return new AllowedFaults(m);
    }

    public boolean allows(String kind) {
        return allowed.containsKey(kind);
    }

    public String basis(String kind) {
        return allowed.get(kind);
    }

    /** This set plus {@code kind} (the first basis given for a kind is kept). */
    public AllowedFaults with(String kind, String basis) {
        if (allowed.containsKey(kind)) return this;
        Map<String, String> m = new LinkedHashMap<>(allowed);
        m.put(kind, basis);
        return new AllowedFaults(m);
    }

    /**
     * The kinds of an --assume list: the names of {@link #KINDS}, "quit" (both sides), "all".
     *
     * @throws IllegalArgumentException naming the unknown name
     */
    public static List<String> parse(String list) {
        List<String> out = new ArrayList<>();
        for (String raw : list.split(",")) {
            String k = raw.strip();
            if (k.isEmpty()) continue;
            if (k.equals("all")) out.addAll(KINDS);
            else if (k.equals("quit")) out.addAll(List.of("src-quit", "dst-quit"));
            else if (KINDS.contains(k)) out.add(k);
            else throw new IllegalArgumentException("unknown assumption \"" + k + "\" (expected some of "
                    + String.join(", ", KINDS) + ", quit, all)");
        }
        return out;
    }

    /** "dst-crash (result.json: kill dst), src-quit (src.qmp.jsonl: quit sent)", or "none". */
    public String describe() {
        if (allowed.isEmpty()) return "none";
        List<String> parts = new ArrayList<>();
        allowed.forEach((k, v) -> parts.add(k + " (" + v + ")"));
        return String.join(", ", parts);
    }
}
