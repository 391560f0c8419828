package org.migspec.impl.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Starts a {@code migspec src|dst} child process, copies its output to a log file and waits until
 * it has printed {@code QMP socket:} (its monitor is listening): readiness by the process's own
 * word, not by polling or sleeping.
 */
public final class ChildProcess {
    private ChildProcess() {
    }

    public static Process start(List<String> cmd, Path log, long timeoutMs) throws IOException, InterruptedException {
        return start(cmd, log, timeoutMs, null);
    }

    /**
     * As {@link #start(List, Path, long)}; {@code onLine}, if not null, gets the process and each
     * line it prints, as the line is read (after it was logged), on the log-copying thread.
     */
    public static Process start(List<String> cmd, Path log, long timeoutMs, BiConsumer<Process, String> onLine)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        CountDownLatch ready = new CountDownLatch(1);
        Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    w.write(line);
                    w.write('\n');
                    w.flush();
                    if (line.startsWith("QMP socket:")) {
                        ready.countDown();
                    }
                    if (onLine != null) {
                        onLine.accept(p, line);
                    }
                }
            } catch (IOException ignored) {
                // the child is gone; its exit status tells the rest
            } finally {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // nothing more to log
                }
                ready.countDown();
            }
        }, "child-log");
        t.setDaemon(true);
        t.start();
        if (!ready.await(timeoutMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("the child process did not start its QMP monitor within " + timeoutMs + " ms (see " + log + ")");
        }
        if (!p.isAlive()) {
            throw new IOException("the child process exited at start (see " + log + ")");
        }
        return p;
    }
}
