package org.migspec.checker.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.migspec.checker.cli.KnownEvents;

/**
 * The checker's lists against the one table of QEMU trace events, spec/trace-events (on the class
 * path as the build packages it): --strict knows exactly its names, and every event whose
 * arguments {@link QemuEventArgs} parses is in it, each of its declarations rendered as QEMU would
 * log it parsing into the argument names the table gives.
 */
class TraceEventsTableTest {
    @Test
    void strictKnowsTheTablesEventsTheImplementationsAndTheCheckerOnlyOnes() {
        List<TraceEventsTable.Event> events = TraceEventsTable.events();
        assertEquals(TraceEventsTable.names(), KnownEvents.QEMU_MIGRATION);
        assertTrue(events.stream().anyMatch(TraceEventsTable.Event::emitted), "no event the implementation emits");
        assertTrue(events.stream().anyMatch(e -> !e.emitted()), "no '# checker only' event");
        for (String e : List.of("migrate_set_state", "runstate_set", "qmp_enter_migrate", "x_inject_fault",
                "savevm_section_start", "migrate_pending")) {
            assertTrue(KnownEvents.QEMU_MIGRATION.contains(e), e);
        }
    }

    @Test
    void everyEventQemuEventArgsParsesIsInTheTable() {
        List<String> missing = new ArrayList<>();
        for (String e : QemuEventArgs.parsedEvents()) {
            if (!TraceEventsTable.names().contains(e)) {
                missing.add(e);
            }
        }
        assertTrue(missing.isEmpty(), "QemuEventArgs parses events spec/trace-events does not have: " + missing);
    }

    @Test
    void qemuEventArgsParsesEachDeclarationOfItsEventsIntoTheTablesArgumentNames() throws Exception {
        int checked = 0;
        for (TraceEventsTable.Event e : TraceEventsTable.events()) {
            if (!QemuEventArgs.parsedEvents().contains(e.name())) {
                continue;
            }
            String line = render(e.format());
            Map<String, Object> parsed = QemuEventArgs.parse(e.name(), line, "trace-events", 1, 1);
            assertFalse(parsed.containsKey("text"), e.name() + ": \"" + line + "\" left text unparsed");
            assertEquals(e.args(), List.copyOf(parsed.keySet()),
                    e.name() + ": \"" + line + "\" (from " + e.format() + ")");
            checked++;
        }
        assertTrue(checked >= QemuEventArgs.parsedEvents().size(), "checked " + checked + " declarations");
    }

    @Test
    void renderWritesAFormatAsQemuLogsIt() {
        assertEquals("ret=-1 postcopy-state=-1", render("\"ret=%d postcopy-state=%d\""));
        assertEquals("0x2a", render("\"0x%x\""));
        assertEquals("7", render("\"%\"PRIu32"));
        assertEquals("", render("\"\""));
    }

    private static final Pattern PIECE = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|PRI([diuxX])\\d+");
    private static final Pattern CONVERSION = Pattern.compile("%[-#0-9.]*(?:hh|h|ll|l|z)?([diuxXsp])");

    /**
     * A trace-events format ("in %s at 0x%zx" PRIu64 ...) with one sample value a conversion, as
     * QEMU's log backend would print it: strings without spaces, -1, 7, 0x2a.
     */
    private static String render(String format) {
        StringBuilder printf = new StringBuilder();
        Matcher m = PIECE.matcher(format);
        while (m.find()) {
            printf.append(m.group(1) != null ? m.group(1) : m.group(2));
        }
        Matcher c = CONVERSION.matcher(printf);
        StringBuilder out = new StringBuilder();
        while (c.find()) {
            String v = switch (c.group(1)) {
                case "s" -> "active";
                case "d", "i" -> "-1";
                case "u" -> "7";
                case "p" -> "0x1";
                default -> "2a";
            };
            c.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        c.appendTail(out);
        return out.toString();
    }
}
