package org.migspec.modelcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One TLC process: {@code java -Djava.io.tmpdir=T -XX:+UseSerialGC -cp TLC_JAR tlc2.TLC
 * -tool -workers N -metadir M -config CFG MODULE.tla}, run in the model's directory
 * (which holds the spec modules and the cfg), stdout and stderr to {@code tlc.out}.
 *
 * <p>The collector follows the workers: a one-worker TLC (every model of the matrix, two
 * at a time on two cores) gets the serial collector, because the parallel one's GC
 * threads compete with the other model's worker and cost it kernel time (v4_postcopy
 * alone: 33.7 s of CPU with {@code -XX:+UseParallelGC}, 29.5 s with
 * {@code -XX:+UseSerialGC}, the same states); TLC with several workers keeps
 * {@code -XX:+UseParallelGC}, the collector TLC's authors recommend.
 *
 * <p>Each run gets its own {@code java.io.tmpdir} (TLC extracts its standard modules
 * there) and metadir, both inside the model directory and removed afterwards:
 * concurrent TLC processes sharing them fail.  Runs still going when this JVM exits
 * (Ctrl-C) are killed.
 */
public final class TlcRun {

    /**
     * @param exitCode TLC's exit code, or -1 if it was killed after the timeout
     * @param seconds  wall time
     * @param timedOut killed after the timeout
     */
    public record Result(int exitCode, double seconds, boolean timedOut) {
    }

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }), "kill-tlc"));
    }

    private TlcRun() {
    }

    /** The command line, for logs and tests. */
    public static List<String> command(Path jar, String module, String cfgName, int workers, Path tmp, Path meta,
                                       List<String> jvmOptions) {
        return command(jar, module, cfgName, workers, tmp, meta, jvmOptions, List.of());
    }

    /** The command line with extra TLC options ({@code -simulate num=N -depth D -seed S}). */
    public static List<String> command(Path jar, String module, String cfgName, int workers, Path tmp, Path meta,
                                       List<String> jvmOptions, List<String> tlcOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add(gcOption(workers));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", jar.toString(), "tlc2.TLC", "-tool", "-workers", Integer.toString(workers)));
        cmd.addAll(tlcOptions);
        cmd.addAll(List.of("-metadir", meta.toString(), "-config", cfgName, module + ".tla"));
        return cmd;
    }

    /** The garbage collector for a TLC with this many workers (see the class comment). */
    static String gcOption(int workers) {
        return workers <= 1 ? "-XX:+UseSerialGC" : "-XX:+UseParallelGC";
    }

    /**
     * Runs TLC in {@code dir} on {@code cfgName} and {@code module}.tla, writing its output
     * to {@code output}; {@code timeoutSeconds} 0 means no limit.
     */
    public static Result run(Path jar, Path dir, String module, String cfgName, int workers,
                             List<String> jvmOptions, long timeoutSeconds, Path output)
            throws IOException, InterruptedException {
        return run(jar, dir, module, cfgName, workers, jvmOptions, List.of(), timeoutSeconds, output);
    }

    /** As above, with extra TLC options. */
    public static Result run(Path jar, Path dir, String module, String cfgName, int workers,
                             List<String> jvmOptions, List<String> tlcOptions, long timeoutSeconds, Path output)
            throws IOException, InterruptedException {
        Path tmp = dir.resolve(".tlc-tmp").toAbsolutePath();
        Path meta = dir.resolve(".tlc-meta").toAbsolutePath();
        deleteTree(tmp);
        deleteTree(meta);
        Files.createDirectories(tmp);
        ProcessBuilder pb = new ProcessBuilder(command(jar.toAbsolutePath(), module, cfgName, workers, tmp, meta,
                jvmOptions, tlcOptions))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        RUNNING.add(p);
        try {
            boolean done = timeoutSeconds <= 0 ? waitFor(p) : p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(done ? p.exitValue() : -1, seconds, !done);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        } finally {
            RUNNING.remove(p);
            deleteTree(tmp);
            deleteTree(meta);
        }
    }

    private static boolean waitFor(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
