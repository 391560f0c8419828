package org.migspec.impl.qmp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.migspec.impl.common.QapiEvents;

/** Broadcasts QMP events (with QEMU's timestamp object) to every negotiated QMP connection. */
public final class QmpEvents implements QapiEvents {
    private final ObjectMapper json = new ObjectMapper();
    private final List<QmpConnection> connections = new CopyOnWriteArrayList<>();

    void add(QmpConnection c) {
        connections.add(c);
    }

    void remove(QmpConnection c) {
        connections.remove(c);
    }

    /** The trace's clock: wall-clock aligned at start, monotonic after (event and trace times agree). */
    private final long wallBaseNs = org.migspec.impl.trace.NdjsonSink.wallBase();

    @Override
    public void emit(String event, Map<String, ?> data) {
        long now = (wallBaseNs + System.nanoTime()) / 1000L;
        ObjectNode msg = json.createObjectNode();
        ObjectNode ts = msg.putObject("timestamp");
        ts.put("seconds", now / 1_000_000L);
        ts.put("microseconds", now % 1_000_000L);
        msg.put("event", event);
        if (data != null) {
            msg.set("data", json.valueToTree(data));
        }
        for (QmpConnection c : connections) {
            c.sendEvent(msg);
        }
    }
}
