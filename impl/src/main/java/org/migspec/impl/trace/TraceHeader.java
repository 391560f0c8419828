package org.migspec.impl.trace;

import java.util.Map;

/** The first NDJSON line: variant, side, pid, capabilities at start, guest size. */
public record TraceHeader(String variant, String side, long pid, Map<String, Boolean> capabilities,
                          int pageSize, int pages) {

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
                .append("},\"events\":\"all\"}}");
        return sb.toString();
    }
}
