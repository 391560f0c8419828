package org.migspec.impl.wire;

/**
 * {@code enum mig_rp_message_type} (migration.c:75-87) with {@code rp_cmd_args} (2124-2137): the
 * return-path messages, their numbers and expected lengths (-1 = variable).
 */
public enum MigRpMessage {
    INVALID(0, -1, "INVALID"),
    SHUT(1, 4, "SHUT"),
    PONG(2, 4, "PONG"),
    REQ_PAGES_ID(3, -1, "REQ_PAGES_ID"),
    REQ_PAGES(4, 12, "REQ_PAGES"),
    RECV_BITMAP(5, -1, "RECV_BITMAP"),
    RESUME_ACK(6, 4, "RESUME_ACK"),
    SWITCHOVER_ACK(7, 0, "SWITCHOVER_ACK");

    public static final int MAX = 8;

    private final int wire;
    private final int len;
    private final String argName;

    MigRpMessage(int wire, int len, String argName) {
        this.wire = wire;
        this.len = len;
        this.argName = argName;
    }

    public int wire() {
        return wire;
    }

    public int len() {
        return len;
    }

    public String argName() {
        return argName;
    }

    public static MigRpMessage fromWire(int v) {
        if (v <= 0 || v >= MAX) {
            return null;
        }
        return values()[v];
    }
}
