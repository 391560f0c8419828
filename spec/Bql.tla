-------------------------------- MODULE Bql ---------------------------------
(***************************************************************************)
(* The big QEMU lock (BQL) of each process, as state functions of where the *)
(* threads are.  Every action that QEMU runs under the BQL requires it, so *)
(* TLC cannot interleave what QEMU cannot.                                 *)
(***************************************************************************)
EXTENDS MigrationBase

\* The BQL (big QEMU lock) of each process, as a state function: who holds
\* it follows from where the threads are, so a separate variable would add
\* no state.  Every step QEMU runs under the BQL takes it: on the source the
\* main loop (QMP commands, the channel-connect callbacks, the cleanup BH,
\* `quit`) and the migration thread's locked sections (postcopy_start,
\* migration_completion_precopy/_postcopy/_end, migration_iteration_finish).
\* A section of several steps holds it in between:
\*  - migration_cancel (qmp_migrate_cancel, migration.c:1427-1481) between
\*    its two steps (MigrationCancel, MigrationCancelSetState);
\*  - 10.x postcopy_start from bql_lock() (2487 at the ground-truth commit;
\*    10.2.0 migration.c:2760) to bql_unlock() after S18 (2628; 10.2.0
\*    2902, 2914 on the fail path): PostcopyStartRest .. PostcopyStartCheck.
\*    QEMU 7.2 unlocks right after the package (7.2 migration.c
\*    postcopy_start), before PING 4 and its last check: legacy holds
\*    nothing at "postcopy-check".
\*  - migration_completion_precopy (precopy, every variant) from the stop of
\*    the VM to the end of the switchover: MigrationCompletionPrecopy ..
\*    MigrationCompletionSwitchover ("switchover").
\* The return-path thread, the migration thread outside these sections,
\* the vCPUs and the faults take no BQL.  `migrate-pause` and
\* `migrate-recover` are allow-oob (qapi/migration.json:1715-1731): a client
\* may run them on the monitor thread without the BQL, so they do not take it.
SrcBql == CASE ms.cancelShut \/ ms.quitting -> "src/main"
            [] mt.pc = "postcopy-check" /\ Variant /= "legacy" -> "src/migration"
            [] mt.pc = "switchover" -> "src/migration"
            [] OTHER -> "none"

\* The source's main loop may run a QMP command, a BH or a callback.
SrcMainFree == SrcBql = "none"

\* The migration thread may enter a BQL section (bql_lock() would not block).
SrcMigrationGetsBql == SrcBql \in {"none", "src/migration"}

\* The destination's main thread is busy, with the BQL, while the incoming
\* coroutine loads the postcopy package from its buffer: the nested load
\* loop (savevm.c:2301-2358) reads from memory and never yields, and LISTEN
\* blocks on thread_sync_event for the listen thread (postcopy-ram.c:89-97).
\* Between two reads of the socket the coroutine yields and the main loop
\* runs QMP commands and BHs.
DstMainFree == co.pc \notin {"package", "listen-wait"}
=============================================================================
