package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/** A QMP reply judged against what the step expects (success, or an error containing a text). */
final class QmpReplies {
    private QmpReplies() {
    }

    /** Logs the reply; throws if it is not what {@code expectError} says (null: success expected). */
    static void check(ScenarioSide p, String cmd, JsonNode r, JsonNode expectError, RunLog log) throws ScenarioException {
        boolean isError = r.has("error");
        String desc = isError ? r.at("/error/desc").asText() : r.has("eof") ? "process gone" : "ok";
        log.note("qmp " + cmd, p.side(), desc);
        if (r.has("eof")) {
            throw new ScenarioException(p.side() + " is gone (" + cmd + ")");
        }
        if (expectError == null || expectError.isNull()) {
            if (isError) {
                throw new ScenarioException(p.side() + ": " + cmd + " failed: " + desc);
            }
            return;
        }
        if (!isError) {
            throw new ScenarioException(p.side() + ": " + cmd + " succeeded but an error was expected");
        }
        if (expectError.isTextual() && !desc.contains(expectError.asText())) {
            throw new ScenarioException(p.side() + ": " + cmd + " error '" + desc + "' does not contain '"
                    + expectError.asText() + "'");
        }
    }

    /**
     * A successful reply's {@code return} against the step's {@code expect_return}: every field
     * it names must equal the reply's (a query's state at that point of the run, e.g. the run
     * state between two steps, which result.json records only at the end).
     */
    static void checkReturn(ScenarioSide p, String cmd, JsonNode r, JsonNode expectReturn) throws ScenarioException {
        if (expectReturn == null || expectReturn.isNull()) {
            return;
        }
        JsonNode ret = r.path("return");
        var it = expectReturn.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().equals(ret.get(e.getKey()))) {
                throw new ScenarioException(p.side() + ": " + cmd + " returned " + e.getKey() + " "
                        + ret.get(e.getKey()) + ", expected " + e.getValue());
            }
        }
    }
}
