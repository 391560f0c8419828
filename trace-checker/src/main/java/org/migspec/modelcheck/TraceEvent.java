package org.migspec.modelcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One trace event a spec action emits: {@code [th |-> thread, ev |-> name, args |-> record]}.
 *
 * @param th   the thread (lane) that emits it, or null
 * @param ev   the QEMU trace event name
 * @param args the arguments (a record; {@code <<>>} for none)
 */
public record TraceEvent(String th, String ev, Object args) {

    /** {@code migrate_set_state(new_state="device")}, {@code process_incoming_migration_co_end()}. */
    public String display() {
        return ev + "(" + argsText() + ")";
    }

    /** {@code new_state="device", resume=FALSE}; empty without arguments. */
    public String argsText() {
        if (args instanceof Map<?, ?> m && TlaValue.isRecord(m)) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, v) -> parts.add(k + "=" + TlaValue.format(v)));
            return String.join(", ", parts);
        }
        if (args instanceof List<?> l && l.isEmpty()) return "";
        return args == null ? "" : TlaValue.format(args);
    }

    /** The value of argument {@code name}, or null. */
    public Object arg(String name) {
        return args instanceof Map<?, ?> m ? m.get(name) : null;
    }
}
