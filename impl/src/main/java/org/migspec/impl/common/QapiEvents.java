package org.migspec.impl.common;

import java.util.Map;

/**
 * Where QAPI events go ({@code qapi_event_send_*}): MIGRATION, STOP, RESUME, SHUTDOWN. The QMP
 * monitor ({@code qmp.QmpEvents}) implements it; the guest and migration code emit through this
 * interface so that they do not depend on the monitor, which depends on them.
 */
public interface QapiEvents {
    void emit(String event, Map<String, ?> data);

    default void emit(String event) {
        emit(event, null);
    }
}
