package org.migspec.modelcheck;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterexampleMarkdownTest {

    private static final Expected STUCK = new Expected(true, Outcome.Kind.INVARIANT, "NoStuckState");

    private static ModelEntry model(String name, Expected expected) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> constants = new java.util.LinkedHashMap<>();
        constants.put("Variant", com.fasterxml.jackson.databind.node.TextNode.valueOf("v4"));
        constants.put("Faults", new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode().add("device-load-failure"));
        return new ModelEntry(name, true, "C5: the destination fails to load the device state in postcopy-device.",
                constants, List.of("NoStuckState"), List.of(), "MCView", false, "Spec", 1, expected, null);
    }

    private static String render(String resource, Expected expected) {
        TlcToolOutput o = TlcToolOutput.parse(Samples.text(resource));
        Outcome outcome = o.outcome(12);
        return CounterexampleMarkdown.render(new CounterexampleMarkdown.Context(model("v4_device_load_failure", expected),
                outcome, expected.matches(outcome), o.stats(), 6.94, "build/spec/v4_device_load_failure/tlc.out"),
                o.counterexample());
    }

    @Test
    void titleTableAndNumberedSteps() {
        String md = render("migration/v4_device_load_failure.tlc.out", STUCK);
        List<String> l = md.lines().toList();
        assertEquals("# v4_device_load_failure: invariant NoStuckState violated", l.get(0));
        assertEquals("C5: the destination fails to load the device state in postcopy-device.", l.get(2));
        assertTrue(l.contains("| Expected | violated: invariant NoStuckState — ✓ as expected |"), md);
        assertTrue(l.contains("| TLC | 15,618 distinct states, 37,227 generated, depth 28, 6.9 s |"), md);
        assertTrue(l.contains("| Model | variant v4 · faults device-load-failure |"), md);
        assertTrue(l.contains("| Trace | 28 states |"), md);
        // state 1: every variable, compactly
        assertTrue(l.contains("**1. Initial state**"), md);
        assertTrue(l.contains("- `chan`: `m2d=<<>>, m2dSt=\"none\", d2sSt=\"none\", d2s=<<>>`"), md);
        assertTrue(l.contains("- `ram`: `dirty=<<FALSE, FALSE>>, src=<<0, 0>>, dst=<<-1, -1>>, latest=<<0, 0>>`"), md);
        // a step: thread, action, TLA+ action with line, events, changed paths
        int s12 = l.indexOf("**12.** `src/migration` **postcopy_start** — TLA+ `PostcopyStart` (Migration.tla:601)");
        assertTrue(s12 > 0, md);
        assertTrue(l.get(s12 + 2).startsWith("- events: `postcopy_start()`, `runstate_set(new_state=\"finish-migrate\")`, "
                + "`migrate_set_state(new_state=\"device\")`"), l.get(s12 + 2));
        assertTrue(l.subList(s12, s12 + 10).contains("- `ms.state`: `\"active\" → \"device\"`"), md);
        assertTrue(l.subList(s12, s12 + 10).contains(
                "- `chan.m2d`: `+SWITCHOVER_START +PING 0x2 +PACKAGED (with PING 0x42) +PING 0x4`"), md);
        assertTrue(l.contains("- `chan.d2s`: `+PONG 0x1`"), md);
        assertTrue(l.contains("- `ram.dst[1]`: `-1 → 0`"), md);
        assertTrue(l.contains("- events: `src/return-path: source_return_path_thread_entry()`"), md);
        assertTrue(l.contains("**28.** `dst/main` **process_incoming_migration_co** — TLA+ `DeviceLoadFailure` (Migration.tla:1187)"), md);
        // the step variable itself is not listed as a change
        assertTrue(md.lines().noneMatch(x -> x.startsWith("- `step")), md);
        // the diagram follows
        assertTrue(md.contains("```mermaid\nsequenceDiagram\n"), md);
        assertTrue(md.endsWith("```\n"), md);
    }

    @Test
    void unexpectedOutcomeIsFlagged() {
        String md = render("migration/v4_device_load_failure.tlc.out", Expected.holds());
        assertTrue(md.contains("| Expected | holds — ✗ **not as expected** |"), md);
    }

    @Test
    void lassoAndStuttering() {
        TlcToolOutput lasso = Samples.toy("lasso").output();
        Outcome o = new Outcome(Outcome.Kind.LIVENESS, "StaysDone", "TLC does not name the violated temporal property");
        Expected e = new Expected(true, Outcome.Kind.LIVENESS, "StaysDone");
        String md = CounterexampleMarkdown.render(new CounterexampleMarkdown.Context(model("toy_lasso", e), o, true,
                lasso.stats(), null, null), lasso.counterexample());
        assertTrue(md.startsWith("# toy_lasso: temporal property StaysDone violated\n"), md);
        assertTrue(md.contains("**4.** `dst/main` **loadvm_process_command** — TLA+ `RecvPing` (Toy.tla:49) ↺ *(the loop starts here)*"), md);
        assertTrue(md.contains("**↺ 10. Back to state 4** by TLA+ `RecvPing`: the behaviour returns to state 4 and repeats states 4–9 forever."), md);
        assertTrue(md.contains("| Trace | 9 states, then back to state 4 (a loop) |"), md);

        TlcToolOutput stutter = Samples.toy("stutter").output();
        int n = stutter.counterexample().states().size();
        String md2 = CounterexampleMarkdown.render(new CounterexampleMarkdown.Context(model("toy_stutter", e),
                new Outcome(Outcome.Kind.LIVENESS, null, null), true, stutter.stats(), null, null), stutter.counterexample());
        assertTrue(md2.startsWith("# toy_stutter: temporal property violated\n"), md2);
        assertTrue(md2.contains("**" + (n + 1) + ". Stuttering**: from state " + n + " on no thread takes a step, forever."), md2);
    }
}
