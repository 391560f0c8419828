package org.migspec.impl.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.migspec.impl.trace.TraceEvent;
import org.migspec.impl.trace.TraceSink;

/**
 * A point writes its trace event and then, beside it, calls the fault hook: the hook is never
 * called from inside the sink's write (a fault that parks or kills the thread must not do so in
 * the middle of a trace line), and it gets the event's name and arguments.
 */
class TracePointsTest {
    @Test
    void theHookIsCalledAfterTheWriteAndNeverInsideIt() {
        List<String> order = new ArrayList<>();
        boolean[] writing = {false};
        TraceSink sink = new TraceSink() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void write(TraceEvent e) {
                writing[0] = true;
                order.add("write " + e.name());
                writing[0] = false;
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        FaultHook hook = new FaultHook() {
            @Override
            public boolean armed() {
                return true;
            }

            @Override
            public void at(String name, Object... kv) {
                assertFalse(writing[0], "the fault hook was called inside the sink's write");
                order.add("at " + name + " " + kv[0] + "=" + kv[1]);
            }
        };
        TracePoints points = new TracePoints(sink, hook);
        points.migrateSetState("active");
        points.savevmSendPing(0x42);
        assertEquals(List.of("write migrate_set_state", "at migrate_set_state new_state=active",
                "write savevm_send_ping", "at savevm_send_ping val=66"), order);
    }
}
