package org.migspec.modelcheck;

/**
 * A model's expected outcome, from the manifest's {@code expected} object.
 *
 * @param violated {@code "violated"} (true) or {@code "holds"} (false)
 * @param kind     for a violation: invariant, action, liveness or deadlock; else null
 * @param property the invariant, action property or (for liveness, informative only)
 *                 temporal property; null for deadlock and holds
 */
public record Expected(boolean violated, Outcome.Kind kind, String property) {

    public static Expected holds() {
        return new Expected(false, null, null);
    }

    /**
     * Whether TLC's outcome is the expected one.  Invariant and action properties must
     * match by name; liveness by kind only, because TLC does not say which temporal
     * property failed.  A TLC error never matches.
     */
    public boolean matches(Outcome outcome) {
        if (!violated) return outcome.kind() == Outcome.Kind.HOLDS;
        if (outcome.kind() != kind) return false;
        return switch (kind) {
            case INVARIANT, ACTION -> property.equals(outcome.property());
            default -> true;
        };
    }

    /** The manifest's {@code "outcome"} value. */
    public String outcomeName() {
        return violated ? "violated" : "holds";
    }

    /** {@code holds}, {@code invariant NoStuckState}, {@code deadlock}. */
    public String brief() {
        if (!violated) return "holds";
        return kind.json + (property == null ? "" : " " + property);
    }
}
