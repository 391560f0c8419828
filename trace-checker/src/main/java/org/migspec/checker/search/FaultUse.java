package org.migspec.checker.search;

/**
 * A fault or QMP quit an explanation took without a log recording its marker
 * (x_inject_fault, qmp_enter_quit).
 *
 * @param kind   the assumption it needs: a spec fault name ("dst-crash") or "src-quit"/"dst-quit"
 * @param action the spec action (DestinationCrash, QmpQuitSrc, DeviceLoadFailure, ...)
 * @param step   its step number in the behaviour
 * @param shown  true if the step's other events are log lines (a failure QEMU logs itself),
 *               false if the step is hidden (nothing in any log shows it)
 * @param after  where in the logs it was taken: the last line matched before it (file:line), or "the start"
 * @param basis  why the explanation may use it: the record that supports it, --assume, or the log lines
 */
public record FaultUse(String kind, String action, long step, boolean shown, String after, String basis) {
    public String describe() {
        return kind + " (" + action + ", step " + step + ", after " + after + "; "
                + (shown ? "its effects are logged, the marker is not" : "hidden: no log line") + "; " + basis + ")";
    }
}
