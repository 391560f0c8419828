---------------------------- MODULE MCMigration ----------------------------
(***************************************************************************)
(* Model-checking wrapper for Migration.tla: everything that only exists   *)
(* to make TLC's job finite or cheaper.  The models themselves are the     *)
(* cfg files in spec/models/, listed with their expected outcome in        *)
(* spec/manifest.json.                                                      *)
(***************************************************************************)
EXTENDS Properties, TLC

\* `step` records how a state was reached (the thread, the action, the trace
\* events), not what the state is: two states that differ only in their
\* last step are one state.  Counterexamples still show `step`.
MCView == stateVars

-----------------------------------------------------------------------------
(***************************************************************************)
(* Mutants: Spec with one wrong step added, each a deliberate bug, so that *)
(* a property no real model violates is shown to mean something: TLC must *)
(* find the violation (the manifest's v4_mutant_ models).  Not in Spec.   *)
(***************************************************************************)

\* migrate_cancel without the postcopy gate of 10.x (C7): QEMU 7.2's rule in
\* a 10.x source.  StatusTransitionsLegal must reject postcopy -> cancelling.
MutantCancelInPostcopy ==
    /\ SrcMainFree /\ ms.alive /\ ~CancelAllowed
    /\ MigrationCancelCas("src/main", "qmp_migrate_cancel",
                          << E("src/main", "qmp_enter_migrate_cancel", NoArgs) >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt, hist>>

\* migration_completion without close_return_path_on_source's join: the
\* source says completed before the destination's SHUT (C11).
\* DestinationCompletesFirst must reject it.
MutantCompletionWithoutJoin ==
    /\ ms.alive /\ mt.pc = "rp-join" /\ rpt = "running" /\ ~ms.error /\ ~ms.fileErr
    /\ SrcMigrationGetsBql
    /\ ms' = [ms EXCEPT !.state = "completed"]
    /\ mt' = [pc |-> "finish", read |-> "none"]
    /\ rpt' = "none"
    /\ Step("src/migration", "migration_completion",
            << SetStateEv("src/migration", "completed") >>)
    /\ UNCHANGED <<dstVars, ram, chan, mgmt, hist>>

\* migrate_cancel that does not wait for the BQL: it lands inside
\* postcopy_start's locked section.  NoCancelInsidePostcopyStart must
\* reject it (it is what the spec allowed before it modelled the BQL).
MutantCancelIgnoringBql ==
    /\ SrcBql = "src/migration" /\ ms.alive /\ CancelAllowed
    /\ IF MigrationIsRunning(ms.state) /\ rpt \in {"running", "paused"}
       THEN /\ ms' = [ms EXCEPT !.cancelShut = TRUE, !.fileErr = ChanInUse]
            /\ chan' = ChanBroken(chan)
            /\ Step("src/main", "qmp_migrate_cancel",
                    << E("src/main", "qmp_enter_migrate_cancel", NoArgs) >>)
       ELSE MigrationCancelCas("src/main", "qmp_migrate_cancel",
                               << E("src/main", "qmp_enter_migrate_cancel", NoArgs) >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt, hist>>

SpecMutantCancelIgnoringBql ==
    Init /\ [][Next \/ MutantCancelIgnoringBql]_vars /\ Fairness
SpecMutantCancelInPostcopy ==
    Init /\ [][Next \/ MutantCancelInPostcopy]_vars /\ Fairness
SpecMutantCompletionWithoutJoin ==
    Init /\ [][Next \/ MutantCompletionWithoutJoin]_vars /\ Fairness
=============================================================================
