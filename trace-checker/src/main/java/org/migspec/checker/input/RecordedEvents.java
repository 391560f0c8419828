package org.migspec.checker.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which events a log can contain: QEMU's `-trace events=FILE` list (one glob per line,
 * `-glob` excludes) or "all".  A spec event the log does not record is a hidden step
 * there; a recorded one must appear.
 */
public final class RecordedEvents {
    private final List<Pattern> include = new ArrayList<>();
    private final List<Pattern> exclude = new ArrayList<>();
    private final boolean all;
    private final String source;

    private RecordedEvents(boolean all, String source) {
        this.all = all;
        this.source = source;
    }

    public static RecordedEvents all() {
        return new RecordedEvents(true, "all events");
    }

    public static RecordedEvents of(List<String> names, String source) {
        RecordedEvents r = new RecordedEvents(false, source);
        for (String n : names) r.add(n);
        return r;
    }

    public static RecordedEvents fromFile(Path path) throws IOException {
        RecordedEvents r = new RecordedEvents(false, path.toString());
        for (String line : Files.readAllLines(path)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            r.add(l);
        }
        return r;
    }

    private void add(String glob) {
        boolean neg = glob.startsWith("-");
        String g = neg ? glob.substring(1) : glob;
        Pattern p = Pattern.compile(g.replace("*", "[a-z0-9_]*"));
        (neg ? exclude : include).add(p);
    }

    /** Answers by event name: the search asks for every event of every successor. */
    private final java.util.Map<String, Boolean> memo = new java.util.concurrent.ConcurrentHashMap<>();

    public boolean records(String event) {
        if (all) return true;
        Boolean hit = memo.get(event);
        if (hit != null) return hit;
        boolean r = matches(event);
        memo.put(event, r);
        return r;
    }

    private boolean matches(String event) {
        for (Pattern p : exclude) if (p.matcher(event).matches()) return false;
        for (Pattern p : include) if (p.matcher(event).matches()) return true;
        return false;
    }

    public String source() {
        return source;
    }
}
