package org.migspec.checker.cli;

import java.util.Set;
import org.migspec.checker.input.TraceEventsTable;

/**
 * QEMU migration trace events for --strict: the names of the one table of trace events,
 * spec/trace-events (QEMU's migration/trace-events and the few runstate, QMP and block events
 * the runs trace, as QEMU 7.2 and 10.2 declare them, plus MigSpec's x_inject_fault). With
 * --strict an event that is neither here nor in the spec's TracedEvents is bad input: a typo
 * or a log of something else. Extend the table, not this class, when QEMU adds events.
 */
public final class KnownEvents {
    private KnownEvents() {
    }

    public static final Set<String> QEMU_MIGRATION = TraceEventsTable.names();
}
