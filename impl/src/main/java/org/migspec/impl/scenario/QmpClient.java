package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.migspec.impl.qmp.ChannelStreams;

/**
 * A QMP client as libvirt uses it: negotiates, sends commands, collects events. Every message in
 * both directions is logged as {@code {"t","side","dir","msg"}}, like the real recordings.
 */
public final class QmpClient implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final String side;
    private final SocketChannel ch;
    private final OutputStream out;
    private final Writer log;
    private final LinkedBlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final List<JsonNode> events = new ArrayList<>();
    private volatile boolean eof;
    private int nextId = 1;

    public QmpClient(String side, Path socket, Writer log, long timeoutMs) throws IOException, InterruptedException {
        this.side = side;
        this.log = log;
        long deadline = System.currentTimeMillis() + timeoutMs;
        SocketChannel c = null;
        IOException last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.connect(UnixDomainSocketAddress.of(socket));
                break;
            } catch (IOException e) {
                last = e;
                if (c != null) {
                    c.close();
                }
                c = null;
                Thread.sleep(20);
            }
        }
        if (c == null) {
            throw new IOException("cannot connect to QMP socket " + socket + ": " + (last == null ? "timeout" : last.getMessage()));
        }
        this.ch = c;
        this.out = new ChannelStreams.Out(c);
        BufferedReader in = new BufferedReader(new InputStreamReader(new ChannelStreams.In(c), StandardCharsets.UTF_8));
        String greeting = in.readLine();
        if (greeting == null) {
            throw new IOException(side + ": QMP closed before its greeting");
        }
        logMsg("recv", json.readTree(greeting));
        Thread t = new Thread(() -> readLoop(in), "qmp-client-" + side);
        t.setDaemon(true);
        t.start();
        JsonNode r = execute("qmp_capabilities", null);
        if (r.has("error")) {
            throw new IOException(side + ": qmp_capabilities failed: " + r);
        }
    }

    private void readLoop(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n = json.readTree(line);
                logMsg("recv", n);
                if (n.has("event")) {
                    synchronized (events) {
                        events.add(n);
                        events.notifyAll();
                    }
                } else {
                    replies.add(n);
                }
            }
        } catch (IOException e) {
            // the process went away
        } finally {
            eof = true;
            logEof();
            synchronized (events) {
                events.notifyAll();
            }
            replies.add(json.createObjectNode().put("eof", true));
        }
    }

    public boolean eof() {
        return eof;
    }

    /** Sends a command and waits for its reply (or EOF: returns {"eof": true}). */
    public JsonNode execute(String command, JsonNode args) throws IOException, InterruptedException {
        return execute(command, args, 60_000);
    }

    /** As {@link #execute(String, JsonNode)}, with a bound on the wait for the reply. */
    public synchronized JsonNode execute(String command, JsonNode args, long timeoutMs)
            throws IOException, InterruptedException {
        if (eof) {
            return json.createObjectNode().put("eof", true);
        }
        ObjectNode msg = json.createObjectNode();
        msg.put("execute", command);
        if (args != null && args.size() > 0) {
            msg.set("arguments", args);
        }
        msg.put("id", side + "-" + nextId++);
        logMsg("send", msg);
        try {
            out.write(json.writeValueAsBytes(msg));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            return json.createObjectNode().put("eof", true);
        }
        JsonNode r = replies.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new IOException(side + ": no reply to " + command + " within " + timeoutMs + " ms");
        }
        return r;
    }

    /** Waits for an event matching {@code p}, seen since the start; null on timeout or EOF. */
    public JsonNode waitEvent(Predicate<JsonNode> p, long timeoutMs) throws InterruptedException {
        return waitEvent(p, timeoutMs, 0);
    }

    /** As {@link #waitEvent(Predicate, long)}, looking only at events from index {@code from} on. */
    public JsonNode waitEvent(Predicate<JsonNode> p, long timeoutMs, int from) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (events) {
            while (true) {
                for (int i = from; i < events.size(); i++) {
                    JsonNode e = events.get(i);
                    if (p.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || eof) {
                    return null;
                }
                events.wait(left);
            }
        }
    }

    /** Waits until at least {@code n} events have arrived (or timeout/EOF). */
    public void waitEventCount(int n, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (events) {
            while (events.size() < n && !eof) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                events.wait(left);
            }
        }
    }

    public List<JsonNode> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    private void logMsg(String dir, JsonNode msg) {
        ObjectNode o = json.createObjectNode();
        o.put("t", System.currentTimeMillis() / 1000.0);
        o.put("side", side);
        o.put("dir", dir);
        o.set("msg", msg);
        write(o);
    }

    private void logEof() {
        ObjectNode o = json.createObjectNode();
        o.put("t", System.currentTimeMillis() / 1000.0);
        o.put("side", side);
        o.put("dir", "eof");
        write(o);
    }

    private void write(ObjectNode o) {
        synchronized (log) {
            try {
                log.write(o.toString());
                log.write('\n');
                log.flush();
            } catch (IOException ignored) {
                // the log is best effort; results do not depend on it
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
