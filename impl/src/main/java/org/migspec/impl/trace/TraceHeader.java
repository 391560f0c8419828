package org.migspec.impl.trace;

import java.util.Map;

/**
 * The first NDJSON line: variant, side, pid, capabilities at start, guest size and, if known,
 * whether a management layer drives the run like libvirt ({@code management}: the destination runs
 * with -S and gets {@code cont}; null leaves the field out).
 */
public record TraceHeader(String variant, String side, long pid, Map<String, Boolean> capabilities,
                          int pageSize, int pages, Boolean management) {

    public TraceHeader(String variant, String side, long pid, Map<String, Boolean> capabilities, int pageSize,
                       int pages) {
        this(variant, side, pid, capabilities, pageSize, pages, null);
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"header\":{\"format\":\"migspec-trace\",\"version\":1,\"variant\":");
        Json.string(sb, variant);
        sb.append(",\"side\":");
        Json.string(sb, side);
        sb.append(",\"pid\":").append(pid).append(",\"capabilities\":{");
        boolean first = true;
        for (Map.Entry<String, Boolean> e : capabilities.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            Json.string(sb, e.getKey());
            sb.append(':').append(e.getValue());
        }
        sb.append("},\"guest\":{\"page_size\":").append(pageSize).append(",\"pages\":").append(pages)
                .append('}');
        if (management != null) {
            sb.append(",\"management\":").append(management);
        }
        sb.append(",\"events\":\"all\"}}");
        return sb.toString();
    }
}
