package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** A run's result against the scenario's expectation for its variant: every expected field must match. */
final class Expectation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Expectation() {
    }

    /** {@code {"expected", "met", "mismatches"}}; a run error is a mismatch of its own. */
    static ObjectNode check(JsonNode expected, JsonNode result, String error) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode mism = JSON.createArrayNode();
        if (error != null) {
            mism.add(error);
        }
        compare(expected, result, "", mism);
        o.set("expected", expected);
        o.put("met", mism.isEmpty());
        o.set("mismatches", mism);
        return o;
    }

    /** Every field of the expectation must equal the result's field at the same path ("comment" is free text). */
    private static void compare(JsonNode exp, JsonNode actual, String path, ArrayNode mism) {
        if (exp.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = exp.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if ("comment".equals(e.getKey())) {
                    continue;
                }
                compare(e.getValue(), actual == null ? null : actual.get(e.getKey()), path + "/" + e.getKey(), mism);
            }
            return;
        }
        if (exp.isArray() && actual != null && actual.isTextual()) {
            for (JsonNode alt : exp) {
                if (alt.asText().equals(actual.asText())) {
                    return;
                }
            }
            mism.add(path + ": expected one of " + exp + ", got " + actual);
            return;
        }
        if (actual == null || !exp.equals(actual)) {
            mism.add(path + ": expected " + exp + ", got " + actual);
        }
    }
}
