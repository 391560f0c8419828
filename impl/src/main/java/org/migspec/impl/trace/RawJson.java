package org.migspec.impl.trace;

/** A value that is already JSON text (e.g. the arguments of a QMP command in qmp_enter_*). */
public record RawJson(String json) {
}
