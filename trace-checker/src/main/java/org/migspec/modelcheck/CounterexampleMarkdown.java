package org.migspec.modelcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code counterexample.md}: a TLC error trace for people.
 *
 * <ol>
 *   <li>Title (model and what was violated), the model's description, and a short
 *       table: expected outcome, TLC's numbers, where the raw output is.</li>
 *   <li>Numbered steps, one per state: the thread ({@code step.actor}), the modelled
 *       QEMU function ({@code step.action}) and TLC's action name with its line, the
 *       trace events emitted, and the variables that changed as flattened paths
 *       ({@code ms.state: "postcopy-device" → "postcopy-active"}, {@code chan.d2s: +PONG 0x42}).
 *       State 1 lists every variable in short.  A lasso marks where its loop starts and
 *       where it goes back; stuttering is a last step of its own.</li>
 *   <li>A Mermaid sequence diagram ({@link MermaidSequenceDiagram}) whose step numbers
 *       are those of the list.</li>
 * </ol>
 */
public final class CounterexampleMarkdown {

    /**
     * What the page says about the run.
     *
     * @param model      the model
     * @param outcome    what TLC found
     * @param match      whether that was expected
     * @param stats      TLC's numbers
     * @param seconds    wall time of the run, or null
     * @param tlcOutput  where TLC's raw output is (shown as given), or null
     */
    public record Context(ModelEntry model, Outcome outcome, boolean match, TlcStats stats, Double seconds,
                          String tlcOutput) {
    }

    private static final Set<String> NOT_DIFFED = Set.of(StepRecord.VARIABLE);

    private CounterexampleMarkdown() {
    }

