-------------------------- MODULE MigrationStatus --------------------------
(***************************************************************************)
(* QEMU's MigrationStatus (qapi/migration.json:127-185) and the predicates *)
(* migration.c derives from it.  Values are the QAPI strings, so that a    *)
(* trace line "migrate_set_state new state postcopy-device" needs no       *)
(* translation.  `colo` and `wait-unplug` are left out: COLO and failover  *)
(* unplug are outside MigSpec's scope (see spec/README.md, "Scope").       *)
(***************************************************************************)

MigrationStatus ==
    { "none", "setup", "cancelling", "cancelled", "active",
      "postcopy-device",          \* since 10.2 (7b842fe354)
      "postcopy-active", "postcopy-paused",
      "postcopy-recover-setup",   \* since 9.1, source only
      "postcopy-recover", "completed",
      "failing",                  \* since 11.0 (d1ab9655fd), source only
      "failed",
      "pre-switchover", "device" }

\* migration.c:999-1024 migration_is_running() (COLO and WAIT_UNPLUG omitted).
\* FAILING since 11.0 (migration.c:1019 at d1ab9655fd): only QEMU 11.x ever
\* writes it, so listing it here changes nothing for the older variants.
MigrationIsRunning(st) ==
    st \in { "active", "postcopy-device", "postcopy-active", "postcopy-paused",
             "postcopy-recover-setup", "postcopy-recover", "setup",
             "pre-switchover", "device", "cancelling", "failing" }

\* migration.c:1026-1033 migration_is_active(): guards the migration-thread loop
MigrationIsActive(st) ==
    st \in { "active", "postcopy-device", "postcopy-active" }

\* migration.c:1553-1567 migration_in_postcopy(): makes QMP migrate_cancel refuse
MigrationInPostcopy(st) ==
    st \in { "postcopy-device", "postcopy-active", "postcopy-paused",
             "postcopy-recover-setup", "postcopy-recover" }

\* migration.c:1569-1578 migration_postcopy_is_alive(): allows migrate-pause.
\* Not postcopy-device (the pause would lose nothing yet, and it is refused).
MigrationPostcopyIsAlive(st) ==
    st \in { "postcopy-active", "postcopy-recover" }

\* postcopy-ram.c:2075-2079 postcopy_is_paused(): a paused thread keeps sleeping
PostcopyIsPaused(st) ==
    st \in { "postcopy-paused", "postcopy-recover-setup" }

\* migration.c:1546-1551 migration_has_failed() (FAILING since 11.0,
\* migration.c:1557 at d1ab9655fd)
MigrationHasFailed(st) ==
    st \in { "cancelling", "cancelled", "failing", "failed" }

\* States in which nothing more happens without an operator.
MigrationIsTerminal(st) ==
    st \in { "completed", "failed", "cancelled" }

\* The destination's PostcopyState (postcopy-ram.h:97-104): a separate atomic
\* that decides pause versus fail on a load error (savevm.c:3020).
PostcopyState ==
    { "none", "advise", "discard", "listening", "running", "end" }

\* QEMU RunState names (qapi/run-state.json) that migration moves through.
RunState ==
    { "prelaunch", "running", "paused", "inmigrate", "finish-migrate",
      "postmigrate", "shutdown" }

\* vm_stop/vm_start: a VM in one of these states executes guest code.
RunStateIsLive(rs) == rs = "running"
=============================================================================
