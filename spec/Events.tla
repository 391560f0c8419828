------------------------------- MODULE Events -------------------------------
(***************************************************************************)
(* Trace events (QEMU migration/trace-events, ground truth §8).            *)
(* Threads, which are also the lanes of counterexample diagrams:           *)
(* src/main (main loop, QMP, BHs), src/migration, src/return-path,         *)
(* src/vcpu, dst/main (main loop, incoming coroutine, BHs), dst/listen,    *)
(* dst/fault, dst/vcpu, mgmt (libvirt), env (faults).                      *)
(***************************************************************************)
EXTENDS MigrationBase

\* The lanes that actions in more than one module name.
MIG == "src/migration"      \* the source's migration thread
RP == "src/return-path"     \* the source's return-path thread
DM == "dst/main"            \* the destination's main thread (coroutine, BHs)
LT == "dst/listen"          \* the destination's postcopy listen thread

E(th, name, args) == [th |-> th, ev |-> name, args |-> args]
NoArgs == <<>>
SetStateEv(th, st) == E(th, "migrate_set_state", [new_state |-> st])
RunstateEv(th, rs) == E(th, "runstate_set", [new_state |-> rs])
PingSentEv(v) == E("src/migration", "savevm_send_ping", [val |-> v])
\* block-active.c:21,38; the event exists only since 10.0
BlockEv(th, what) ==
    IF Is10 THEN << E(th, "migration_block_activation", [name |-> what]) >> ELSE << >>
\* An injected fault, as the reference implementation logs it (never QEMU).
FaultEv(side, kind) == E(side \o "/main", "x_inject_fault", [fault |-> kind])

\* Every event name the spec can emit: the trace checker maps these and
\* skips (and counts) every other event of a log.
TracedEvents ==
    { "migrate_set_state", "runstate_set", "migration_block_activation",
      "qmp_enter_migrate", "qmp_enter_migrate_cancel", "qmp_enter_migrate_pause",
      "qmp_enter_migrate_recover", "qmp_enter_migrate_continue",
      "qmp_enter_migrate_start_postcopy", "qmp_enter_migrate_incoming", "qmp_enter_quit",
      "source_return_path_thread_entry", "source_return_path_thread_pong",
      "source_return_path_thread_shut", "source_return_path_thread_end",
      "source_return_path_thread_bad_end", "source_return_path_thread_resume_ack",
      "source_return_path_thread_postcopy_package_loaded",
      "source_return_path_thread_dst_started",
      "savevm_send_open_return_path", "savevm_send_ping",
      "qemu_savevm_send_postcopy_advise", "savevm_send_postcopy_listen",
      "savevm_send_postcopy_run", "qemu_savevm_send_packaged",
      "savevm_send_postcopy_resume", "postcopy_start",
      "migration_completion_postcopy_end", "migration_return_path_end_before",
      "migration_return_path_end_after", "migration_thread_after_loop",
      "postcopy_pause_continued", "postcopy_pause_return_path",
      "postcopy_pause_return_path_continued",
      "loadvm_process_command_ping", "loadvm_postcopy_handle_advise",
      "loadvm_postcopy_handle_listen", "loadvm_postcopy_handle_run",
      "postcopy_ram_listen_thread_start", "postcopy_ram_listen_thread_exit",
      "process_incoming_migration_co_end", "postcopy_pause_incoming",
      "postcopy_pause_incoming_continued", "loadvm_postcopy_handle_resume", "x_inject_fault" }

\* Every step but the lock holder's (HolderStep): no QEMU, libvirt or
\* fault step changes what a third process holds, so `holder` is left
\* unchanged here once rather than in every action's UNCHANGED.
Step(actor, action, events) ==
    /\ step' = [actor |-> actor, action |-> action, events |-> events, spawns |-> {}]
    /\ UNCHANGED holder

\* A step that creates threads (qemu_thread_create).  What the creating thread
\* traced before this step happened before anything the new threads trace:
\* the trace checker uses it to order the lines of a log without thread ids.
StepSpawning(actor, action, events, spawns) ==
    /\ step' = [actor |-> actor, action |-> action, events |-> events, spawns |-> spawns]
    /\ UNCHANGED holder

\* The third-party lock holder's steps (LockHolderTake, LockHolderRelease).
\* Taking the locks is a fault and carries its marker, as every fault does, so
\* the trace checker can tell the step is an assumption (lock-holder) that a
\* run's records must support; no QEMU log has the line (a third process).
HolderStep(action) ==
    step' = [actor |-> "env", action |-> action, spawns |-> {},
             events |-> IF action = "lock_holder_take"
                        THEN << FaultEv("dst", "lock-holder") >> ELSE << >>]
=============================================================================
