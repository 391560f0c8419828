package org.migspec.impl.common;

/**
 * A QMP error reply: QEMU's error class and description. In {@code common} because the command
 * handlers of every package (source, destination, qmp) raise it, as QEMU's {@code Error **errp}.
 */
public final class QmpError extends Exception {
    private final String errorClass;

    public QmpError(String errorClass, String desc) {
        super(desc);
        this.errorClass = errorClass;
    }

    public static QmpError generic(String desc) {
        return new QmpError("GenericError", desc);
    }

    public String errorClass() {
        return errorClass;
    }
}
