package org.migspec.impl.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names of a QEMU process's threads, by thread id, sampled from {@code /proc/PID/task/TID/comm}
 * while the process runs ({@code -name NAME,debug-threads=on} names them: {@code live_migration}
 * or {@code mig/src/main}, {@code return path} or {@code mig/src/return}, ...). The per-thread log
 * files ({@code -d tid}) are named by thread id only; this map lets the trace checker bind each
 * file to a spec thread by name. Short-lived threads may be missed between two samples; their
 * files then carry no name.
 */
final class ThreadNames implements AutoCloseable {
    private static final long PERIOD_MS = 20;

    private final long pid;
    private final Map<Long, String> names = new TreeMap<>();
    private final Thread sampler;
    private volatile boolean stop;

    ThreadNames(long pid) {
        this.pid = pid;
        this.sampler = new Thread(this::loop, "thread-names-" + pid);
        sampler.setDaemon(true);
        sampler.start();
    }

    private void loop() {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        while (!stop && Files.isDirectory(tasks)) {
            sample(tasks);
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(Path tasks) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                try {
                    String comm = Files.readString(t.resolve("comm"), StandardCharsets.UTF_8).strip();
                    long tid = Long.parseLong(t.getFileName().toString());
                    synchronized (names) {
                        names.put(tid, comm);
                    }
                } catch (IOException | NumberFormatException e) {
                    // the thread exited between the listing and the read
                }
            }
        } catch (IOException e) {
            // the process exited
        }
    }

    /** Writes {@code {"pid": N, "threads": {"TID": "name", ...}}}. */
    void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        o.put("pid", pid);
        ObjectNode t = o.putObject("threads");
        synchronized (names) {
            names.forEach((tid, name) -> t.put(String.valueOf(tid), name));
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), o);
    }

    @Override
    public void close() {
        stop = true;
        sampler.interrupt();
    }
}
