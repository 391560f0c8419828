package org.migspec.checker.spec;

import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.LevelNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.st.Location;
import tlc2.tool.Action;
import tlc2.tool.INextStateFunctor;
import tlc2.tool.TLCState;
import tlc2.tool.TLCStateFun;
import tlc2.tool.impl.FastTool;
import tlc2.util.Context;
import tlc2.util.FP64;
import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import util.SimpleFilenameToStream;
import util.ToolIO;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * TraceMigration.tla loaded once with TLC's Java API (FastTool).  The checker asks it for
 * the initial state and for successors; it never computes a transition itself.
 *
 * <p>TLC keeps global state (variable slots, the fingerprint view), so one JVM holds one
 * loaded spec: {@link #load} refuses a second configuration.  Successor lists are shared
 * between threads (TLC's own workers share one tool the same way).
 */
public final class LoadedSpec {
    private static LoadedSpec current;

    private final FastTool tool;
    private final TraceConfig config;
    private final Path dir;
    private final TLCState init;
    private final Set<String> traced;
    private final Map<Long, List<Successor>> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Set<String>> emits = new HashMap<>();
    private final OpDefNode abstractState;

    private LoadedSpec(FastTool tool, TraceConfig config, Path dir) throws SpecLoadException {
        this.tool = tool;
        this.config = config;
        this.dir = dir;
        var inits = tool.getInitStates();
        if (inits.size() != 1) throw new SpecLoadException("TraceMigration has " + inits.size() + " initial states, expected 1");
        this.init = inits.elementAt(0);
        // Fingerprinting normalises the state's records (TLC sorts their fields in place);
        // done here, once, so that threads sharing the spec never normalise it concurrently.
        this.init.fingerPrint();
        this.traced = stringSet(definition("TracedEvents"));
        this.abstractState = definition("AbstractState");
        EventSources sources = new EventSources(traced);
        for (Action a : tool.getActions()) {
            String n = a.getName().toString();
            OpDefNode d = a.getOpDef();
            emits.computeIfAbsent(n, k -> new LinkedHashSet<>()).addAll(sources.of(d != null ? d.getBody() : a.pred));
        }
    }

    /**
     * Loads spec/TraceMigration.tla (and the modules it extends, copied from {@code specDir})
     * with the constants of {@code config}.
     */
    public static synchronized LoadedSpec load(Path specDir, TraceConfig config) throws SpecLoadException {
        if (current != null) {
            if (current.config.equals(config)) return current;
            throw new SpecLoadException("this JVM already holds the spec for " + current.config.key()
                    + "; TLC cannot load a second configuration (" + config.key() + ") in the same JVM");
        }
        if (!TraceConfig.VARIANTS.contains(config.variant())) {
            throw new SpecLoadException("unknown variant \"" + config.variant() + "\" (expected one of "
                    + String.join(", ", TraceConfig.VARIANTS) + ")");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("migspec-trace-");
            dir.toFile().deleteOnExit();
            try (Stream<Path> files = Files.list(specDir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.toString().endsWith(".tla")) {
                        Path t = dir.resolve(p.getFileName());
                        Files.copy(p, t);
                        t.toFile().deleteOnExit();
                    }
                }
            }
            if (!Files.exists(dir.resolve("TraceMigration.tla"))) {
                throw new SpecLoadException(specDir + ": no TraceMigration.tla (use --spec-dir to point at spec/)");
            }
            Path cfg = dir.resolve("TraceMigration.cfg");
            Files.writeString(cfg, config.cfg());
            cfg.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new SpecLoadException("cannot prepare the spec: " + e.getMessage());
        }
        FP64.Init();
        PrintStream saved = ToolIO.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ToolIO.out = new PrintStream(log, true, StandardCharsets.UTF_8);
        try {
            FastTool tool = new FastTool(dir.toString(), "TraceMigration", dir.resolve("TraceMigration").toString(),
                    new SimpleFilenameToStream(new String[] {dir.toString()}));
            current = new LoadedSpec(tool, config, dir);
            return current;
        } catch (RuntimeException e) {
            String tlc = log.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("Parsing file") && !l.startsWith("Semantic processing"))
                    .reduce((a, b) -> a + " | " + b).orElse("");
            throw new SpecLoadException("TLC could not load the spec: " + e.getMessage()
                    + (tlc.isEmpty() ? "" : " (" + tlc + ")"));
        } finally {
            ToolIO.out = saved;
        }
    }

    public TraceConfig config() {
        return config;
    }

    public TLCState init() {
        return init;
    }

    /** Every event name a spec step can emit (Events.tla TracedEvents). */
    public Set<String> tracedEvents() {
        return traced;
    }

    public long fingerprint(TLCState s) {
        return s.fingerPrint();
    }

    public StepInfo step(TLCState s) {
        return TlaValues.step(s.lookup("step"));
    }

    /** All steps TLC allows from {@code s}, memoised by fingerprint (runs revisit states). */
    public List<Successor> successors(TLCState s) {
        long fp = s.fingerPrint();
        List<Successor> hit = cache.get(fp);
        if (hit != null) return hit;
        List<Successor> out = new ArrayList<>();
        tool.getNextStates(new INextStateFunctor() {
            @Override
            public Object addElement(TLCState st) {
                throw new IllegalStateException("TLC called the one-argument functor");
            }

            @Override
            public Object addElement(TLCState pred, Action a, TLCState succ) {
                out.add(new Successor(a.getName().toString(), succ, step(succ), succ.fingerPrint()));
                return null;
            }
        }, s);
        if (cache.size() > 200_000) cache.clear();
        cache.put(fp, out);
        return out;
    }

    /**
     * Every step TLC allows from {@code s}, not memoised: for a pass over the whole state graph
     * ({@link org.migspec.checker.coverage.TlcReachable}), which visits each state once.
     */
    public void forEachSuccessor(TLCState s, java.util.function.BiConsumer<String, TLCState> sink) {
        tool.getNextStates(new INextStateFunctor() {
            @Override
            public Object addElement(TLCState st) {
                throw new IllegalStateException("TLC called the one-argument functor");
            }

            @Override
            public Object addElement(TLCState pred, Action a, TLCState succ) {
                sink.accept(a.getName().toString(), succ);
                return null;
            }
        }, s);
    }

    /**
     * The coverage projection of {@code s}: AbstractState.tla's AbstractState, evaluated by TLC,
     * in the form {@link org.migspec.checker.coverage.AbstractStates#render} gives it.
     */
    @SuppressWarnings("unchecked")
    public String abstractState(TLCState s) {
        Object v = TlaValues.toJava(tool.eval(abstractState.getBody(), Context.Empty, s));
        return org.migspec.checker.coverage.AbstractStates.render((Map<String, Object>) v);
    }

    /** The state's variables as plain Java, `step` left out. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> variables(TLCState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var v : s.getVars()) {
            String n = v.getName().toString();
            if (!n.equals("step")) m.put(n, TlaValues.toJava(s.lookup(n)));
        }
        return m;
    }

    /** Names of the actions enabled in {@code s}. */
    public Set<String> enabledActions(TLCState s) {
        Set<String> out = new LinkedHashSet<>();
        for (Successor x : successors(s)) out.add(x.action());
        return out;
    }

    /** Every action of Next as TLC splits it (for coverage: actions never taken). */
    public Set<String> allActions() {
        return java.util.Collections.unmodifiableSet(emits.keySet());
    }

    /** Actions whose definitions can emit {@code event}. */
    public Set<String> actionsEmitting(String event) {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, Set<String>> e : emits.entrySet()) {
            if (e.getValue().contains(event)) out.add(e.getKey());
        }
        return out;
    }

    /** One conjunct of an action's definition and what it evaluates to in a state. */
    public record Conjunct(int index, String source, String location, String verdict) {
    }

    /**
     * Evaluates each top-level conjunct of the action named {@code name} in {@code s}:
     * state-level ones to TRUE/FALSE, action-level ones to whether they can be satisfied.
     * For an action TLC split by a bounded \E, every instance is tried and the one that
     * gets furthest is reported.
     */
    public List<Conjunct> diagnose(String name, TLCState s) {
        List<Conjunct> best = List.of();
        int bestTrue = -1;
        for (Action a : tool.getActions()) {
            if (!a.getName().toString().equals(name)) continue;
            OpDefNode d = a.getOpDef();
            SemanticNode body = d != null ? d.getBody() : a.pred;
            List<ExprOrOpArgNode> cs = new ArrayList<>();
            conjuncts(body, cs);
            List<Conjunct> out = new ArrayList<>();
            int trues = 0;
            for (int i = 0; i < cs.size(); i++) {
                ExprOrOpArgNode c = cs.get(i);
                String verdict = evaluate(c, a.con, s);
                out.add(new Conjunct(i + 1, sourceText(c), location(c), verdict));
                if (verdict.equals("TRUE") || verdict.equals("satisfiable")) trues++;
                else break;
            }
            if (trues > bestTrue) {
                bestTrue = trues;
                best = out;
            }
        }
        return best;
    }

    private String evaluate(ExprOrOpArgNode c, Context con, TLCState s) {
        try {
            int level = ((LevelNode) c).getLevel();
            if (level <= 1) {
                IValue v = tool.eval(c, con, s);
                return v instanceof BoolValue b ? (b.val ? "TRUE" : "FALSE") : "not a boolean";
            }
            return tool.enabled(c, con, s, TLCStateFun.Empty) != null ? "satisfiable" : "FALSE (no successor)";
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }

    private static void conjuncts(SemanticNode e, List<ExprOrOpArgNode> out) {
        if (e instanceof OpApplNode a) {
            String op = a.getOperator().getName().toString();
            if (op.equals("$ConjList") || op.equals("\\land")) {
                for (ExprOrOpArgNode x : a.getArgs()) conjuncts(x, out);
                return;
            }
        }
        if (e instanceof ExprOrOpArgNode x) out.add(x);
    }

    private String location(SemanticNode n) {
        Location l = n.getLocation();
        return l.source() + ".tla:" + l.beginLine();
    }

    private String sourceText(SemanticNode n) {
        Location l = n.getLocation();
        try {
            List<String> lines = Files.readAllLines(dir.resolve(l.source() + ".tla"));
            StringBuilder sb = new StringBuilder();
            for (int ln = l.beginLine(); ln <= l.endLine() && ln <= lines.size(); ln++) {
                String s = lines.get(ln - 1);
                int from = ln == l.beginLine() ? l.beginColumn() - 1 : 0;
                int to = ln == l.endLine() ? Math.min(l.endColumn(), s.length()) : s.length();
                if (from < to) sb.append(s, from, to);
                if (ln < l.endLine()) sb.append(' ');
            }
            String t = sb.toString().replaceAll("\\s+", " ").strip();
            return t.length() > 160 ? t.substring(0, 157) + "..." : t;
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private Set<String> stringSet(OpDefNode d) throws SpecLoadException {
        Object v = TlaValues.toJava(tool.eval(d.getBody(), Context.Empty, TLCState.Empty));
        if (!(v instanceof Set<?> set)) throw new SpecLoadException(d.getName() + " is not a set");
        Set<String> out = new LinkedHashSet<>();
        for (Object o : set) out.add(o.toString());
        return out;
    }

    private OpDefNode definition(String name) throws SpecLoadException {
        for (OpDefNode d : tool.getRootModule().getOpDefs()) {
            if (d.getName().toString().equals(name)) return d;
        }
        throw new SpecLoadException("the spec defines no " + name);
    }
}
