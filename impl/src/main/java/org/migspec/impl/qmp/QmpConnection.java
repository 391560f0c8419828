package org.migspec.impl.qmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One QMP client: greeting, capabilities negotiation, then one JSON object per command. Input lines
 * are capped (1 MiB) so a client cannot make us allocate without bound.
 */
final class QmpConnection implements Runnable {
    private static final int MAX_LINE = 1 << 20;

    private final QmpServer server;
    private final InputStream in;
    private final OutputStream out;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean negotiated;

    QmpConnection(QmpServer server, InputStream in, OutputStream out) {
        this.server = server;
        this.in = in;
        this.out = out;
    }

    @Override
    public void run() {
        try {
            send(server.greeting());
            StringBuilder line = new StringBuilder();
            int depth = 0;
            boolean inString = false;
            boolean escape = false;
            int b;
            // QMP is a stream of JSON objects: split on the closing brace of each top-level object
            while ((b = in.read()) >= 0) {
                char c = (char) b;
                if (line.length() == 0 && Character.isWhitespace(c)) {
                    continue;
                }
                line.append(c);
                if (line.length() > MAX_LINE) {
                    sendError(null, "GenericError", "JSON parse error, input exceeds " + MAX_LINE + " bytes");
                    return;
                }
                if (inString) {
                    if (escape) {
                        escape = false;
                    } else if (c == '\\') {
                        escape = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                    continue;
                }
                if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
                if (depth <= 0) {
                    String text = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                    line.setLength(0);
                    depth = 0;
                    handle(text);
                }
            }
        } catch (IOException e) {
            // client went away
        } finally {
            server.events().remove(this);
        }
    }

    private void handle(String text) throws IOException {
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (JsonProcessingException e) {
            sendError(null, "GenericError", "JSON parse error, " + e.getOriginalMessage());
            return;
        }
        if (msg == null || !msg.isObject()) {
            sendError(null, "GenericError", "QMP input must be a JSON object");
            return;
        }
        JsonNode id = msg.get("id");
        JsonNode exec = msg.has("execute") ? msg.get("execute") : msg.get("exec-oob");
        if (exec == null || !exec.isTextual()) {
            sendError(id, "GenericError", "QMP input lacks member 'execute'");
            return;
        }
        JsonNode args = msg.get("arguments");
        if (args != null && !args.isObject()) {
            sendError(id, "GenericError", "QMP input member 'arguments' must be an object");
            return;
        }
        String name = exec.asText();
        if (!negotiated) {
            if (!"qmp_capabilities".equals(name)) {
                sendError(id, "CommandNotFound", "Expecting capabilities negotiation with 'qmp_capabilities'");
                return;
            }
            negotiated = true;
            sendReturn(id, json.createObjectNode());
            server.events().add(this);
            return;
        }
        if ("qmp_capabilities".equals(name)) {
            sendError(id, "CommandNotFound", "Capabilities negotiation is already complete, command ignored");
            return;
        }
        QmpServer.Result r = server.dispatch(name, args == null ? json.createObjectNode() : args);
        if (r.error() != null) {
            sendError(id, r.error().errorClass(), r.error().getMessage());
        } else {
            sendReturn(id, json.valueToTree(r.value()));
        }
        if (r.after() != null) {
            r.after().run();
        }
    }

    private void sendReturn(JsonNode id, JsonNode value) throws IOException {
        ObjectNode o = json.createObjectNode();
        o.set("return", value);
        if (id != null) {
            o.set("id", id);
        }
        send(o);
    }

    private void sendError(JsonNode id, String cls, String desc) throws IOException {
        ObjectNode o = json.createObjectNode();
        ObjectNode e = o.putObject("error");
        e.put("class", cls);
        e.put("desc", desc);
        if (id != null) {
            o.set("id", id);
        }
        send(o);
    }

    void sendEvent(JsonNode ev) {
        try {
            send(ev);
        } catch (IOException e) {
            server.events().remove(this);
        }
    }

    private synchronized void send(JsonNode n) throws IOException {
        out.write(json.writeValueAsBytes(n));
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