    public static String render(Context c, Counterexample cx) {
        StringBuilder md = new StringBuilder();
        ModelEntry m = c.model();
        md.append("# ").append(m.name()).append(": ").append(violationTitle(c.outcome())).append("\n\n");
        if (!m.description().isEmpty()) md.append(m.description()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Expected | ").append(m.expected().outcomeName());
        if (m.expected().violated()) md.append(": ").append(m.expected().brief());
        md.append(" — ").append(c.match() ? "✓ as expected" : "✗ **not as expected**").append(" |\n");
        if (c.outcome().message() != null)
            md.append("| Note | ").append(cell(c.outcome().message())).append(" |\n");
        md.append("| Model | ").append(modelLine(m)).append(" |\n");
        md.append("| TLC | ").append(statsLine(c.stats(), c.seconds())).append(" |\n");
        md.append("| Trace | ").append(cx.states().size()).append(cx.states().size() == 1 ? " state" : " states");
        if (cx.isLasso()) md.append(", then back to state ").append(cx.backTo()).append(" (a loop)");
        if (cx.stuttering()) md.append(", then stuttering forever");
        md.append(" |\n");
        if (c.tlcOutput() != null) md.append("| Raw output | `").append(c.tlcOutput()).append("` |\n");
        md.append('\n');

        md.append("## Steps\n\n");
        List<TraceState> states = cx.states();
        for (int i = 0; i < states.size(); i++) {
            TraceState s = states.get(i);
            step(md, s, i == 0 ? null : states.get(i - 1), cx);
        }
        TraceState last = states.get(states.size() - 1);
        if (cx.isLasso()) {
            md.append("**↺ ").append(last.number() + 1).append(". Back to state ").append(cx.backTo()).append("**");
            if (cx.backToAction() != null) md.append(" by TLA+ `").append(cx.backToAction()).append('`');
            md.append(": the behaviour returns to state ").append(cx.backTo())
                    .append(" and repeats states ").append(cx.backTo()).append('–').append(last.number())
                    .append(" forever.\n\n");
        }
        if (cx.stuttering()) {
            md.append("**").append(last.number() + 1).append(". Stuttering**: from state ").append(last.number())
                    .append(" on no thread takes a step, forever.\n\n");
        }

        md.append("## Sequence diagram\n\n");
        md.append("Arrows are drawn when the receiver takes the message off the queue and labelled "
                + "`sent→received` step numbers; `x` arrows are messages lost on the channel.\n\n");
        md.append("```mermaid\n").append(MermaidSequenceDiagram.render(cx, ChannelTraffic.MIGSPEC_QUEUES)).append("```\n");
        return md.toString();
    }

    private static void step(StringBuilder md, TraceState s, TraceState prev, Counterexample cx) {
        StepRecord step = StepRecord.of(s);
        String loopMark = cx.isLasso() && s.number() == cx.backTo() ? " ↺ *(the loop starts here)*" : "";
        if (prev == null) {
            md.append("**1. Initial state**").append(loopMark).append("\n\n");
            for (StateDiff.Change ch : StateDiff.describe(s.vars(), NOT_DIFFED))
                md.append("- `").append(ch.path()).append("`: ").append(code(ch.change())).append('\n');
            md.append('\n');
            return;
        }
        md.append("**").append(s.number()).append(".** ");
        if (step != null) {
            md.append('`').append(step.actor()).append("` **").append(step.action() == null ? "?" : step.action())
                    .append("** — TLA+ `").append(s.action()).append('`');
        } else {
            md.append("TLA+ **").append(s.action()).append("**");
        }
        if (s.line() != null) md.append(" (").append(s.module()).append(".tla:").append(s.line()).append(')');
        md.append(loopMark).append("\n\n");
        if (step != null && !step.events().isEmpty()) {
            List<String> evs = new ArrayList<>();
            for (TraceEvent e : step.events()) {
                String lane = step.laneOf(e);
                evs.add((lane.equals(step.actor()) ? "" : lane + ": ") + e.display());
            }
            md.append("- events: ");
            for (int i = 0; i < evs.size(); i++) md.append(i == 0 ? "" : ", ").append(code(evs.get(i)));
            md.append('\n');
        }
        List<StateDiff.Change> changes = StateDiff.diff(prev.vars(), s.vars(), NOT_DIFFED);
        if (changes.isEmpty()) md.append("- no variable changes\n");
        for (StateDiff.Change ch : changes)
            md.append("- `").append(ch.path()).append("`: ").append(code(ch.change())).append('\n');
        md.append('\n');
    }

    /** {@code invariant NoStuckState violated}, {@code temporal property violated}, ... */
    static String violationTitle(Outcome o) {
        return switch (o.kind()) {
            case INVARIANT -> "invariant " + o.property() + " violated";
            case ACTION -> "action property " + o.property() + " violated";
            case LIVENESS -> o.property() != null ? "temporal property " + o.property() + " violated"
                    : "temporal property violated";
            case DEADLOCK -> "deadlock";
            case HOLDS -> "no error";
            case ERROR -> "TLC error";
        };
    }

    private static String modelLine(ModelEntry m) {
        List<String> parts = new ArrayList<>();
        if (m.variant() != null) parts.add("variant " + m.variant());
        parts.add(m.faults().isEmpty() ? "no faults" : "faults " + String.join(", ", m.faults()));
        return String.join(" · ", parts);
    }

    static String statsLine(TlcStats st, Double seconds) {
        List<String> parts = new ArrayList<>();
        if (st.distinct() != null) parts.add(String.format(Locale.ROOT, "%,d distinct states", st.distinct()));
        if (st.generated() != null) parts.add(String.format(Locale.ROOT, "%,d generated", st.generated()));
        if (st.depth() != null) parts.add("depth " + st.depth());
        if (seconds != null) parts.add(String.format(Locale.ROOT, "%.1f s", seconds));
        return parts.isEmpty() ? "no statistics" : String.join(", ", parts);
    }

    /** Inline code; values never contain backticks, but keep the Markdown valid if one does. */
    private static String code(String s) {
        return s.contains("`") ? "``" + s + "``" : "`" + s + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
