package org.migspec.impl.common;

/** QAPI {@code MigrationStatus} (qapi/migration.json:127-185), keyed by name as QMP is. */
public enum MigrationStatus {
    NONE("none"),
    SETUP("setup"),
    CANCELLING("cancelling"),
    CANCELLED("cancelled"),
    ACTIVE("active"),
    POSTCOPY_DEVICE("postcopy-device"),
    POSTCOPY_ACTIVE("postcopy-active"),
    POSTCOPY_PAUSED("postcopy-paused"),
    POSTCOPY_RECOVER_SETUP("postcopy-recover-setup"),
    POSTCOPY_RECOVER("postcopy-recover"),
    COMPLETED("completed"),
    /** Since QEMU 11.0 (d1ab9655fd): an error, migration_cleanup not done yet (source only). */
    FAILING("failing"),
    FAILED("failed"),
    COLO("colo"),
    PRE_SWITCHOVER("pre-switchover"),
    DEVICE("device"),
    WAIT_UNPLUG("wait-unplug");

    private final String qapi;

    MigrationStatus(String qapi) {
        this.qapi = qapi;
    }

    public String qapi() {
        return qapi;
    }

    public static MigrationStatus fromQapi(String s) {
        for (MigrationStatus m : values()) {
            if (m.qapi.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown migration status '" + s + "'");
    }

    /** migration_is_running() (migration.c:999-1024; FAILING since 11.0, 1019 at d1ab9655fd). */
    public boolean isRunning() {
        switch (this) {
            case ACTIVE: case POSTCOPY_DEVICE: case POSTCOPY_ACTIVE: case POSTCOPY_PAUSED:
            case POSTCOPY_RECOVER_SETUP: case POSTCOPY_RECOVER: case SETUP: case PRE_SWITCHOVER:
            case DEVICE: case WAIT_UNPLUG: case CANCELLING: case FAILING: case COLO:
                return true;
            default:
                return false;
        }
    }

    /** migration_is_active(): guards the migration-thread loop (migration.c:1026-1033). */
    public boolean isActive() {
        return this == ACTIVE || this == POSTCOPY_DEVICE || this == POSTCOPY_ACTIVE;
    }

    /** migration_in_postcopy(): blocks migrate_cancel (migration.c:1553-1567). */
    public boolean inPostcopy() {
        switch (this) {
            case POSTCOPY_DEVICE: case POSTCOPY_ACTIVE: case POSTCOPY_PAUSED:
            case POSTCOPY_RECOVER_SETUP: case POSTCOPY_RECOVER:
                return true;
            default:
                return false;
        }
    }

    /** migration_postcopy_is_alive(): allows migrate-pause (migration.c:1569-1578). */
    public boolean postcopyIsAlive() {
        return this == POSTCOPY_ACTIVE || this == POSTCOPY_RECOVER;
    }

    /** postcopy_is_paused() (postcopy-ram.c:2075-2079). */
    public boolean postcopyIsPaused() {
        return this == POSTCOPY_PAUSED || this == POSTCOPY_RECOVER_SETUP;
    }
}
