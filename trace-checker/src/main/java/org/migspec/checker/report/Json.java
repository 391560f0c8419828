package org.migspec.checker.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** JSON helpers: plain Java values (spec values, trace arguments) as JSON. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return F.objectNode();
    }

    public static ArrayNode array() {
        return F.arrayNode();
    }

    /** Records and functions as objects (keys as text), tuples and sets as arrays. */
    public static JsonNode value(Object v) {
        if (v == null) return F.nullNode();
        if (v instanceof JsonNode n) return n;
        if (v instanceof Boolean b) return F.booleanNode(b);
        if (v instanceof Long l) return F.numberNode(l);
        if (v instanceof Integer i) return F.numberNode(i);
        if (v instanceof BigInteger b) return F.numberNode(b);
        if (v instanceof Number n) return F.numberNode(n.longValue());
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) o.set(String.valueOf(e.getKey()), value(e.getValue()));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = F.arrayNode();
            for (Object x : c) a.add(value(x));
            return a;
        }
        return F.textNode(String.valueOf(v));
    }

    public static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
