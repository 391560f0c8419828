package org.migspec.impl.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.QmpError;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.trace.RawJson;

/**
 * The QMP monitor on a unix socket. Commands run on the main loop with the BQL, one at a time,
 * each bracketed by qmp_enter_&lt;cmd&gt; / qmp_exit_&lt;cmd&gt; trace events.
 */
public final class QmpServer {
    /** A command's outcome; {@code after} runs once the reply is on the wire (quit). */
    public record Result(Object value, QmpError error, Runnable after) {
    }

    /** Commands QEMU does not trace with qmp_enter/qmp_exit (queries and negotiation). */
    private static final Set<String> UNTRACED = Set.of("query-migrate", "query-status", "x-query-guest");

    private final Path path;
    private final MainLoop mainLoop;
    private final MigTrace trace;
    private final QmpEvents events;
    private final Map<String, QmpCommand> commands = new TreeMap<>();
    /** Commands that run on the monitor thread without the BQL (QEMU's out-of-band commands). */
    private final Map<String, QmpCommand> oobCommands = new TreeMap<>();
    private final ObjectNode greeting;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Runnable pendingAfter;
    private ServerSocketChannel ssc;

    public QmpServer(Path path, MainLoop mainLoop, MigTrace trace, QmpEvents events, int major, int minor, int micro) {
        this.path = path;
        this.mainLoop = mainLoop;
        this.trace = trace;
        this.events = events;
        this.greeting = json.createObjectNode();
        ObjectNode q = greeting.putObject("QMP");
        ObjectNode v = q.putObject("version");
        ObjectNode qemu = v.putObject("qemu");
        qemu.put("micro", micro);
        qemu.put("minor", minor);
        qemu.put("major", major);
        v.put("package", "migspec");
        q.putArray("capabilities").add("oob");
    }

    public void register(String name, QmpCommand c) {
        commands.put(name, c);
    }

    /** A command that never waits for the main loop: it must work while a thread holds the BQL. */
    public void registerOob(String name, QmpCommand c) {
        oobCommands.put(name, c);
    }

    /** For a command's handler: run this after the reply was sent (quit exits the process). */
    public void afterReply(Runnable r) {
        pendingAfter = r;
    }

    QmpEvents events() {
        return events;
    }

    JsonNode greeting() {
        return greeting;
    }

    public void start() throws IOException {
        Files.deleteIfExists(path);
        ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ssc.bind(UnixDomainSocketAddress.of(path));
        Thread t = new Thread(() -> {
            while (true) {
                SocketChannel sc;
                try {
                    sc = ssc.accept();
                } catch (IOException e) {
                    return;
                }
                QmpConnection c = new QmpConnection(this, new ChannelStreams.In(sc), new ChannelStreams.Out(sc));
                Thread ct = new Thread(c, "qmp-conn");
                ct.setDaemon(true);
                ct.start();
            }
        }, "qmp-accept");
        t.setDaemon(true);
        t.start();
    }

    Result dispatch(String name, JsonNode args) {
        QmpCommand oob = oobCommands.get(name);
        if (oob != null) {
            try {
                return new Result(oob.execute(args), null, null);
            } catch (QmpError e) {
                return new Result(null, e, null);
            }
        }
        QmpCommand c = commands.get(name);
        if (c == null) {
            return new Result(null, new QmpError("CommandNotFound", "The command " + name + " has not been found"), null);
        }
        try {
            return mainLoop.call(() -> {
                boolean traced = !UNTRACED.contains(name);
                if (traced) {
                    trace.qmpEnter(name, new RawJson(args.toString()));
                }
                pendingAfter = null;
                try {
                    Object v = c.execute(args);
                    if (traced) {
                        trace.qmpExit(name, new RawJson(json.writeValueAsString(v)), true);
                    }
                    return new Result(v, null, pendingAfter);
                } catch (QmpError e) {
                    if (traced) {
                        ObjectNode err = json.createObjectNode();
                        err.put("class", e.errorClass());
                        err.put("desc", e.getMessage());
                        trace.qmpExit(name, new RawJson(err.toString()), false);
                    }
                    return new Result(null, e, null);
                }
            });
        } catch (Exception e) {
            return new Result(null, QmpError.generic("internal error: " + e), null);
        }
    }
}
