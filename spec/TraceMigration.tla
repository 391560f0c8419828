--------------------------- MODULE TraceMigration ---------------------------
(***************************************************************************)
(* Trace validation: the checker (trace-checker/) loads this module with   *)
(* TLC's Java API and replays a recorded run against Next, matching the    *)
(* trace events each step records in `step.events` with the log's events.  *)
(* It never re-implements the transition relation: every successor comes   *)
(* from TLC.  The constants come from the run (variant, capabilities) and  *)
(* are written into a generated cfg (TraceConfig.java).                    *)
(*                                                                         *)
(* Differences from model checking, and why:                               *)
(*  - one page and no guest writes: page contents are not traced, so they  *)
(*    would only multiply the hidden steps the search has to try;          *)
(*  - every fault kind and every operator command is possible, and QMP     *)
(*    `quit` too: a real run may contain any of them, and a fault is a     *)
(*    hidden step in a QEMU log (QEMU does not trace a kill -9);           *)
(*  - no liveness and no invariants: a recorded run is a finite prefix.    *)
(* AbstractState (the coverage projection) is extended so that the       *)
(* checker evaluates the one definition of it on the states it visits.    *)
(***************************************************************************)
EXTENDS Migration, AbstractState, TLC

\* Two states that differ only in the last step's record are one state for
\* the search's visited set (the checker fingerprints with this view).
TraceView == stateVars
=============================================================================
