package org.migspec.checker.spec;

import org.migspec.checker.input.ArgValues;
import org.migspec.checker.input.Side;
import org.migspec.checker.input.TraceEvent;

import java.util.Map;

/**
 * A trace event a spec step emits (Events.tla `E(th, name, args)`): the thread (one of
 * the spec's lanes, "src/migration", "dst/listen", ...), the event name and the arguments
 * the log line must carry (a subset of the line's arguments).
 */
public record SpecEvent(String thread, String name, Map<String, Object> args) {

    public Side side() {
        return Side.ofThread(thread);
    }

    /** True if the log event is this one: same name, and every argument the spec fixes agrees. */
    public boolean matches(TraceEvent e) {
        if (!name.equals(e.name())) return false;
        for (Map.Entry<String, Object> a : args.entrySet()) {
            if (!ArgValues.same(a.getValue(), e.args().get(a.getKey()))) return false;
        }
        return true;
    }

    public String describe() {
        return ArgValues.describe(name, args);
    }
}
