package org.migspec.impl.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.migspec.impl.common.QmpError;
import org.migspec.impl.fault.ArmedFault;
import org.migspec.impl.fault.FaultInjector;
import org.migspec.impl.fault.FaultKind;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.guest.GuestDigest;
import org.migspec.impl.source.MigrationState;

/**
 * Experimental commands (QEMU's x- convention): x-inject-fault arms a fault, x-release-stall lets
 * stalled threads go on, x-query-guest returns what this side holds of the guest (for result.json).
 */
public final class DebugCommands {
    private final FaultInjector faults;
    private final Guest guest;
    private final MigrationState ms;

    /** {@code ms}: only for the switchover record x-query-guest reports. */
    public DebugCommands(FaultInjector faults, Guest guest, MigrationState ms) {
        this.faults = faults;
        this.guest = guest;
        this.ms = ms;
    }

    public void register(QmpServer q) {
        q.register("x-inject-fault", this::injectFault);
        q.registerOob("x-release-stall", this::releaseStall);
        q.registerOob("x-query-stall", this::queryStall);
        q.register("x-query-guest", this::queryGuest);
    }

    private Object injectFault(JsonNode a) throws QmpError {
        Args.only(a, Set.of("fault", "at", "args", "count", "thread"));
        FaultKind kind;
        try {
            kind = FaultKind.parse(Args.string(a, "fault"));
        } catch (IllegalArgumentException e) {
            throw QmpError.generic("Invalid parameter 'fault': " + e.getMessage());
        }
        String at = a.has("at") ? Args.string(a, "at") : null;
        Map<String, String> args = new HashMap<>();
        JsonNode an = a.get("args");
        if (an != null) {
            if (!an.isObject()) {
                throw QmpError.generic("Invalid parameter type for 'args', expected: object");
            }
            Iterator<Map.Entry<String, JsonNode>> it = an.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                args.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        int count = a.has("count") ? (int) Args.size(a, "count") : 1;
        try {
            faults.arm(new ArmedFault(kind, at, args, count, a.has("thread") ? Args.string(a, "thread") : null));
        } catch (IllegalArgumentException e) {
            throw QmpError.generic(e.getMessage());
        }
        return Map.of();
    }

    /** x-release-stall [thread]: the threads parked with that name, or all. */
    private Object releaseStall(JsonNode a) throws QmpError {
        Args.only(a, Set.of("thread"));
        return Map.of("released", faults.releaseStalls(a != null && a.has("thread") ? Args.string(a, "thread") : null));
    }

    /** x-query-stall [thread]: how many threads (with that name) are parked. */
    private Object queryStall(JsonNode a) throws QmpError {
        Args.only(a, Set.of("thread"));
        return Map.of("stalled", faults.parkedStalls(a != null && a.has("thread") ? Args.string(a, "thread") : null));
    }

    private Object queryGuest(JsonNode a) throws QmpError {
        Args.only(a, Set.of());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runstate", guest.runState().get().qapi());
        r.put("vm-starts", guest.runState().starts());
        r.put("image-active", guest.block().active());
        r.put("stalled", faults.parkedStalls());
        long[] lat = guest.vcpu().faultLatencies();
        java.util.Arrays.sort(lat);
        Map<String, Object> faults = new LinkedHashMap<>();
        faults.put("count", lat.length);
        faults.put("median-ns", lat.length == 0 ? 0 : lat[lat.length / 2]);
        faults.put("p99-ns", lat.length == 0 ? 0 : lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)]);
        r.put("page-faults", faults);
        r.put("current", digest(GuestDigest.take(guest.ram(), guest.dev(), guest.vcpu())));
        GuestDigest rec = ms.switchoverRecord();
        if (rec != null) {
            r.put("switchover-record", digest(rec));
        }
        return r;
    }

    private static Map<String, Object> digest(GuestDigest d) {
        Map<String, Object> m = new LinkedHashMap<>();
        ByteBuffer v = ByteBuffer.allocate(d.versions().length * 8);
        for (long x : d.versions()) {
            v.putLong(x);
        }
        ByteBuffer c = ByteBuffer.allocate(d.bodyCrcs().length * 4);
        for (int x : d.bodyCrcs()) {
            c.putInt(x);
        }
        ByteBuffer w = ByteBuffer.allocate(d.ownWrites().length * 4);
        for (int x : d.ownWrites()) {
            w.putInt(x);
        }
        m.put("versions", Base64.getEncoder().encodeToString(v.array()));
        m.put("body-crcs", Base64.getEncoder().encodeToString(c.array()));
        m.put("own-writes", Base64.getEncoder().encodeToString(w.array()));
        m.put("device-counter", d.deviceCounter());
        m.put("device-blob-crc", d.deviceBlobCrc());
        m.put("own-writes-total", d.ownWritesTotal());
        m.put("missing-pages", d.missingPages());
        return m;
    }
}
