package org.migspec.impl.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import org.migspec.impl.common.QmpError;

/** Argument checks with QEMU's QAPI error texts. */
public final class Args {
    private Args() {
    }

    public static void only(JsonNode args, Set<String> allowed) throws QmpError {
        Iterator<String> it = args.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw QmpError.generic("Parameter '" + f + "' is unexpected");
            }
        }
    }

    public static String string(JsonNode args, String name) throws QmpError {
        JsonNode n = args.get(name);
        if (n == null) {
            throw QmpError.generic("Parameter '" + name + "' is missing");
        }
        if (!n.isTextual()) {
            throw QmpError.generic("Invalid parameter type for '" + name + "', expected: string");
        }
        return n.asText();
    }

    public static boolean bool(JsonNode args, String name, boolean dflt) throws QmpError {
        JsonNode n = args.get(name);
        if (n == null) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw QmpError.generic("Invalid parameter type for '" + name + "', expected: boolean");
        }
        return n.asBoolean();
    }

    public static long size(JsonNode args, String name) throws QmpError {
        JsonNode n = args.get(name);
        if (n == null || !n.canConvertToLong() || n.asLong() < 0) {
            throw QmpError.generic("Invalid parameter type for '" + name + "', expected: integer");
        }
        return n.asLong();
    }
}
