package org.migspec.impl.qmp;

/** A QMP error reply: QEMU's error class and description. */
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
