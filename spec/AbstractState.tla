--------------------------- MODULE AbstractState ---------------------------
(***************************************************************************)
(* The projection conformance coverage counts (README, "Conformance       *)
(* coverage"): of a spec state, only what says where each side and each  *)
(* thread is, not the contents (pages, channel queues, flags, history).   *)
(* Two states with the same projection are one abstract state.            *)
(*                                                                         *)
(* It is defined here once, in TLA+, and both sides of the comparison     *)
(* evaluate this very operator through TLC: the trace checker on the      *)
(* states of a run's explanation, and the checker's exhaustive pass over  *)
(* TLC's state graph for the same constants (TlcReachable.java).  So the  *)
(* two sets cannot drift apart by being computed differently.             *)
(***************************************************************************)
EXTENDS Migration

\* Who holds the guest image's write lock (block-active.c: the side whose
\* block devices are active).  "both" only without enforced locks (UseLocks
\* FALSE, C3); a process that is gone holds nothing (MsGone/MisGone).
LockHolder ==
    CASE ms.block /\ mis.block -> "both"
      [] ms.block              -> "src"
      [] mis.block             -> "dst"
      [] OTHER                 -> "none"

\* A process that is gone has no run state; its last one is kept in ms/mis
\* only for the properties.
RunStateOf(side) == IF side.alive THEN side.runstate ELSE "exited"

\* Each side's MigrationStatus (s->state, mis->state) and run state, the
\* program counters of the threads (source migration thread and return-path
\* thread; destination incoming coroutine and postcopy listen thread), and
\* the lock holder.
AbstractState ==
    [src |-> ms.state,  srcRun |-> RunStateOf(ms),  mt |-> mt.pc, rpt |-> rpt,
     dst |-> mis.state, dstRun |-> RunStateOf(mis), co |-> co.pc, lt  |-> lt.pc,
     lock |-> LockHolder]
=============================================================================
