package org.migspec.impl.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the guest's latest state lives at the end of a run and whether the guest survived: the
 * run's headline. It is decided from what each backend observed of each side, the same way for
 * the reference implementation and for real QEMU:
 * <ul>
 *   <li>both sides ran the guest after the switchover: split brain, lost;</li>
 *   <li>the destination ran it: the latest state is on the destination if it is alive and holds
 *       every page ({@code complete}); it is split over both sides while pages are still on the
 *       source, which is survivable only as a postcopy pause on both sides (recoverable);</li>
 *   <li>the destination never ran it: the source holds the latest state as long as it lives; the
 *       guest is intact if the source runs it.</li>
 * </ul>
 */
public final class GuestFate {
    /** What a backend observed of one side; {@code complete}/{@code partial} only matter for the destination. */
    public record Side(boolean alive, String status, boolean running, boolean ranAfterSwitchover,
                       boolean complete, boolean partial) {
        public static Side gone(boolean ranAfterSwitchover) {
            return new Side(false, "gone", false, ranAfterSwitchover, false, false);
        }
    }

    /** The verdict: {@code guest} is intact or lost, {@code latestState} says where the latest state is. */
    public record Verdict(boolean intact, String latestState, boolean recoverable, List<String> runningOn) {
        public String guest() {
            return intact ? "intact" : "lost";
        }
    }

    private GuestFate() {
    }

    public static Verdict decide(Side src, Side dst) {
        List<String> on = new ArrayList<>();
        if (src.running()) {
            on.add("src");
        }
        if (dst.running()) {
            on.add("dst");
        }
        String latest;
        boolean intact;
        boolean recoverable = false;
        if (dst.ranAfterSwitchover() && src.ranAfterSwitchover()) {
            latest = "nowhere (split brain: both sides ran the guest after switchover)";
            intact = false;
        } else if (dst.ranAfterSwitchover()) {
            if (dst.alive() && dst.complete()) {
                latest = "dst";
            } else if (dst.alive() && dst.partial() && src.alive()) {
                latest = "split (pages on both sides)";
            } else {
                latest = "nowhere";
            }
            recoverable = latest.startsWith("split") && "postcopy-paused".equals(src.status())
                    && "postcopy-paused".equals(dst.status());
            intact = ("dst".equals(latest) && dst.running() && !src.running()) || recoverable;
        } else {
            if (src.alive() && dst.alive() && dst.complete()) {
                latest = "both";
            } else if (src.alive()) {
                latest = "src";
            } else if (dst.alive() && dst.complete()) {
                latest = "dst";
            } else {
                latest = "nowhere";
            }
            intact = src.running() && !dst.running() && latest.matches("src|both");
        }
        return new Verdict(intact, latest, recoverable, List.copyOf(on));
    }
}
