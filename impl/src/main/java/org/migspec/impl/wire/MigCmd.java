package org.migspec.impl.wire;

/**
 * {@code enum qemu_vm_cmd} (savevm.c:78-98) with {@code mig_cmd_args} (savevm.c:101-118): the
 * sub-commands of QEMU_VM_COMMAND, their wire numbers, expected lengths (-1 = variable) and names.
 */
public enum MigCmd {
    INVALID(0, -1, "INVALID"),
    OPEN_RETURN_PATH(1, 0, "OPEN_RETURN_PATH"),
    PING(2, 4, "PING"),
    POSTCOPY_ADVISE(3, -1, "POSTCOPY_ADVISE"),
    POSTCOPY_LISTEN(4, 0, "POSTCOPY_LISTEN"),
    POSTCOPY_RUN(5, 0, "POSTCOPY_RUN"),
    POSTCOPY_RAM_DISCARD(6, -1, "POSTCOPY_RAM_DISCARD"),
    PACKAGED(7, 4, "PACKAGED"),
    ENABLE_COLO(8, 0, "ENABLE_COLO"),
    POSTCOPY_RESUME(9, 0, "POSTCOPY_RESUME"),
    RECV_BITMAP(10, -1, "RECV_BITMAP"),
    SWITCHOVER_START(11, 0, "SWITCHOVER_START");

    /** MIG_CMD_MAX. */
    public static final int MAX = 12;

    private final int wire;
    private final int len;
    private final String argName;

    MigCmd(int wire, int len, String argName) {
        this.wire = wire;
        this.len = len;
        this.argName = argName;
    }

    public int wire() {
        return wire;
    }

    /** Expected payload length, or -1 when variable. */
    public int len() {
        return len;
    }

    /** mig_cmd_args[cmd].name, printed by loadvm_process_command. */
    public String argName() {
        return argName;
    }

    /** Null if {@code v} is not a valid command number. */
    public static MigCmd fromWire(int v) {
        if (v <= 0 || v >= MAX) {
            return null;
        }
        return values()[v];
    }
}
