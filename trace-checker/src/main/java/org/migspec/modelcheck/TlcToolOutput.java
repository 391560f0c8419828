package org.migspec.modelcheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what TLC 2.18 prints with {@code -tool}: the messages, the outcome, the
 * statistics and the error trace.
 *
 * <p>The message codes used (tlc2.output.EC): 2193 success; 2110 invariant
 * violated, 2107 invariant violated by the initial state, 2112 action property
 * violated, 2116 temporal properties violated (TLC does not name the property),
 * 2114 deadlock; 2217 a trace state, 2218 stuttering, 2122 back to state (a lasso);
 * 2121/2264 trace headers; 2199 final statistics, 2194 depth, 2200 progress,
 * 2262 version.  Every other message of class error (1) or TLC bug (2) is an
 * error; so is anything that ends without an outcome, as SANY's parse errors do
 * (SANY prints them outside any message).
 */
public final class TlcToolOutput {

    public static final int EC_SUCCESS = 2193;
    public static final int EC_INVARIANT = 2110;
    public static final int EC_INVARIANT_INITIAL = 2107;
    public static final int EC_ACTION = 2112;
    public static final int EC_TEMPORAL = 2116;
    public static final int EC_DEADLOCK = 2114;
    public static final int EC_STATE = 2217;
    public static final int EC_STUTTERING = 2218;
    public static final int EC_BACK_TO_STATE = 2122;
    public static final int EC_TRACE_HEADER = 2121;
    public static final int EC_COUNTEREXAMPLE_HEADER = 2264;
    public static final int EC_STATS = 2199;
    public static final int EC_DEPTH = 2194;
    public static final int EC_PROGRESS = 2200;
    public static final int EC_VERSION = 2262;

    private static final Pattern START = Pattern.compile("@!@!@STARTMSG (\\d+):(\\d+) @!@!@");
    private static final Pattern END = Pattern.compile("@!@!@ENDMSG (\\d+) @!@!@");
    private static final Pattern MARKER = Pattern.compile(START.pattern() + "|" + END.pattern());

    private static final Pattern INVARIANT = Pattern.compile("Invariant (\\S+) is violated");
    private static final Pattern ACTION = Pattern.compile("Action property (\\S+) is violated");
    private static final Pattern STATS = Pattern.compile(
            "([\\d,]+) states generated, ([\\d,]+) distinct states found, ([\\d,]+) states left on queue");
    private static final Pattern PROGRESS = Pattern.compile(
            "Progress\\((\\d+)\\) at [^:]*:\\d\\d:\\d\\d: ([\\d,]+) states generated(?: \\([^)]*\\))?, "
                    + "([\\d,]+) distinct states found(?: \\([^)]*\\))?, ([\\d,]+) states left on queue");
    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
    private static final Pattern VERSION = Pattern.compile("TLC2 Version (.+)");
    private static final Pattern STATE_HEADER = Pattern.compile(
            "(\\d+): <(.*?)(?: line (\\d+), col \\d+ to line \\d+, col \\d+ of module (\\S+))?>");
    private static final Pattern BACK_TO = Pattern.compile(
            "(\\d+): Back to state: <(.*?)(?: line (\\d+), col \\d+ to line \\d+, col \\d+ of module (\\S+))?>");
    private static final Pattern VAR = Pattern.compile("(?:/\\\\ )?([A-Za-z_][A-Za-z0-9_]*) = (.*)");
    /** SANY's progress lines, printed outside messages; everything else there may be an error. */
    private static final Pattern SANY_NOISE = Pattern.compile(
            "Parsing file .*|Semantic processing of module .*|Linting of module .*");

    private final List<ToolMessage> messages;
    private final List<String> plainLines;
    private final String version;
    private final TlcStats stats;
    private final Outcome outcome;
    private final Counterexample counterexample;

    private TlcToolOutput(List<ToolMessage> messages, List<String> plainLines) {
        this.messages = Collections.unmodifiableList(messages);
        this.plainLines = Collections.unmodifiableList(plainLines);
        List<ToolMessage> all = new ArrayList<>();
        for (ToolMessage m : messages) flatten(m, all);
        this.version = findVersion(all);
        this.stats = findStats(all);
        this.outcome = findOutcome(messages, plainLines);
        this.counterexample = findTrace(all);
    }

