package org.migspec.impl.fault;

/**
 * Fault names, shared with x-inject-fault, scenarios, traces and the TLA+ spec's fault actions.
 * channel-break and the crashes fire at once when armed without {@code at} (traced with
 * {@code at: "x-inject-fault"}): a cable pull or a kill -9 at an arbitrary moment. A crash is a
 * real SIGKILL; armed at a point, the victim parks there untraced and whoever armed it kills it
 * by PID ({@link FaultInjector}).
 * {@code stall} is not a fault: it parks the emitting thread at a trace event until
 * {@code x-release-stall}, so that scenarios can order two processes without sleeping.
 */
public enum FaultKind {
    CHANNEL_BREAK("channel-break", false),
    DST_CRASH("dst-crash", false),
    SRC_CRASH("src-crash", false),
    DEVICE_LOAD_FAILURE("device-load-failure", false),
    BLOCK_ACTIVATION_FAILURE("block-activation-failure", false),
    STALL("stall", true);

    private final String wireName;
    private final boolean needsAt;

    FaultKind(String wireName, boolean needsAt) {
        this.wireName = wireName;
        this.needsAt = needsAt;
    }

    public String wireName() {
        return wireName;
    }

    public boolean needsAt() {
        return needsAt;
    }

    public static FaultKind parse(String s) {
        for (FaultKind k : values()) {
            if (k.wireName.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + s + "' (expected channel-break, dst-crash, "
                + "src-crash, device-load-failure, block-activation-failure or stall)");
    }
}
