package org.migspec.checker.input;

/** Which QEMU process a trace comes from; spec threads are named "src/..." or "dst/...". */
public enum Side {
    SRC("src"), DST("dst");

    private final String prefix;

    Side(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix of the spec's thread names for this side. */
    public String prefix() {
        return prefix;
    }

    /** The side a spec thread ("src/migration", "dst/listen") belongs to, or null for env/mgmt. */
    public static Side ofThread(String thread) {
        if (thread.startsWith("src/")) return SRC;
        if (thread.startsWith("dst/")) return DST;
        return null;
    }

    public static Side parse(String s) {
        for (Side side : values()) if (side.prefix.equals(s)) return side;
        return null;
    }
}
