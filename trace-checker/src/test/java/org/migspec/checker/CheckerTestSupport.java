package org.migspec.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.migspec.checker.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared by the checker's tests: where things are, running the CLI (in a child JVM, since
 * TLC holds one spec configuration per JVM, or in this one for the single configuration
 * the in-process tests share), and making mutated or converted copies of real runs.
 */
public final class CheckerTestSupport {
    public static final ObjectMapper JSON = new ObjectMapper();

    static {
        // TLC writes its standard modules into java.io.tmpdir; see PrivateTmp
        org.migspec.checker.cli.PrivateTmp.install();
    }

    /**
     * The one spec configuration tests may load in the surefire JVM (key "v4": QEMU 10.2
     * precopy, no management).  Every other configuration runs in a child JVM.
     */
    public static final String IN_PROCESS_KEY = "v4";

    private CheckerTestSupport() {
    }

    /** trace-checker/ (surefire's working directory) or the repository root. */
    public static Path repo() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("spec")) ? here : here.getParent();
    }

    public static Path specDir() {
        return repo().resolve("spec");
    }

    /** The real QEMU runs in the repository (qemu-runs/, with their provenance); missing is a failure. */
    public static Path sharedTraces() {
        Path p = repo().resolve("qemu-runs");
        if (!Files.isDirectory(p.resolve("qemu-7.2")) || !Files.isDirectory(p.resolve("qemu-10.2"))) {
            throw new IllegalStateException("the repository's real QEMU runs are missing: " + p + " (a checkout without qemu-runs/?)");
        }
        return p;
    }

    /** Fails (never skips) when an input the tests need is missing, with one line saying which. */
    public static void requireInput(Path p) {
        if (!Files.exists(p)) throw new AssertionError("missing test input: " + p);
    }

    /** The recorded real runs of {@link #QEMU_VERSIONS} as one batch directory, copied under {@code tmp}. */
    public static Path realRunsCopy(Path tmp) throws IOException {
        Path out = tmp.resolve("qemu-runs");
        for (String run : realRuns()) {
            Path from = sharedTraces().resolve(run);
            Path to = out.resolve(run);
            Files.createDirectories(to);
            try (var s = Files.list(from)) {
                for (Path f : s.toList()) if (Files.isRegularFile(f)) Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return out;
    }

    public static Path real(String run) {
        return sharedTraces().resolve(run);
    }

    /** The QEMU versions of qemu-runs/ recorded outside the project, oldest first. */
    public static final List<String> QEMU_VERSIONS = List.of("qemu-7.2", "qemu-10.2", "qemu-11.1");

    /** The real runs of qemu-runs/ (7.2, 10.2, 11.1): version folder / run. */
    public static List<String> realRuns() throws IOException {
        List<String> out = new ArrayList<>();
        for (String v : QEMU_VERSIONS) {
            requireInput(sharedTraces().resolve(v));
            try (var s = Files.list(sharedTraces().resolve(v))) {
                s.filter(Files::isDirectory).map(p -> v + "/" + p.getFileName()).sorted().forEach(out::add);
            }
        }
        return out;
    }

    public static String variantOf(String realRun) {
        if (realRun.startsWith("qemu-7.2")) return "legacy";
        return realRun.startsWith("qemu-11.") ? "v11" : "v4";
    }

    public record Result(int exit, String out, String err) {
        public String all() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** The CLI in this JVM (only for the configuration {@link #IN_PROCESS_KEY}). */
    public static Result inProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> a = new ArrayList<>(List.of("check"));
        if (!List.of(args).contains("--spec-dir")) a.addAll(List.of("--spec-dir", specDir().toString()));
        a.addAll(List.of(args));
        int exit = Main.run(a.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The CLI in a child JVM with this JVM's classpath. */
    public static Result child(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-XX:+UseParallelGC", "-Dmigspec.tlcCoverage=" + System.getProperty("migspec.tlcCoverage", "true"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "check"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MIGSPEC_SPEC_DIR", specDir().toString());
        Path out = Files.createTempFile("migspec-test-out", ".txt"), err = Files.createTempFile("migspec-test-err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the checker did not finish: " + cmd);
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    public static JsonNode readJson(Path p) throws IOException {
        return JSON.readTree(p.toFile());
    }

    /** The run objects of a --json document by name. */
    public static Map<String, JsonNode> runsByName(JsonNode doc) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (JsonNode r : doc.path("runs")) out.put(r.path("name").asText(), r);
        return out;
    }

    /**
     * Copies a run directory's logs, trace-events list and records (QMP transcripts,
     * result.json, summary.json: what supports its unlogged faults) into {@code to}.
     */
    public static void copyRun(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String n : List.of("src.trace.log", "dst.trace.log", "trace-events.used.txt", "src.trace.ndjson",
                "dst.trace.ndjson", "src.qmp.jsonl", "dst.qmp.jsonl", "result.json", "summary.json")) {
            if (Files.isRegularFile(from.resolve(n))) Files.copy(from.resolve(n), to.resolve(n));
        }
    }

    /**
     * Copies a run's records (QMP transcripts, result.json, summary.json) into {@code to}: a
     * log converted or copied there keeps the evidence for its unlogged faults.
     */
    public static void copyRecords(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String n : List.of("src.qmp.jsonl", "dst.qmp.jsonl", "result.json", "summary.json")) {
            if (Files.isRegularFile(from.resolve(n))) Files.copy(from.resolve(n), to.resolve(n));
        }
    }

    public static List<String> lines(Path p) throws IOException {
        return new ArrayList<>(Files.readAllLines(p, StandardCharsets.UTF_8));
    }

    public static void write(Path p, List<String> lines) throws IOException {
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** 1-based numbers of the lines of a QEMU log whose event is {@code event} (and whose text contains {@code with}). */
    public static List<Integer> find(List<String> lines, String event, String with) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String ev = eventOf(lines.get(i));
            if (event.equals(ev) && (with == null || lines.get(i).contains(with))) out.add(i + 1);
        }
        return out;
    }

    private static final Pattern TID = Pattern.compile("^\\d+@\\d+\\.\\d+:(\\S+)(?: (.*))?$");
    private static final Pattern ISO = Pattern.compile("^\\S+Z (\\S+)(?: (.*))?$");

    /** The event name of a QEMU log line (either timestamped format). */
    public static String eventOf(String line) {
        Matcher m = TID.matcher(line);
        if (m.matches()) return m.group(1);
        m = ISO.matcher(line);
        if (m.matches()) return m.group(1);
        int sp = line.indexOf(' ');
        return sp < 0 ? line : line.substring(0, sp);
    }

    /** The line's text before the event name (the TID@time: or ISO time prefix). */
    public static String prefixOf(String line) {
        String ev = eventOf(line);
        return line.substring(0, line.indexOf(ev));
    }

    /**
     * A QEMU log as MigSpec NDJSON, with the header the implementation writes: arguments
     * parsed the way the checker parses them (QEMU's trace formats), QMP arguments under
     * "params".  Used to check that NDJSON input of the same run is accepted too.
     */
    public static void toNdjson(Path qemuLog, Path ndjson, String variant, String side) throws Exception {
        var f = org.migspec.checker.input.TraceFile.open(qemuLog, false, null);
        List<String> out = new ArrayList<>();
        ObjectNode h = JSON.createObjectNode();
        ObjectNode hd = h.putObject("header");
        hd.put("format", "migspec-trace");
        hd.put("version", 1);
        hd.put("variant", variant);
        hd.put("side", side);
        hd.putObject("capabilities");
        // the -trace events list the QEMU log was recorded with: a spec event it does not
        // record (qmp_enter_quit, say) stays a hidden step in the NDJSON copy too
        Path list = qemuLog.resolveSibling("trace-events.used.txt");
        if (Files.isRegularFile(list)) {
            var ev = hd.putArray("events");
            for (String l : Files.readAllLines(list)) if (!l.isBlank() && !l.startsWith("#")) ev.add(l.strip());
        } else {
            hd.put("events", "all");
        }
        out.add(JSON.writeValueAsString(h));
        org.migspec.checker.input.TraceEvent e;
        while ((e = f.next()) != null) {
            ObjectNode o = JSON.createObjectNode();
            if (e.tsNanos() != null) o.put("ts", e.tsNanos());
            o.put("pid", 1);
            if (e.thread() != null) o.put("thread", e.thread());
            o.put("event", e.name());
            ObjectNode a = o.putObject("args");
            for (Map.Entry<String, Object> x : e.args().entrySet()) {
                if (x.getKey().equals("text")) continue;
                if (x.getKey().equals("json")) {
                    a.set("params", (JsonNode) x.getValue());
                    continue;
                }
                if (e.name().startsWith("qmp_enter_") && x.getKey().equals("resume")) continue;
                Object v = x.getValue();
                if (v instanceof Long l) a.put(x.getKey(), l);
                else if (v instanceof java.math.BigInteger b) a.put(x.getKey(), b);
                else if (v instanceof Boolean b) a.put(x.getKey(), b);
                else a.put(x.getKey(), String.valueOf(v));
            }
            out.add(JSON.writeValueAsString(o));
        }
        f.close();
        write(ndjson, out);
    }
}
