package org.migspec.impl.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.migspec.impl.trace.TraceEvent;

class ArmedFaultTest {

    @Test
    void hexArgumentMatchesTheInteger() {
        ArmedFault f = new ArmedFault(FaultKind.CHANNEL_BREAK, "loadvm_process_command_ping", Map.of("val", "0x42"), 1);
        assertFalse(f.hit(new TraceEvent("loadvm_process_command_ping", new Object[] {"val", 3L})));
        assertFalse(f.hit(new TraceEvent("savevm_send_ping", new Object[] {"val", 66L})));
        assertTrue(f.hit(new TraceEvent("loadvm_process_command_ping", new Object[] {"val", 66L})));
    }

    @Test
    void countSelectsTheNthMatch() {
        ArmedFault f = new ArmedFault(FaultKind.DST_CRASH, "migrate_set_state", Map.of("new_state", "active"), 2);
        TraceEvent e = new TraceEvent("migrate_set_state", new Object[] {"new_state", "active"});
        assertFalse(f.hit(e));
        assertTrue(f.hit(e));
        assertFalse(f.hit(e));
    }

    @Test
    void namesAreTheSpecsAndAtIsRequiredForStalls() {
        assertEquals(FaultKind.BLOCK_ACTIVATION_FAILURE, FaultKind.parse("block-activation-failure"));
        assertEquals("device-load-failure", FaultKind.DEVICE_LOAD_FAILURE.wireName());
        assertThrows(IllegalArgumentException.class, () -> FaultKind.parse("power-cut"));
        // a stall needs its event; crashes and channel-break without one fire at once
        assertThrows(IllegalArgumentException.class, () -> new ArmedFault(FaultKind.STALL, null, Map.of(), 1));
        assertNull(new ArmedFault(FaultKind.SRC_CRASH, null, Map.of(), 1).at());
    }
}
