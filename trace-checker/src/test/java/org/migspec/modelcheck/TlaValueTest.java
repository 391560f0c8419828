package org.migspec.modelcheck;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlaValueTest {

    @Test
    void scalars() {
        assertEquals(42L, TlaValue.parse("42"));
        assertEquals(-1L, TlaValue.parse(" -1 "));
        assertEquals(Boolean.TRUE, TlaValue.parse("TRUE"));
        assertEquals(Boolean.FALSE, TlaValue.parse("FALSE"));
        assertEquals("postcopy-device", TlaValue.parse("\"postcopy-device\""));
        assertEquals(new TlaValue.ModelValue("m1"), TlaValue.parse("m1"));
    }

    @Test
    void stringEscapes() {
        assertEquals("say \"hi\"", TlaValue.parse("\"say \\\"hi\\\"\""));
        assertEquals("a\\b\nc\td", TlaValue.parse("\"a\\\\b\\nc\\td\""));
        assertEquals("\"say \\\"hi\\\"\"", TlaValue.format("say \"hi\""));
    }

    @Test
    void recordKeepsFieldOrderAndNests() {
        Object v = TlaValue.parse("[ m2d |-> <<[t |-> \"PING\", v |-> 66, p |-> 0]>>,\n  m2dSt |-> \"open\",\n"
                + "  d2s |-> <<>>, d2sSt |-> \"open\" ]");
        Map<?, ?> chan = assertInstanceOf(Map.class, v);
        assertEquals(List.of("m2d", "m2dSt", "d2s", "d2sSt"), List.copyOf(chan.keySet()));
        assertEquals(List.of(Map.of("t", "PING", "v", 66L, "p", 0L)), chan.get("m2d"));
        assertEquals(List.of(), chan.get("d2s"));
    }

    @Test
    void nestedTuplesAndSets() {
        assertEquals(List.of(List.of(1L, List.of()), List.of(Set.of(2L, 3L))),
                TlaValue.parse("<< <<1, <<>>>>, <<{3, 2}>> >>"));
        assertEquals(Set.of(), TlaValue.parse("{}"));
        assertEquals(Set.of(Set.of("a"), Set.of()), TlaValue.parse("{{\"a\"}, {}}"));
        assertEquals(Set.of(1L, 2L, 3L), TlaValue.parse("1..3"));
    }

    @Test
    void functionsWithNonSequenceDomain() {
        Map<?, ?> f = assertInstanceOf(Map.class, TlaValue.parse("(1 :> 0 @@ 2 :> -1)"));
        assertEquals(Map.of(1L, 0L, 2L, -1L), f);
        assertEquals(Map.of("x", List.of()), TlaValue.parse("(\"x\" :> <<>>)"));
        assertEquals("(1 :> 0 @@ 2 :> -1)", TlaValue.format(f));
    }

    @Test
    void formatRoundTrips() {
        String text = "[actor |-> \"src/migration\", action |-> \"postcopy_start\", events |-> "
                + "<<[th |-> \"src/migration\", ev |-> \"migrate_set_state\", args |-> [new_state |-> \"device\"]]>>, "
                + "n |-> -3, s |-> {1, 2}, b |-> TRUE, f |-> (2 :> -1 @@ 3 :> 4)]";
        Object v = TlaValue.parse(text);
        assertEquals(text, TlaValue.format(v));
        assertEquals(v, TlaValue.parse(TlaValue.format(v)));
    }

    @Test
    void errorsSayWhere() {
        TlaValue.ParseException e = assertThrows(TlaValue.ParseException.class, () -> TlaValue.parse("[a |-> 1"));
        assertTrue(e.getMessage().contains("']' expected"), e.getMessage());
        assertThrows(TlaValue.ParseException.class, () -> TlaValue.parse("<<1, 2>> extra"));
        assertThrows(TlaValue.ParseException.class, () -> TlaValue.parse("\"open"));
        assertThrows(TlaValue.ParseException.class, () -> TlaValue.parse(""));
    }
}
