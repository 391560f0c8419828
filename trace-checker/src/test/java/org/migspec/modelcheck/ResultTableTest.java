package org.migspec.modelcheck;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultTableTest {

    @Test
    void alignedRowsSummaryAndWhatWentWrong() {
        String t = ResultTable.render(List.of(
                ResultsJsonTest.result("v4_dst_crash", new Outcome(Outcome.Kind.INVARIANT, "NoStuckState", null),
                        new Expected(true, Outcome.Kind.INVARIANT, "NoStuckState")),
                ResultsJsonTest.result("fix", Outcome.error("Attempted to apply Head to the empty sequence.\nline 2\nline 3\nline 4\nline 5"),
                        Expected.holds()),
                ResultsJsonTest.result("live", new Outcome(Outcome.Kind.LIVENESS, null, "TLC does not name it; the model checks 2: A, B"),
                        new Expected(true, Outcome.Kind.LIVENESS, "A"))), 12.0);
        assertEquals("""
                model         variant  faults     distinct  depth  seconds  outcome                 expected                ok
                v4_dst_crash  v4       dst-crash     15618     28      6.9  invariant NoStuckState  invariant NoStuckState  ✓
                fix           v4       dst-crash     15618     28      6.9  error                   holds                   ✗
                live          v4       dst-crash     15618     28      6.9  liveness (unnamed)      liveness A              ✓

                3 models, 2 as expected, 1 not; TLC 20.8 s in total, wall 12.0 s
                ✗ fix: expected holds, TLC: error
                    Attempted to apply Head to the empty sequence.
                    line 2
                    line 3
                    line 4
                    ... (1 more lines)
                    see build/spec/fix/tlc.out
                note live: TLC does not name it; the model checks 2: A, B
                """, t);
    }
}
