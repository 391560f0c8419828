package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides where the guest's latest state lives and whether the guest survived, from what each side
 * reports in x-query-guest: the source's record at switchover, each side's pages, and how many
 * writes each side's own vCPU made since.
 */
final class GuestVerdict {
    private GuestVerdict() {
    }

    /** Integrity of the destination against the source's switchover record. */
    static Map<String, Object> checkDst(JsonNode dstGuest, JsonNode record) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (dstGuest == null) {
            r.put("checked", false);
            r.put("reason", "process gone");
            return r;
        }
        JsonNode cur = dstGuest.get("current");
        if (record == null) {
            r.put("checked", false);
            r.put("reason", "no switchover record (the source never handed the guest over, or is gone)");
            r.put("missing_pages", cur.get("missing-pages").asLong());
            return r;
        }
        long[] v = longs(cur.get("versions").asText());
        int[] c = ints(cur.get("body-crcs").asText());
        int[] w = ints(cur.get("own-writes").asText());
        long[] rv = longs(record.get("versions").asText());
        int[] rc = ints(record.get("body-crcs").asText());
        int missing = cur.get("missing-pages").asInt();
        int bad = 0;
        for (int p = 0; p < rv.length; p++) {
            if (v[p] - w[p] != rv[p] || c[p] != rc[p]) {
                bad++;
            }
        }
        boolean devOk = cur.get("device-counter").asLong() - cur.get("own-writes-total").asLong()
                == record.get("device-counter").asLong()
                && cur.get("device-blob-crc").asInt() == record.get("device-blob-crc").asInt();
        r.put("checked", true);
        r.put("pages", rv.length);
        r.put("mismatched_pages", bad);
        r.put("missing_pages", missing);
        r.put("device_ok", devOk);
        r.put("own_writes", cur.get("own-writes-total").asLong());
        r.put("ok", bad == 0 && devOk);
        r.put("complete", bad == 0 && devOk && missing == 0);
        return r;
    }

    /** Integrity of the source: its pages against the record, net of what its vCPU wrote since boot. */
    static Map<String, Object> checkSrc(JsonNode srcGuest) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (srcGuest == null) {
            r.put("checked", false);
            r.put("reason", "process gone");
            return r;
        }
        JsonNode cur = srcGuest.get("current");
        long[] v = longs(cur.get("versions").asText());
        int[] w = ints(cur.get("own-writes").asText());
        int bad = 0;
        for (int p = 0; p < v.length; p++) {
            if (v[p] != w[p]) {
                bad++;
            }
        }
        JsonNode rec = srcGuest.get("switchover-record");
        if (rec != null) {
            int[] c = ints(cur.get("body-crcs").asText());
            int[] rc = ints(rec.get("body-crcs").asText());
            for (int p = 0; p < c.length; p++) {
                if (c[p] != rc[p]) {
                    bad++;
                }
            }
        }
        boolean devOk = cur.get("device-counter").asLong() == cur.get("own-writes-total").asLong();
        r.put("checked", true);
        r.put("pages", v.length);
        r.put("mismatched_pages", bad);
        r.put("device_ok", devOk);
        r.put("ok", bad == 0 && devOk);
        r.put("complete", bad == 0 && devOk);
        return r;
    }

    private static long[] longs(String b64) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(b64));
        long[] out = new long[b.remaining() / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getLong();
        }
        return out;
    }

    private static int[] ints(String b64) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(b64));
        int[] out = new int[b.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getInt();
        }
        return out;
    }
}
