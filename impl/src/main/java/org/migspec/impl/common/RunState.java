package org.migspec.impl.common;

/** QAPI {@code RunState}, with the numbers QEMU prints in runstate_set. */
public enum RunState {
    DEBUG("debug"), INMIGRATE("inmigrate"), INTERNAL_ERROR("internal-error"), IO_ERROR("io-error"),
    PAUSED("paused"), POSTMIGRATE("postmigrate"), PRELAUNCH("prelaunch"), FINISH_MIGRATE("finish-migrate"),
    RESTORE_VM("restore-vm"), RUNNING("running"), SAVE_VM("save-vm"), SHUTDOWN("shutdown"),
    SUSPENDED("suspended"), WATCHDOG("watchdog"), GUEST_PANICKED("guest-panicked"), COLO("colo");

    private final String qapi;

    RunState(String qapi) {
        this.qapi = qapi;
    }

    public String qapi() {
        return qapi;
    }

    /** runstate_is_live(): running or suspended. */
    public boolean isLive() {
        return this == RUNNING || this == SUSPENDED;
    }
}
