package org.migspec.checker.coverage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The written form of an abstract state (spec/AbstractState.tla's AbstractState), one line:
 * {@code src=active/running mt=loop rp=running | dst=active/inmigrate co=loading lt=none | lock=src}.
 * The spec defines what the projection keeps; this class only spells TLC's record the same way
 * every time, so that sets of them from a run and from TLC's state graph compare as strings,
 * and so that the campaign (which has no TLC) can read the statuses back.
 */
public final class AbstractStates {
    /** The record's fields, in the order they are written. */
    public static final List<String> FIELDS = List.of("src", "srcRun", "mt", "rpt", "dst", "dstRun", "co", "lt", "lock");

    private static final Pattern FORM = Pattern.compile(
            "src=(\\S+)/(\\S+) mt=(\\S+) rp=(\\S+) \\| dst=(\\S+)/(\\S+) co=(\\S+) lt=(\\S+) \\| lock=(\\S+)");

    private AbstractStates() {
    }

    /** The line for TLC's value of AbstractState (a record as {@code TlaValues.toJava} gives it). */
    public static String render(Map<String, Object> r) {
        for (String f : FIELDS) {
            if (!r.containsKey(f)) throw new IllegalArgumentException("AbstractState has no field " + f + ": " + r);
        }
        if (r.size() != FIELDS.size()) {
            throw new IllegalArgumentException("AbstractState has fields " + r.keySet() + ", expected " + FIELDS);
        }
        return "src=" + r.get("src") + "/" + r.get("srcRun") + " mt=" + r.get("mt") + " rp=" + r.get("rpt")
                + " | dst=" + r.get("dst") + "/" + r.get("dstRun") + " co=" + r.get("co") + " lt=" + r.get("lt")
                + " | lock=" + r.get("lock");
    }

    /** The fields of a line {@link #render} wrote. */
    public static Map<String, String> parse(String line) {
        Matcher m = FORM.matcher(line);
        if (!m.matches()) throw new IllegalArgumentException("not an abstract state: \"" + line + "\"");
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < FIELDS.size(); i++) out.put(FIELDS.get(i), m.group(i + 1));
        return out;
    }
}
