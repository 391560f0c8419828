package org.migspec.checker.coverage;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The written form of an abstract state: one line, read back field by field, nothing left out. */
class AbstractStatesTest {
    static Map<String, Object> record() {
        Map<String, Object> r = new LinkedHashMap<>();
        // TLC gives a record's fields sorted by name: the form must not depend on their order
        r.put("co", "loading");
        r.put("dst", "active");
        r.put("dstRun", "inmigrate");
        r.put("lock", "src");
        r.put("lt", "none");
        r.put("mt", "loop");
        r.put("rpt", "running");
        r.put("src", "active");
        r.put("srcRun", "running");
        return r;
    }

    @Test
    void renderedInFieldOrderAndParsedBack() {
        String s = AbstractStates.render(record());
        assertEquals("src=active/running mt=loop rp=running | dst=active/inmigrate co=loading lt=none | lock=src", s);
        Map<String, String> back = AbstractStates.parse(s);
        assertEquals(AbstractStates.FIELDS, back.keySet().stream().toList());
        for (String f : AbstractStates.FIELDS) assertEquals(record().get(f), back.get(f), f);
    }

    @Test
    void aProjectionWithAFieldMoreOrLessIsRefused() {
        Map<String, Object> less = record();
        less.remove("lock");
        assertThrows(IllegalArgumentException.class, () -> AbstractStates.render(less));
        Map<String, Object> more = record();
        more.put("chan", "open");
        assertThrows(IllegalArgumentException.class, () -> AbstractStates.render(more));
        assertThrows(IllegalArgumentException.class, () -> AbstractStates.parse("src=active mt=loop"));
    }
}
