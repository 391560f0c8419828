package org.migspec.impl.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a campaign has not covered yet, as weights for the schedule generator ({@code --target
 * uncovered}): the spec actions TLC's models take that no accepted run took, and the abstract
 * states TLC reaches that no accepted run reached (the checker's conformance coverage,
 * trace-checker/README.md). Each choice the generator makes (fault kind, status point, precopy
 * or postcopy) is weighted by how many of those it could lead to, on a log scale so that the
 * thousands of crash combinations do not drown everything else. {@link #NONE} weighs every
 * choice 1, which is the default generator exactly.
 *
 * <p>Which choice leads where is a judgement, written down here once: a kill or a quit leads to
 * states where a side has exited and to the crash actions; a channel break, a partition or a
 * migrate-pause to postcopy-paused and recovery states and the error paths; migrate_cancel to
 * cancelling and cancelled; a device-load or block-activation failure to failed states; cont to
 * a paused source or destination. A status point's weight is the never-reached states whose
 * side has that MIGRATION status.
 */
public final class CoverageTargets {
    /** Nothing known: every weight 1. */
    public static final CoverageTargets NONE = new CoverageTargets(Set.of(), List.of());

    /** One never-reached abstract state: the fields the weights look at. */
    record State(String src, String srcRun, String dst, String dstRun, String lock) {
        String status(String side) {
            return "src".equals(side) ? src : dst;
        }

        boolean exited() {
            return "exited".equals(srcRun) || "exited".equals(dstRun);
        }

        boolean anyStatus(Predicate<String> p) {
            return p.test(src) || p.test(dst);
        }
    }

    // the form the checker writes (AbstractStates.render)
    private static final Pattern FORM = Pattern.compile(
            "src=(\\S+)/(\\S+) mt=\\S+ rp=\\S+ \\| dst=(\\S+)/(\\S+) co=\\S+ lt=\\S+ \\| lock=(\\S+)");

    private static final Map<String, Set<String>> ACTIONS = Map.of(
            "channel-break", Set.of("ChannelBreak", "ChannelBreakNothing", "LoadvmReadError", "PostcopyListenThreadError",
                    "SourceReturnPathThreadError", "MigrationDetectError", "MigrationDetectErrorCas", "PostcopyPause",
                    "PostcopyPauseSetState", "PostcopyPauseIncomingContinued"),
            "kill", Set.of("DestinationCrash", "SourceCrash"),
            "device-load-failure", Set.of("DeviceLoadFailure", "MigrationPostcopyDeviceError", "PostcopyListenThreadFail"),
            // the schedules make it with a third process holding the image's locks (hold_image)
            "block-activation-failure", Set.of("LockHolderTake"),
            "migrate-pause", Set.of("OperatorNext", "PostcopyPause", "PostcopyPauseSetState", "PostcopyPauseWake"),
            "migrate_cancel", Set.of("OperatorNext", "MigrationCancelSetState", "MigrationConnectCancelled"),
            "cont", Set.of("OperatorNext"),
            "quit", Set.of("QmpQuitSrc", "QuitExitSrc", "QmpQuitDst"));

    private static final Map<String, Predicate<State>> STATES = Map.of(
            "channel-break", s -> s.anyStatus(x -> x.startsWith("postcopy-paused") || x.startsWith("postcopy-recover")),
            "kill", State::exited,
            "device-load-failure", s -> s.anyStatus(x -> x.equals("failed") || x.equals("failing")),
            "block-activation-failure", s -> s.anyStatus(x -> x.equals("failed") || x.equals("failing")),
            "migrate-pause", s -> s.anyStatus(x -> x.startsWith("postcopy-paused") || x.startsWith("postcopy-recover")),
            "migrate_cancel", s -> s.anyStatus(x -> x.equals("cancelling") || x.equals("cancelled")),
            "cont", s -> "paused".equals(s.srcRun) || "postmigrate".equals(s.srcRun) || "paused".equals(s.dstRun),
            "quit", State::exited);

    private final Set<String> actionsNeverTaken;
    private final List<State> statesNeverReached;

    CoverageTargets(Set<String> actionsNeverTaken, List<State> statesNeverReached) {
        this.actionsNeverTaken = actionsNeverTaken;
        this.statesNeverReached = statesNeverReached;
    }

    /** From the checker's batch JSON ({@code coverage.conformance}); null or no conformance section: {@link #NONE}. */
    public static CoverageTargets from(JsonNode verdicts) {
        JsonNode c = verdicts == null ? null : verdicts.path("coverage").path("conformance");
        if (c == null || c.isMissingNode()) {
            return NONE;
        }
        Set<String> actions = new TreeSet<>();
        c.path("actions").path("neverTaken").forEach(a -> actions.add(a.asText()));
        List<State> states = new ArrayList<>();
        for (JsonNode s : c.path("abstractStates").path("neverReached")) {
            Matcher m = FORM.matcher(s.asText());
            if (!m.matches()) {
                throw new IllegalArgumentException("checker coverage: not an abstract state: \"" + s.asText() + "\"");
            }
            states.add(new State(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
        }
        return new CoverageTargets(actions, states);
    }

    public boolean isNone() {
        return actionsNeverTaken.isEmpty() && statesNeverReached.isEmpty();
    }

    public int actionsNeverTaken() {
        return actionsNeverTaken.size();
    }

    public int statesNeverReached() {
        return statesNeverReached.size();
    }

    /** Weight of a fault kind or operator command ({@code partition} counts as a channel break). */
    int kind(String what) {
        String k = "partition".equals(what) ? "channel-break" : what;
        int actions = 0;
        for (String a : ACTIONS.getOrDefault(k, Set.of())) {
            if (actionsNeverTaken.contains(a)) {
                actions++;
            }
        }
        Predicate<State> p = STATES.get(k);
        long states = p == null ? 0 : statesNeverReached.stream().filter(p).count();
        return 1 + actions + log2(states);
    }

    /** Weight of a status point on {@code side} at MIGRATION status {@code status}. */
    int status(String side, String status) {
        return 1 + log2(statesNeverReached.stream().filter(s -> status.equals(s.status(side))).count());
    }

    /** Weight of a postcopy ({@code true}) or precopy migration. */
    int postcopy(boolean postcopy) {
        return 1 + log2(statesNeverReached.stream().filter(s -> s.anyStatus(x -> x.startsWith("postcopy")) == postcopy).count());
    }

    /** ceil(log2(1 + n)): 0 for 0, 1 for 1, 2 for 2-3, 3 for 4-7, ... */
    static int log2(long n) {
        return 64 - Long.numberOfLeadingZeros(n);
    }
}
