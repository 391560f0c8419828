package org.migspec.impl.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import org.migspec.impl.common.QmpError;

/** One QMP command handler; runs on the main loop with the BQL held. Returns the "return" value. */
@FunctionalInterface
public interface QmpCommand {
    Object execute(JsonNode args) throws QmpError;
}
