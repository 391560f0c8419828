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
}
