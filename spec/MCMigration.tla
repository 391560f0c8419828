---------------------------- MODULE MCMigration ----------------------------
(***************************************************************************)
(* Model-checking wrapper for Migration.tla: everything that only exists   *)
(* to make TLC's job finite or cheaper.  The models themselves are the     *)
(* cfg files in spec/models/, listed with their expected outcome in        *)
(* spec/manifest.json.                                                      *)
(***************************************************************************)
EXTENDS Migration, TLC

\* `step` records how a state was reached (the thread, the action, the trace
\* events), not what the state is: two states that differ only in their
\* last step are one state.  Counterexamples still show `step`.
MCView == stateVars
=============================================================================
