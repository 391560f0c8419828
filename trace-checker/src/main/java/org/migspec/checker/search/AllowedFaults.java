package org.migspec.checker.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
public record AllowedFaults(Map<String, String> allowed, Set<String> certain) {

    /** The spec's fault kinds (TraceConfig's Faults) and QMP quit per side. */
    public static final List<String> KINDS = List.of("channel-break", "dst-crash", "src-crash", "device-load-failure",
            "block-activation-failure", "lock-holder", "src-quit", "dst-quit");

    /** Faults QEMU reports itself: allowed when the step's other events are log lines. */
    public static final List<String> SELF_REPORTED = List.of("device-load-failure", "block-activation-failure");

    public AllowedFaults {
        allowed = Collections.unmodifiableMap(new LinkedHashMap<>(allowed));
        certain = Collections.unmodifiableSet(new java.util.TreeSet<>(certain));
    }

    public AllowedFaults(Map<String, String> allowed) {
        this(allowed, Set.of());
    }

    /**
     * Whether the records say this fault happened, not only that it may have: a process killed
     * with SIGKILL (the runner's kill step, exit code -9 or 137), or the runner's lock holder.
     * The search does not count such a fault against an explanation: it prefers explanations
     * with fewer unlogged faults, and a killed process's should not have to exhaust every
     * crash-free one first.  An error exit code is not certain: the spec's crash stands in for
     * QEMU's own exit(1), which explanations often do not need (ranking it as certain made the
     * 11.1 device-load-failure run's search 5x larger).
     */
    public boolean isCertain(String kind) {
        return certain.contains(kind);
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
        return new AllowedFaults(m, certain);
    }

    /** This set plus {@code kind}, which the records say happened ({@link #isCertain}). */
    public AllowedFaults withCertain(String kind, String basis) {
        AllowedFaults a = with(kind, basis);
        if (certain.contains(kind)) return a;
        Set<String> c = new java.util.TreeSet<>(certain);
        c.add(kind);
        return new AllowedFaults(a.allowed, c);
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