    /** Parses TLC's complete {@code -tool} output. */
    public static TlcToolOutput parse(String output) {
        List<ToolMessage> top = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        Deque<ToolMessage> open = new ArrayDeque<>();
        for (String rawLine : output.split("\r?\n", -1)) {
            // Markers normally sit on lines of their own; split a line that has one inside it.
            Matcher m = MARKER.matcher(rawLine);
            int from = 0;
            while (m.find()) {
                addText(rawLine.substring(from, m.start()), open, plain, from > 0 || m.start() > 0);
                if (m.group(1) != null) {
                    ToolMessage msg = new ToolMessage(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                    if (open.isEmpty()) top.add(msg);
                    else open.peek().children().add(msg);
                    open.push(msg);
                } else {
                    int code = Integer.parseInt(m.group(3));
                    // Close up to the message with this code; ignore an ENDMSG nobody opened.
                    if (open.stream().anyMatch(x -> x.code() == code)) {
                        while (open.pop().code() != code) { /* unterminated inner message */ }
                    }
                }
                from = m.end();
            }
            if (from == 0) addText(rawLine, open, plain, true);
            else addText(rawLine.substring(from), open, plain, false);
        }
        return new TlcToolOutput(top, plain);
    }

    private static void addText(String text, Deque<ToolMessage> open, List<String> plain, boolean keepEmpty) {
        if (text.isEmpty() && !keepEmpty) return;
        if (open.isEmpty()) plain.add(text);
        else open.peek().lines().add(text);
    }

    private static void flatten(ToolMessage m, List<ToolMessage> into) {
        into.add(m);
        for (ToolMessage c : m.children()) flatten(c, into);
    }

    // ------------------------------------------------------------------ accessors

    /** The top-level messages in order. */
    public List<ToolMessage> messages() {
        return messages;
    }

    /** Lines printed outside any message (SANY output, PrintT, JVM errors). */
    public List<String> plainLines() {
        return plainLines;
    }

    /** {@code 2.18 of 20 March 2023}, or null. */
    public String version() {
        return version;
    }

    public TlcStats stats() {
        return stats;
    }

    /** The outcome the messages report, without looking at TLC's exit code. */
    public Outcome outcome() {
        return outcome;
    }

    /** The error trace, or null when TLC printed none. */
    public Counterexample counterexample() {
        return counterexample;
    }

    /**
     * The outcome checked against TLC's exit code: success needs exit 0, and an
     * error names the exit code.  A violation TLC reported stays a violation (with
     * a note if the exit code is not the usual one).
     */
    public Outcome outcome(int exitCode) {
        switch (outcome.kind()) {
            case HOLDS:
                return exitCode == 0 ? outcome
                        : Outcome.error("TLC reported no error but exited with " + describeExit(exitCode));
            case ERROR:
                return Outcome.error(outcome.message() + " [TLC exit " + describeExit(exitCode) + "]");
            default:
                int usual = switch (outcome.kind()) {
                    case DEADLOCK -> 11;
                    case INVARIANT -> 12;
                    default -> 13;
                };
                if (exitCode == usual) return outcome;
                String note = "TLC exited with " + describeExit(exitCode);
                return outcome.withNote(outcome.message() == null ? note : outcome.message() + "; " + note);
        }
    }

    /** {@code 150 (spec parse error)}. */
    public static String describeExit(int exitCode) {
        String what = switch (exitCode) {
            case 0 -> "success";
            case 1 -> "bad command line";
            case 10 -> "assumption violated";
            case 11 -> "deadlock";
            case 12 -> "safety violation";
            case 13 -> "liveness or action property violation";
            case 14 -> "Assert failed";
            case 75 -> "evaluation error in the spec";
            case 76 -> "evaluation error in a safety property";
            case 77 -> "evaluation error in a liveness property";
            case 150 -> "spec parse error";
            case 151 -> "configuration error";
            case 152 -> "state space too large";
            case 153 -> "system error";
            case 255 -> "error";
            default -> null;
        };
        return what == null ? String.valueOf(exitCode) : exitCode + " (" + what + ")";
    }

    // ------------------------------------------------------------------ interpretation

    private static String findVersion(List<ToolMessage> all) {
        for (ToolMessage m : all) {
            if (m.code() != EC_VERSION) continue;
            Matcher v = VERSION.matcher(m.text());
            if (v.find()) return v.group(1).strip();
        }
        return null;
    }

    private static TlcStats findStats(List<ToolMessage> all) {
        TlcStats fin = null, progress = null;
        Long depth = null;
        for (ToolMessage m : all) {
            Matcher x;
            if (m.code() == EC_STATS && (x = STATS.matcher(m.text())).find()) {
                fin = new TlcStats(num(x.group(1)), num(x.group(2)), num(x.group(3)), null);
            } else if (m.code() == EC_DEPTH && (x = DEPTH.matcher(m.text())).find()) {
                depth = num(x.group(1));
            } else if (m.code() == EC_PROGRESS && (x = PROGRESS.matcher(m.text())).find()) {
                progress = new TlcStats(num(x.group(2)), num(x.group(3)), num(x.group(4)), num(x.group(1)));
            }
        }
        // The final statistics (2199) win; the last progress report stands in when TLC
        // stopped before printing them, and its depth when TLC printed no final depth.
        TlcStats base = fin != null ? fin : progress != null ? progress : TlcStats.NONE;
        Long d = depth != null ? depth : progress != null ? progress.depth() : null;
        return new TlcStats(base.generated(), base.distinct(), base.left(), d);
    }

    private static Outcome findOutcome(List<ToolMessage> top, List<String> plainLines) {
        Outcome violation = null;
        boolean success = false;
        List<String> errors = new ArrayList<>();
        for (ToolMessage m : top) {
            String text = m.text();
            Matcher x;
            switch (m.code()) {
                case EC_SUCCESS -> success = true;
                case EC_INVARIANT, EC_INVARIANT_INITIAL -> {
                    if (violation == null && (x = INVARIANT.matcher(text)).find())
                        violation = new Outcome(Outcome.Kind.INVARIANT, x.group(1), null);
                }
                case EC_ACTION -> {
                    if (violation == null && (x = ACTION.matcher(text)).find())
                        violation = new Outcome(Outcome.Kind.ACTION, x.group(1), null);
                }
                case EC_TEMPORAL -> {
                    if (violation == null) violation = new Outcome(Outcome.Kind.LIVENESS, null, null);
                }
                case EC_DEADLOCK -> {
                    if (violation == null) violation = new Outcome(Outcome.Kind.DEADLOCK, null, null);
                }
                case EC_TRACE_HEADER, EC_COUNTEREXAMPLE_HEADER -> { }
                default -> {
                    if (m.isError()) {
                        String t = m.fullText();
                        errors.add(t.isEmpty() ? "TLC error " + m.code() : t);
                    }
                }
            }
        }
        if (violation != null) {
            return errors.isEmpty() ? violation
                    : violation.withNote("TLC also reported: " + String.join("\n", errors));
        }
        if (success && errors.isEmpty()) return Outcome.holds();
        // SANY prints parse and semantic errors outside messages.
        List<String> plainErrors = new ArrayList<>();
        for (String l : plainLines) {
            if (!l.isBlank() && !SANY_NOISE.matcher(l).matches()) plainErrors.add(l.strip());
        }
        List<String> all = new ArrayList<>(plainErrors);
        all.addAll(errors);
        if (all.isEmpty()) return Outcome.error("TLC ended without reporting an outcome");
        return Outcome.error(String.join("\n", all));
    }

    private static Counterexample findTrace(List<ToolMessage> all) {
        List<TraceState> states = new ArrayList<>();
        Integer backTo = null;
        String backToAction = null;
        boolean stuttering = false;
        for (ToolMessage m : all) {
            if (m.code() == EC_STATE) {
                states.add(parseState(m.lines()));
            } else if (m.code() == EC_INVARIANT_INITIAL) {
                // "Invariant X is violated by the initial state:" followed by the state
                List<String> lines = new ArrayList<>(m.lines());
                if (!lines.isEmpty()) {
                    lines.set(0, "1: <Initial predicate>");
                    states.add(parseState(lines));
                }
            } else if (m.code() == EC_STUTTERING) {
                stuttering = true;
            } else if (m.code() == EC_BACK_TO_STATE) {
                Matcher b = BACK_TO.matcher(m.text());
                if (b.matches()) {
                    backTo = Integer.parseInt(b.group(1));
                    backToAction = b.group(2);
                }
            }
        }
        if (states.isEmpty()) return null;
        return new Counterexample(states, backTo, backToAction, stuttering);
    }

    /** A state block: its header line, then {@code /\ var = value} lines (or one {@code var = value}). */
    static TraceState parseState(List<String> lines) {
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) i++;
        if (i == lines.size()) throw new IllegalArgumentException("empty state message");
        Matcher h = STATE_HEADER.matcher(lines.get(i).strip());
        if (!h.matches()) throw new IllegalArgumentException("not a state header: " + lines.get(i));
        int number = Integer.parseInt(h.group(1));
        String action = h.group(2);
        Integer line = h.group(3) == null ? null : Integer.valueOf(h.group(3));
        String module = h.group(4);

        Map<String, StringBuilder> raw = new LinkedHashMap<>();
        StringBuilder current = null;
        for (i++; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) continue;
            Matcher v = VAR.matcher(l);
            if ((l.startsWith("/\\ ") || current == null) && v.matches()) {
                current = new StringBuilder(v.group(2));
                raw.put(v.group(1), current);
            } else if (current != null) {
                current.append('\n').append(l);
            }
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        raw.forEach((name, text) -> {
            Object value;
            try {
                value = TlaValue.parse(text.toString());
            } catch (TlaValue.ParseException e) {
                value = new TlaValue.Unparsed(text.toString().replaceAll("\\s*\\n\\s*", " "));
            }
            vars.put(name, value);
        });
        return new TraceState(number, action, line, module, Collections.unmodifiableMap(vars));
    }

    private static long num(String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
