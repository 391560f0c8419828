package org.migspec.modelcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain-text summary printed on stdout: one row per model, a summary line, and
 * a line per model that did not go as expected (with TLC's message for errors) or
 * that carries a note.
 *
 * <pre>
 * model                   variant  faults               distinct  depth  seconds  outcome                 expected                ok
 * v4_device_load_failure  v4       device-load-failure     15618     28      6.9  invariant NoStuckState  invariant NoStuckState  ✓
 * </pre>
 */
public final class ResultTable {

    private static final String[] HEADER = {"model", "variant", "faults", "distinct", "depth", "seconds", "outcome",
            "expected", "ok"};
    private static final boolean[] RIGHT = {false, false, false, true, true, true, false, false, false};
    private static final int MESSAGE_LINES = 4;

    private ResultTable() {
    }

    public static String render(List<ModelResult> results, double wallSeconds) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ModelResult r : results) {
            ModelEntry m = r.model();
            rows.add(new String[]{
                    m.name(),
                    m.variant() == null ? "-" : m.variant(),
                    m.faults().isEmpty() ? "-" : String.join(",", m.faults()),
                    r.stats().distinct() == null ? "-" : Long.toString(r.stats().distinct()),
                    r.stats().depth() == null ? "-" : Long.toString(r.stats().depth()),
                    String.format(Locale.ROOT, "%.1f", r.seconds()),
                    outcomeCell(r.outcome()),
                    m.expected().brief(),
                    r.match() ? "✓" : "✗"});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows)
            for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) line.append("  ");
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                line.append(RIGHT[i] ? pad + cell : (i == row.length - 1 ? cell : cell + pad));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }

        long ok = results.stream().filter(ModelResult::match).count();
        double tlcSeconds = results.stream().mapToDouble(ModelResult::seconds).sum();
        sb.append('\n').append(String.format(Locale.ROOT, "%d model%s, %d as expected, %d not; TLC %.1f s in total, wall %.1f s%n",
                results.size(), results.size() == 1 ? "" : "s", ok, results.size() - ok, tlcSeconds, wallSeconds));

        for (ModelResult r : results) {
            Outcome o = r.outcome();
            if (!r.match()) {
                sb.append("✗ ").append(r.model().name()).append(": expected ").append(r.model().expected().brief())
                        .append(", TLC: ").append(o.kind() == Outcome.Kind.ERROR ? "error" : o.brief()).append('\n');
                if (o.message() != null) appendMessage(sb, o.message());
                sb.append("    see ").append(r.counterexample() != null ? r.counterexample() : r.tlcOutput()).append('\n');
            } else if (o.message() != null && !(o.kind() == Outcome.Kind.LIVENESS && o.property() != null)) {
                sb.append("note ").append(r.model().name()).append(": ").append(o.message().replace('\n', ' ')).append('\n');
            }
        }
        return sb.toString();
    }

    static String outcomeCell(Outcome o) {
        if (o.kind() == Outcome.Kind.LIVENESS && o.property() == null) return "liveness (unnamed)";
        return o.brief();
    }

    private static void appendMessage(StringBuilder sb, String message) {
        String[] lines = message.strip().split("\n");
        for (int i = 0; i < Math.min(lines.length, MESSAGE_LINES); i++)
            sb.append("    ").append(lines[i].strip()).append('\n');
        if (lines.length > MESSAGE_LINES) sb.append("    ... (").append(lines.length - MESSAGE_LINES).append(" more lines)\n");
    }
}
