package org.migspec.modelcheck;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The samples are TLC 2.18's real output on the toy spec (toy/capture.sh). */
class TlcToolOutputTest {

    @Test
    void success() {
        Samples.Toy s = Samples.toy("ok");
        assertEquals(0, s.exitCode());
        assertEquals(Outcome.holds(), s.output().outcome(s.exitCode()));
        assertEquals(new TlcStats(47L, 37L, 0L, 16L), s.output().stats());
        assertEquals("2.18 of 20 March 2023", s.output().version());
        assertNull(s.output().counterexample());
    }

    @Test
    void invariantWithTrace() {
        Samples.Toy s = Samples.toy("inv");
        Outcome o = s.output().outcome(s.exitCode());
        assertEquals(new Outcome(Outcome.Kind.INVARIANT, "FewPongs", null), o);
        Counterexample cx = s.output().counterexample();
        assertEquals(8, cx.states().size());
        assertFalse(cx.isLasso());
        assertFalse(cx.stuttering());
        TraceState first = cx.states().get(0);
        assertEquals(1, first.number());
        assertEquals("Initial predicate", first.action());
        assertNull(first.line());
        assertEquals(List.of("st", "step", "pongs", "chan"), List.copyOf(first.vars().keySet()));
        Map<?, ?> st = (Map<?, ?>) first.vars().get("st");
        assertEquals("say \"hi\"", st.get("note"));
        assertEquals(Map.of(2L, -1L, 3L, -1L), st.get("fn"));
        assertEquals(Set.of(), st.get("seen"));
        TraceState last = cx.states().get(7);
        assertEquals(8, last.number());
        assertEquals("RecvPong", last.action());
        assertEquals(58, last.line());
        assertEquals("Toy", last.module());
        assertEquals(List.of(64L, 65L), last.vars().get("pongs"));
        StepRecord step = StepRecord.of(last);
        assertEquals("src/return-path", step.actor());
        assertEquals(List.of(new TraceEvent("src/return-path", "source_return_path_thread_pong", Map.of("val", 65L))),
                step.events());
    }

    @Test
    void invariantViolatedByTheInitialState() {
        Samples.Toy s = Samples.toy("initinv");
        assertEquals(new Outcome(Outcome.Kind.INVARIANT, "NotStarted", null), s.output().outcome(s.exitCode()));
        Counterexample cx = s.output().counterexample();
        assertEquals(1, cx.states().size());
        assertEquals(List.of(), cx.states().get(0).vars().get("pongs"));
    }

    @Test
    void actionProperty() {
        Samples.Toy s = Samples.toy("action");
        assertEquals(new Outcome(Outcome.Kind.ACTION, "SentMonotone", null), s.output().outcome(s.exitCode()));
        List<TraceState> states = s.output().counterexample().states();
        assertEquals("Reset", states.get(states.size() - 1).action());
    }

    @Test
    void livenessLasso() {
        Samples.Toy s = Samples.toy("lasso");
        assertEquals(13, s.exitCode());
        assertEquals(new Outcome(Outcome.Kind.LIVENESS, null, null), s.output().outcome(s.exitCode()));
        Counterexample cx = s.output().counterexample();
        assertEquals(9, cx.states().size());
        assertTrue(cx.isLasso());
        assertEquals(4, cx.backTo());
        assertEquals("RecvPing", cx.backToAction());
        assertFalse(cx.stuttering());
        // no final depth line for liveness: the last progress report's depth
        assertEquals(new TlcStats(10L, 9L, 0L, 9L), s.output().stats());
    }

    @Test
    void livenessStuttering() {
        Samples.Toy s = Samples.toy("stutter");
        assertEquals(Outcome.Kind.LIVENESS, s.output().outcome(s.exitCode()).kind());
        Counterexample cx = s.output().counterexample();
        assertTrue(cx.stuttering());
        assertFalse(cx.isLasso());
        assertEquals("channel_break", StepRecord.of(cx.states().get(cx.states().size() - 1)).action());
    }

    @Test
    void deadlock() {
        Samples.Toy s = Samples.toy("deadlock");
        assertEquals(11, s.exitCode());
        assertEquals(new Outcome(Outcome.Kind.DEADLOCK, null, null), s.output().outcome(s.exitCode()));
        assertTrue(s.output().counterexample().states().size() > 1);
    }

