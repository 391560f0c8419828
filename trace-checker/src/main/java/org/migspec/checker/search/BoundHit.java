package org.migspec.checker.search;

/**
 * The first place a bound cut a branch of the search.
 *
 * @param bound  which bound
 * @param limit  its value in this search
 * @param file   the log whose next line the cut branch had not matched yet (null at the end of the logs)
 * @param line   that line's number (0 if none)
 * @param event  that line's event, as the reports describe it (null if none)
 * @param detail what was cut there, in words
 * @param node   the search node count when it first bit
 */
public record BoundHit(Bound bound, long limit, String file, long line, String event, String detail, long node) {

    /** "src.trace.log:217 (migration_completion_postcopy_end)", or "the end of the logs". */
    public String where() {
        return file == null ? "the end of the logs" : file + ":" + line + (event == null ? "" : " (" + event + ")");
    }

    /** One line: what, where, the flag. */
    public String describe() {
        return bound.key() + " (" + bound.what + ": " + limit + ") cut a branch first at " + where() + ": " + detail
                + "; raise it with " + bound.flag;
    }
}
