package org.migspec.modelcheck;

/**
 * What a TLC run established.
 *
 * @param kind     what happened
 * @param property the violated invariant or action property; for liveness the temporal
 *                 property when the model checks only one (TLC does not name it), else null
 * @param message  for {@link Kind#ERROR} TLC's error message; otherwise an optional note
 */
public record Outcome(Kind kind, String property, String message) {

    public enum Kind {
        /** TLC found no error. */
        HOLDS("holds"),
        INVARIANT("invariant"),
        ACTION("action"),
        LIVENESS("liveness"),
        DEADLOCK("deadlock"),
        /** TLC failed without checking the model: parse, configuration or evaluation error,
         *  crash, timeout, or output this runner cannot read. */
        ERROR("error");

        public final String json;

        Kind(String json) {
            this.json = json;
        }

        public boolean isViolation() {
            return this != HOLDS && this != ERROR;
        }

        /** Null for "holds" and "error", which are not violation kinds. */
        public static Kind ofViolation(String name) {
            for (Kind k : values()) if (k.isViolation() && k.json.equals(name)) return k;
            return null;
        }
    }

    public static Outcome holds() {
        return new Outcome(Kind.HOLDS, null, null);
    }

    public static Outcome error(String message) {
        return new Outcome(Kind.ERROR, null, message);
    }

    public Outcome withNote(String note) {
        return new Outcome(kind, property, note);
    }

    /** Short form for tables: {@code holds}, {@code invariant NoStuckState}, {@code error}. */
    public String brief() {
        return kind.json + (property == null ? "" : " " + property);
    }
}