    @Test
    void parseErrorIsAnErrorWithSanysMessage() {
        Samples.Toy s = Samples.toy("parseerr");
        assertEquals(150, s.exitCode());
        Outcome o = s.output().outcome(s.exitCode());
        assertEquals(Outcome.Kind.ERROR, o.kind());
        assertTrue(o.message().contains("***Parse Error***"), o.message());
        assertTrue(o.message().contains("Encountered \"Beginning of definition\" at line 3, column 9"), o.message());
        assertTrue(o.message().endsWith("[TLC exit 150 (spec parse error)]"), o.message());
        assertFalse(o.message().contains("Parsing file"), o.message());
    }

    @Test
    void evaluationErrorIsAnErrorWithTheCause() {
        Samples.Toy s = Samples.toy("evalerr");
        assertEquals(75, s.exitCode());
        Outcome o = s.output().outcome(s.exitCode());
        assertEquals(Outcome.Kind.ERROR, o.kind());
        assertTrue(o.message().contains("Attempted to apply Head to the empty sequence."), o.message());
        assertTrue(o.message().contains("75 (evaluation error in the spec)"), o.message());
    }

    @Test
    void configurationError() {
        Samples.Toy s = Samples.toy("noconst");
        Outcome o = s.output().outcome(s.exitCode());
        assertEquals(Outcome.Kind.ERROR, o.kind());
        assertTrue(o.message().startsWith("The constant parameter Faults is not assigned a value"), o.message());
    }

    @Test
    void successWithAnErrorExitCodeIsNotSuccess() {
        Samples.Toy s = Samples.toy("ok");
        assertEquals(Outcome.Kind.ERROR, s.output().outcome(255).kind());
        Outcome inv = Samples.toy("inv").output().outcome(1);
        assertEquals(Outcome.Kind.INVARIANT, inv.kind());
        assertEquals("TLC exited with 1 (bad command line)", inv.message());
    }

    @Test
    void truncatedOutputHasNoOutcome() {
        TlcToolOutput o = TlcToolOutput.parse("@!@!@STARTMSG 2262:0 @!@!@\nTLC2 Version 2.18 of 20 March 2023\n"
                + "@!@!@ENDMSG 2262 @!@!@\n@!@!@STARTMSG 2185:0 @!@!@\nStarting...");
        assertEquals(Outcome.error("TLC ended without reporting an outcome"), o.outcome());
    }

    @Test
    void nestedMessagesAndMarkersInsideLines() {
        TlcToolOutput o = TlcToolOutput.parse("@!@!@STARTMSG 2111:1 @!@!@\nEvaluating invariant X failed.\n"
                + "@!@!@STARTMSG 2184:0 @!@!@\nboom\n@!@!@ENDMSG 2184 @!@!@\n@!@!@ENDMSG 2111 @!@!@\n"
                + "@!@!@STARTMSG 2199:0 @!@!@\n1 states generated, 1 distinct states found, 0 states left on queue."
                + "@!@!@ENDMSG 2199 @!@!@\n");
        assertEquals(2, o.messages().size());
        assertEquals(1, o.messages().get(0).children().size());
        assertEquals("Evaluating invariant X failed.\nboom", o.outcome().message());
        assertEquals(1L, o.stats().distinct());
    }

    @Test
    void realMigrationTrace() {
        TlcToolOutput o = TlcToolOutput.parse(Samples.text("migration/v4_device_load_failure.tlc.out"));
        assertEquals(new Outcome(Outcome.Kind.INVARIANT, "NoStuckState", null), o.outcome(12));
        assertEquals(new TlcStats(37227L, 15618L, 2104L, 28L), o.stats());
        List<TraceState> states = o.counterexample().states();
        assertEquals(28, states.size());
        StepRecord s12 = StepRecord.of(states.get(11));
        assertEquals("src/migration", s12.actor());
        assertEquals("postcopy_start", s12.action());
        assertEquals(new TraceEvent("src/migration", "migrate_set_state", Map.of("new_state", "device")),
                s12.events().get(2));
        Map<?, ?> ram = (Map<?, ?>) states.get(0).vars().get("ram");
        assertEquals(List.of(-1L, -1L), ram.get("dst"));
    }
}
