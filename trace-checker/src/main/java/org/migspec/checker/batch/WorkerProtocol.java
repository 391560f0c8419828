package org.migspec.checker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.migspec.checker.cli.CheckOptions;
import org.migspec.checker.cli.LogRef;
import org.migspec.checker.cli.RunSpec;
import org.migspec.checker.input.Side;
import org.migspec.checker.spec.TraceConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parent and worker talk JSON: the request on the worker's stdin, one line per checked run
 * on its stdout prefixed with {@value #RUN}, then TLC's reachable sets prefixed with
 * {@value #REACHABLE} (other output is ignored).  Paths are passed as
 * given: the worker runs in the parent's working directory.
 */
final class WorkerProtocol {
    static final String RUN = "@@migspec-run ";
    /** The line with TLC's reachable sets of the worker's configuration (TlcReachable.json). */
    static final String REACHABLE = "@@migspec-reachable ";
    static final ObjectMapper JSON = new ObjectMapper();

    private WorkerProtocol() {
    }

    static ObjectNode request(Path specDir, TraceConfig c, CheckOptions o, List<RunSpec> runs, int jobs) {
        ObjectNode r = JSON.createObjectNode();
        r.put("specDir", specDir.toAbsolutePath().toString());
        ObjectNode cfg = r.putObject("config");
        cfg.put("variant", c.variant());
        cfg.put("postcopy", c.postcopy());
        cfg.put("returnPath", c.returnPath());
        cfg.put("pauseBeforeSwitchover", c.pauseBeforeSwitchover());
        cfg.put("management", c.management());
        cfg.put("lateBlockActivate", c.lateBlockActivate());
        cfg.put("lockHolder", c.lockHolder());
        cfg.put("lockHolderReleases", c.lockHolderReleases());
        cfg.put("maxFaults", c.maxFaults());
        ObjectNode opt = r.putObject("options");
        opt.put("variant", o.variant());
        opt.put("management", o.management());
        opt.put("lenient", o.lenient());
        opt.put("strict", o.strict());
        opt.put("traceEvents", o.traceEvents() == null ? null : o.traceEvents().toString());
        if (o.window() != null) opt.put("window", o.window());
        if (o.maxNodes() != null) opt.put("maxNodes", o.maxNodes());
        opt.put("timestamps", o.timestamps());
        opt.put("diagramSteps", o.diagramSteps());
        CheckOptions.Bounds b = o.bounds();
        if (b.maxAhead() != null) opt.put("maxAhead", b.maxAhead());
        if (b.maxPending() != null) opt.put("maxPending", b.maxPending());
        if (b.lookahead() != null) opt.put("lookahead", b.lookahead());
        if (b.laneLookahead() != null) opt.put("laneLookahead", b.laneLookahead());
        if (b.laxMaxNodes() != null) opt.put("laxMaxNodes", b.laxMaxNodes());
        if (b.maxFaults() != null) opt.put("maxFaults", b.maxFaults());
        ArrayNode as = opt.putArray("assume");
        for (String k : o.assume()) as.add(k);
        r.put("jobs", jobs);
        ArrayNode a = r.putArray("runs");
        for (RunSpec s : runs) {
            ObjectNode x = a.addObject();
            x.put("name", s.name());
            x.put("variantHint", s.variantHint());
            x.put("variantSource", s.variantSource());
            x.put("variantError", s.variantError());
            ArrayNode logs = x.putArray("logs");
            for (LogRef l : s.logs()) {
                logs.addObject().put("path", l.path().toString())
                        .put("side", l.side() == null ? null : l.side().prefix());
            }
        }
        return r;
    }

    static String line(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path specDir(JsonNode r) {
        return Path.of(r.path("specDir").asText());
    }

    static TraceConfig config(JsonNode r) {
        JsonNode c = r.path("config");
        return new TraceConfig(c.path("variant").asText(), c.path("postcopy").asBoolean(), c.path("returnPath").asBoolean(),
                c.path("pauseBeforeSwitchover").asBoolean(), c.path("management").asBoolean(),
                c.path("lateBlockActivate").asBoolean(), c.path("maxFaults").asInt(TraceConfig.DEFAULT_MAX_FAULTS),
                c.path("lockHolder").asBoolean(), c.path("lockHolderReleases").asBoolean());
    }

    static CheckOptions options(JsonNode r) {
        JsonNode o = r.path("options");
        return new CheckOptions(text(o, "variant"), text(o, "management"), o.path("lenient").asBoolean(),
                o.path("strict").asBoolean(), o.hasNonNull("traceEvents") ? Path.of(o.get("traceEvents").asText()) : null,
                o.hasNonNull("window") ? o.get("window").asInt() : null,
                o.hasNonNull("maxNodes") ? o.get("maxNodes").asLong() : null,
                o.path("timestamps").asBoolean(true), o.path("diagramSteps").asInt(CheckOptions.DEFAULT_DIAGRAM_STEPS),
                new CheckOptions.Bounds(o.hasNonNull("maxAhead") ? o.get("maxAhead").asInt() : null,
                        o.hasNonNull("maxPending") ? o.get("maxPending").asInt() : null,
                        o.hasNonNull("lookahead") ? o.get("lookahead").asInt() : null,
                        o.hasNonNull("laneLookahead") ? o.get("laneLookahead").asInt() : null,
                        o.hasNonNull("laxMaxNodes") ? o.get("laxMaxNodes").asLong() : null,
                        o.hasNonNull("maxFaults") ? o.get("maxFaults").asInt() : null),
                assumed(o.path("assume")));
    }

    static List<RunSpec> runs(JsonNode r) {
        List<RunSpec> out = new ArrayList<>();
        for (JsonNode x : r.path("runs")) {
            List<LogRef> logs = new ArrayList<>();
            for (JsonNode l : x.path("logs")) {
                logs.add(new LogRef(Path.of(l.path("path").asText()), l.hasNonNull("side") ? Side.parse(l.get("side").asText()) : null));
            }
            out.add(new RunSpec(x.path("name").asText(), logs, text(x, "variantHint"), text(x, "variantSource"),
                    text(x, "variantError")));
        }
        return out;
    }

    private static List<String> assumed(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode k : a) out.add(k.asText());
        return out;
    }

    private static String text(JsonNode o, String f) {
        return o.hasNonNull(f) ? o.get(f).asText() : null;
    }
}
