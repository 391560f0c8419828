package org.migspec.modelcheck;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StateDiffTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vars(String... nameValue) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put(nameValue[i], TlaValue.parse(nameValue[i + 1]));
        return m;
    }

    private static List<String> diff(Map<String, Object> a, Map<String, Object> b) {
        return StateDiff.diff(a, b, Set.of("step")).stream().map(StateDiff.Change::toString).toList();
    }

    @Test
    void recordsAreFlattenedToPaths() {
        assertEquals(List.of("ms.state: \"postcopy-device\" → \"postcopy-active\"", "mgmt: \"idle\" → \"cont\""),
                diff(vars("ms", "[state |-> \"postcopy-device\", alive |-> TRUE]", "mgmt", "\"idle\"", "step", "1"),
                        vars("ms", "[state |-> \"postcopy-active\", alive |-> TRUE]", "mgmt", "\"cont\"", "step", "2")));
    }

    @Test
    void queuesShowWhatLeftTheHeadAndWhatWasAppended() {
        assertEquals(List.of("chan.m2d: −PING 0x1", "chan.d2s: +PONG 0x42"),
                diff(vars("chan", "[m2d |-> <<[t |-> \"PING\", v |-> 1, p |-> 0], [t |-> \"PAGE\", v |-> 2, p |-> 1]>>, d2s |-> <<>>]"),
                        vars("chan", "[m2d |-> <<[t |-> \"PAGE\", v |-> 2, p |-> 1]>>, d2s |-> <<[t |-> \"PONG\", v |-> 66, p |-> 0]>>]")));
        // taken off and appended in one step, same length
        assertEquals(List.of("q: −SHUT 1 +REQ_PAGES 2"),
                diff(vars("q", "<<[t |-> \"SHUT\", v |-> 1, p |-> 0]>>"), vars("q", "<<[t |-> \"REQ_PAGES\", v |-> 0, p |-> 2]>>")));
        assertEquals(List.of("pongs: +64"), diff(vars("pongs", "<<>>"), vars("pongs", "<<64>>")));
    }

    @Test
    void functionsOverPagesChangeByIndex() {
        assertEquals(List.of("ram.dst[2]: -1 → 0", "fn[3]: 0 → 1"),
                diff(vars("ram", "[dst |-> <<-1, -1>>]", "fn", "(2 :> 0 @@ 3 :> 0)"),
                        vars("ram", "[dst |-> <<-1, 0>>]", "fn", "(2 :> 0 @@ 3 :> 1)")));
    }

    @Test
    void setsWhole() {
        assertEquals(List.of("ms.reqPages: {} → {1}"), diff(vars("ms", "[reqPages |-> {}]"), vars("ms", "[reqPages |-> {1}]")));
    }

    @Test
    void headRemoved() {
        assertEquals(0, StateDiff.headRemoved(List.of(1, 2), List.of(1, 2, 3)));
        assertEquals(1, StateDiff.headRemoved(List.of(1, 2), List.of(2)));
        assertEquals(2, StateDiff.headRemoved(List.of(1, 2), List.of()));
        assertEquals(2, StateDiff.headRemoved(List.of(1, 2), List.of(3)));
    }

    @Test
    void describeShowsEveryLeaf() {
        assertEquals(List.of("chan: m2d=<<>>, m2dSt=\"none\"", "ram: src.a=<<0, 0>>", "mgmt: \"idle\""),
                StateDiff.describe(vars("chan", "[m2d |-> <<>>, m2dSt |-> \"none\"]", "ram", "[src |-> [a |-> <<0, 0>>]]",
                        "mgmt", "\"idle\"", "step", "0"), Set.of("step")).stream().map(StateDiff.Change::toString).toList());
    }

    @Test
    void messageLabels() {
        assertEquals("PING 0x42", MessageLabel.of(TlaValue.parse("[t |-> \"PING\", v |-> 66, p |-> 0]")));
        assertEquals("PONG 0x1", MessageLabel.of(TlaValue.parse("[t |-> \"PONG\", v |-> 1, p |-> 0]")));
        assertEquals("PAGE 1 v2", MessageLabel.of(TlaValue.parse("[t |-> \"PAGE\", v |-> 2, p |-> 1]")));
        assertEquals("SHUT 1", MessageLabel.of(TlaValue.parse("[t |-> \"SHUT\", v |-> 1, p |-> 0]")));
        assertEquals("REQ_PAGES 2", MessageLabel.of(TlaValue.parse("[t |-> \"REQ_PAGES\", v |-> 0, p |-> 2]")));
        assertEquals("PACKAGED", MessageLabel.of(TlaValue.parse("[t |-> \"PACKAGED\", v |-> 0, p |-> 0]")));
        assertEquals("EOF", MessageLabel.of(TlaValue.parse("[t |-> \"EOF\", v |-> 0, p |-> 0]")));
        assertEquals("PING 0x3", MessageLabel.of(TlaValue.parse("[t |-> \"PING\", v |-> 3]")));
        assertEquals(null, MessageLabel.of(TlaValue.parse("[t |-> \"PING\", w |-> 3]")));
    }
}
