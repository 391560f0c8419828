package org.migspec.impl.wire;

import java.io.IOException;

/** A stream or frame error: names what was wrong and carries QEMU's negative errno. */
public class MigrationStreamException extends IOException {
    private final int ret;

    public MigrationStreamException(int ret, String message) {
        super(message);
        this.ret = ret;
    }

    public MigrationStreamException(int ret, String message, Throwable cause) {
        super(message, cause);
        this.ret = ret;
    }

    /** Negative errno, as QEMU's load functions return it (-22, -5, -34). */
    public int ret() {
        return ret;
    }
}
