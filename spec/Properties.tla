----------------------------- MODULE Properties -----------------------------
(***************************************************************************)
(* Everything the models check: the status changes QEMU makes (per         *)
(* variant, checked by an action property), the correctness properties,    *)
(* guest survival (the headline property), and reachability checks         *)
(* expected to fail.                                                       *)
(***************************************************************************)
EXTENDS Migration

(***************************************************************************)
(* Status changes QEMU makes (ground truth §3, S1-S30 and D1-D16), per     *)
(* variant.  A reviewer reads the legal lifecycle off these tables; the    *)
(* action property below checks that the spec makes no other change.       *)
(***************************************************************************)

T(a, b) == <<a, b>>
Running10 == { "setup", "active", "pre-switchover", "device", "cancelling",
               "postcopy-device", "postcopy-active", "postcopy-paused",
               "postcopy-recover-setup", "postcopy-recover" }

SrcTransitions10 ==
    { T("none", "setup"),                                          \* S2
      T("setup", "active"), T("setup", "failed"),                  \* S10, S3
      T("setup", "cancelled"),                                     \* S5+S6 (one step here)
      T("active", "device"), T("active", "pre-switchover"),        \* S14, S15
      T("pre-switchover", "device"),                               \* S16
      T("device", "postcopy-active"),                              \* S18 without a return path
      T("device", "completed"), T("postcopy-active", "completed"), \* S23
      T("active", "failed"), T("device", "failed"),                \* S25, S19, S22
      T("postcopy-active", "failed"),                              \* S22 (C10)
      T("postcopy-active", "postcopy-paused"),                     \* S24
      T("postcopy-recover", "postcopy-paused"),                    \* S24 after a failed resume
      T("postcopy-paused", "postcopy-recover-setup"),              \* S7
      T("postcopy-recover-setup", "postcopy-recover"),             \* S8
      T("postcopy-recover-setup", "postcopy-paused"),              \* S3
      T("postcopy-recover", "postcopy-active"),                    \* S9
      T("cancelling", "cancelled") }                               \* S4
    \cup { T(s, "cancelling") : s \in { "setup", "active", "pre-switchover", "device" } } \* S5
    \cup (IF AllowQuit THEN { T(s, "cancelling") : s \in Running10 } ELSE {})  \* S5 via quit (C7)

SrcTransitions4 ==
    SrcTransitions10 \cup
    { T("device", "postcopy-device"),                              \* S18
      T("postcopy-device", "postcopy-active"),                     \* S20
      T("postcopy-device", "failed") }                             \* S25

\* 11.x: every X -> FAILED of 10.2 is X -> FAILING, then FAILING -> FAILED in
\* migration_cleanup; the connect error (S3) does both in one step.  A
\* cancel or quit while FAILING takes it to CANCELLING (FAILING is running).
SrcTransitions11 ==
    { t \in SrcTransitions4 : t[2] /= "failed" }
    \cup { T(t[1], "failing") : t \in { u \in SrcTransitions4 : u[2] = "failed" /\ u[1] /= "setup" } }
    \cup { T("setup", "failed"),                                   \* S3 + cleanup, one step
          T("failing", "failed"),                                  \* migration_cleanup
          T("failing", "cancelling") }                             \* S5 from FAILING

SrcTransitions ==
    CASE Variant = "legacy" ->
           { T("none", "setup"), T("setup", "active"), T("setup", "failed"),
             T("setup", "cancelled"),
             T("active", "completed"), T("device", "completed"),
             T("active", "pre-switchover"), T("pre-switchover", "device"),
             T("active", "postcopy-active"),                       \* 7.2 postcopy_start
             T("pre-switchover", "postcopy-active"),               \* 7.2 migration_maybe_pause
             T("postcopy-active", "completed"),
             T("active", "failed"), T("device", "failed"), T("pre-switchover", "failed"),
             T("postcopy-active", "failed"),                       \* 7.2 postcopy_start error check
             T("postcopy-active", "postcopy-paused"), T("postcopy-recover", "postcopy-paused"),
             T("postcopy-paused", "postcopy-recover"),             \* 7.2: no recover-setup
             T("postcopy-recover", "postcopy-active"),
             T("cancelling", "cancelled") }
           \cup { T(s, "cancelling") : s \in Running10 }           \* 7.2 cancels in postcopy too
      [] Variant = "v1" ->
           SrcTransitions10 \cup
           { T("device", "postcopy-device"),                       \* S18
             T("postcopy-device", "postcopy-active"),              \* the return-path thread
             T("postcopy-device", "failed"),
             T("postcopy-device", "completed") }                   \* allowed by the patch
      [] Variant = "v11" -> SrcTransitions11
      [] OTHER -> SrcTransitions4
           \cup (IF IsFix THEN { T("postcopy-device", "postcopy-paused") } ELSE {})  \* F4

DstTransitions ==
    { T("active", "failed"), T("active", "completed"),             \* D4, D5
      T("active", "postcopy-active"),                              \* D6 (no return path / before 10.2)
      T("postcopy-active", "failed"), T("postcopy-active", "completed"),   \* D8, D9
      T("postcopy-active", "postcopy-paused"), T("postcopy-recover", "postcopy-paused"), \* D10
      T("postcopy-paused", "postcopy-recover"),                    \* D11
      T("postcopy-recover", "postcopy-active") }                   \* D12
    \cup (IF Is10 THEN { T("none", "setup"), T("setup", "active") }  \* D2, D3
                  ELSE { T("none", "active") })                    \* 7.2
    \cup (IF DstPostcopyDevice
          THEN { T("active", "postcopy-device"),                   \* D6
                 T("postcopy-device", "postcopy-active"),          \* D7 (fix: in the run BH)
                 T("postcopy-device", "failed") }                  \* D8 (fix: also the run BH)
          ELSE {})

\* Every status change of each side is one QEMU makes for this variant.
StatusTransitionsLegal ==
    [][ /\ ms'.state /= ms.state => <<ms.state, ms'.state>> \in SrcTransitions
        /\ mis'.state /= mis.state => <<mis.state, mis'.state>> \in DstTransitions ]_<<ms, mis>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Correctness properties.                                                  *)
(***************************************************************************)

GuestRunsOnSource == ms.alive /\ ms.runstate = "running"
GuestRunsOnDestination == mis.alive /\ mis.runstate = "running"

\* Split brain never happens: the guest never executes on both hosts at once
\* (both would write the shared disk).  MCMigration checks it with image
\* locks switched off too, to show what the locks protect (C3).
NeverBothRunning == ~(GuestRunsOnSource /\ GuestRunsOnDestination)

\* A failed or cancelled migration whose destination never ran the guest
\* gives the guest back: once the source's migration thread is done, the
\* source runs, or stays stopped only because the destination holds the
\* image lock (then management decides, 26f65c01ed), or, in QEMU 7.2, because
\* postcopy_start stopped it (7.2 leaves it in postmigrate for management's
\* `cont`, which works: the source's RAM is current), or because a third
\* process held the lock when the source tried (fix F7: it waits in paused,
\* where `cont` works once the holder let go; nothing retries by itself).
SourceResumesIfDestinationNeverRan ==
    (/\ ~hist.dstRan /\ ms.alive /\ ~ms.connecting
     /\ ms.state \in {"failing", "failed", "cancelled"} /\ mt.pc \in {"none", "cleanup", "done"})
    => \/ ms.runstate = "running"
       \/ UseLocks /\ mis.alive /\ mis.block
       \/ ~Is10 /\ ms.runstate = "postmigrate"
       \/ UseLocks /\ holder /= "none" /\ ms.runstate \in {"paused", "postmigrate"}

\* The source never finishes the stream (migration_completion: the last
\* sections and QEMU_VM_EOF) while in postcopy-device, i.e. before it knows
\* the destination loaded the device state.
NoCompletionFromPostcopyDevice ==
    [][ step'.action = "migration_completion" /\ step'.actor = "src/migration"
           => ms.state /= "postcopy-device" ]_vars

\* The source's status never goes postcopy-device -> completed: what a
\* management layer would see of a completion from postcopy-device.
NoCompletedFromPostcopyDevice ==
    [][ ms.state = "postcopy-device" => ms'.state /= "completed" ]_ms

\* With a return path the destination completes before the source (C11):
\* a source that reports `completed` implies the destination has the guest.
DestinationCompletesFirst ==
    (ReturnPath /\ ms.state = "completed") => mis.state = "completed"

\* A running VM never runs on a stale page: every page a running
\* destination has is the guest's latest version (missing pages block and
\* are fetched), and a running source has the latest of every page.
NoStaleRead ==
    /\ GuestRunsOnDestination => \A p \in Pages : ram.dst[p] \in {Missing, ram.latest[p]}
    /\ GuestRunsOnSource => \A p \in Pages : ram.src[p] = ram.latest[p]

\* Where the guest's latest state can still run.  The source holds it and
\* runs it, or `cont` would start it, or its migration thread has not ended
\* (it restarts the VM on a failure).  The destination holds all of it and
\* runs it or will.  Or postcopy split it and both sides can still go on.
SrcHoldsGuest == \A p \in Pages : ram.src[p] = ram.latest[p]
DstHoldsGuest == mis.device /\ \A p \in Pages : ram.dst[p] = ram.latest[p]
SrcCanRun ==
    /\ ms.alive /\ SrcHoldsGuest
    /\ \/ ms.runstate \in {"running", "paused", "postmigrate", "prelaunch"}
       \/ mt.pc \notin {"none", "paused", "cleanup", "done"}
       \/ ms.connecting
DstCanRun ==
    /\ mis.alive /\ DstHoldsGuest
    /\ \/ mis.runstate \in {"running", "paused"}
       \/ mis.runBh \/ co.pc = "bh"
SplitCanResume ==
    /\ ms.alive /\ mis.alive
    /\ mt.pc \notin {"none", "finish", "cleanup", "done"}
    /\ lt.pc \in {"starting", "running", "paused", "wait-main"}
    /\ \A p \in Pages : ram.dst[p] = Missing => ram.src[p] = ram.latest[p]
GuestLost == ~SrcCanRun /\ ~DstCanRun /\ ~SplitCanResume

\* QEMU never aborts on an assertion (migration_cleanup asserts that the
\* migration thread left an active state, migration.c:1329).
NoQemuAbort == ~hist.aborted

\* The guest is lost only after the destination ran it (from then on the
\* latest state lives on the destination), or when the source crashed.
GuestLostOnlyAfterDestinationRan == GuestLost => (hist.dstRan \/ (~ms.alive /\ ~hist.aborted))

\* The ends a user accepts.  Migrated: both sides completed and the guest
\* runs on the destination.  Failed back: the source's migration is over
\* and the guest runs on the source.  Paused for an operator: the source
\* waits in postcopy-paused for `migrate resume=true`.  And a crash that
\* leaves nothing to wait for: the source's, or the destination's once it
\* ran the guest (both lose the guest; only a fault does that).
MigrationOver == mt.pc \in {"none", "done"} /\ ~ms.connecting
Migrated ==
    /\ ms.state = "completed" /\ mis.state = "completed" /\ GuestRunsOnDestination
    /\ MigrationOver
FailedBack == GuestRunsOnSource /\ MigrationOver /\ ms.state /= "none"
\* The source's migration thread sleeps in postcopy_pause until `migrate
\* resume=true` (or a cancel) ...
SourceWaitsInPostcopyPaused ==
    ms.alive /\ ms.state = "postcopy-paused" /\ mt.pc = "paused" /\ ~ms.connecting
\* ... which is an end only if the destination waits too: paused (its
\* listen thread in postcopy_pause_incoming), so `migrate-recover` works.
PausedForOperator ==
    /\ SourceWaitsInPostcopyPaused
    /\ mis.alive /\ mis.state = "postcopy-paused" /\ lt.pc = "paused"
\* The destination runs the guest with all of its RAM and its incoming
\* side done, whatever the source reports (e.g. a cancel that came too late,
\* or fix F6: a completion that lost the destination's SHUT pauses; the
\* source then waits for management to kill it).
RunsOnDestination ==
    /\ GuestRunsOnDestination /\ (MigrationOver \/ SourceWaitsInPostcopyPaused)
    /\ lt.pc \in {"none", "exited"}
    /\ \A p \in Pages : ram.dst[p] /= Missing
\* QEMU 7.2 after a failed or cancelled postcopy_start: the source stays
\* stopped in postmigrate (no vm_was_running) for management's `cont`, and
\* its RAM is current because the destination never ran the guest.
StoppedForManagement ==
    /\ ~Is10 /\ ms.alive /\ ms.runstate = "postmigrate" /\ ms.state \in {"failed", "cancelled"}
    /\ MigrationOver /\ ~hist.dstRan
\* fix (F7): the migration failed before the destination ran the guest, and
\* the source could not take the disks back (a third process holds them):
\* it keeps the only current copy, stopped in PAUSED until `cont`, which
\* works once the locks are free.
StoppedForCont ==
    /\ ms.alive /\ ms.state = "failed" /\ ms.runstate = "paused"
    /\ MigrationOver /\ ~hist.dstRan
Quiescent ==
    \/ Migrated \/ FailedBack \/ RunsOnDestination \/ PausedForOperator \/ StoppedForManagement
    \/ StoppedForCont
    \/ ~ms.alive \/ (~mis.alive /\ hist.dstRan)

\* Liveness: with weak fairness on every thread, finitely many faults and
\* finitely many operator commands, every behaviour reaches a quiescent end.
\* (An operator who pauses every resumed migration forever is not a bug of
\* the protocol: those behaviours are excused by the first disjunct.)
EventuallyQuiescent == []<><<OperatorNext>>_vars \/ <>Quiescent

\* The same as a safety property, cheaper to check: no reachable state in
\* which no thread can move any more is a bad end (C5 shows up here).
ProgressNext ==
    \/ DriverNext \/ SrcMainNext \/ MigrationThreadNext \/ ReturnPathNext
    \/ DstMainNext \/ ListenThreadNext \/ PostcopyRamFaultThreadRequest
    \/ MgmtNext \/ KeepaliveNext
NoStuckState == (ENABLED ProgressNext) \/ Quiescent

-----------------------------------------------------------------------------
(***************************************************************************)
(* Guest survival: the headline property.  The weaker properties above    *)
(* forgive any death of a destination that ran the guest (GuestLost...,    *)
(* Quiescent's ~mis.alive /\ hist.dstRan), QEMU's own exit(1) included;    *)
(* this one forgives only an environment crash.                           *)
(***************************************************************************)

\* Where the guest's latest state is.  Its RAM is the page versions; its
\* CPU and device state and what it wrote to the shared disk are wherever
\* it last ran: once the destination ran it, the source's copy is stale
\* even if no page changed ("as long as dest started running then only dest
\* QEMU's RAM is consistent with the shared storage", migration_iteration_finish,
\* migration.c:3316-3324 at the ground-truth commit).
SrcCopyCurrent == ms.alive /\ ~hist.dstRan /\ SrcHoldsGuest
DstCopyCurrent == mis.alive /\ DstHoldsGuest
\* Postcopy split it: the destination has the device state and current
\* pages, the source every page the destination still lacks.
SplitCopyCurrent ==
    /\ ms.alive /\ mis.alive /\ mis.device
    /\ \A p \in Pages : IF ram.dst[p] = Missing THEN ram.src[p] = ram.latest[p]
                                              ELSE ram.dst[p] = ram.latest[p]

\* Some side holds the guest's latest state and runs it, or a command QEMU
\* accepts in this state runs it:
\*  - `cont` on the source in paused or postmigrate (monitor/qmp-cmds.c
\*    qmp_cont, 10.2.0 lines 66-112): it activates the disks and starts the
\*    VM.  Refused in finish-migrate ("Migration is not finalized yet"), and
\*    `stop` does nothing there (not a live run state): a source left in
\*    finish-migrate cannot run the guest again (a second outgoing migration,
\*    which the spec does not model, is the only way out).  The activation
\*    fails while the destination's QEMU holds the image lock; that
\*    destination never ran the guest (SrcCopyCurrent), so `quit` on it first
\*    is harmless.
\*  - `cont` on the destination once it is paused (-S, or a failed start);
\*    not in inmigrate, where it only sets autostart (qmp-cmds.c:101) and
\*    nothing will start the VM once no BH is pending (C6).
\*  - postcopy paused on both sides: `migrate-recover` (dst, PAUSED,
\*    migration.c:1806) and `migrate resume=true` (src, PAUSED, 1887) are
\*    accepted, the split copy is current, and the destination's VM runs or
\*    can be `cont`ed once the migration resumed.
GuestAvailable ==
    \/ SrcCopyCurrent /\ ms.runstate \in {"running", "paused", "postmigrate"}
    \/ DstCopyCurrent /\ mis.runstate \in {"running", "paused"}
    \/ /\ PausedForOperator /\ SplitCopyCurrent
       /\ mis.runstate \in {"running", "paused"}

\* The only excuse: an environment crash (kill -9, DestinationCrash or
\* SourceCrash) destroyed the one current copy.  The source's copy is the
\* only one until the destination runs the guest, and part of it until the
\* migration completes; the destination's is the only one once it ran.
\* QEMU's own exit(1) (D4, D8, exit-on-error), its abort (C1), and libvirt
\* killing the destination (MgmtAbort) are no excuse.
GuestLossExcused ==
    \/ "src" \in hist.crashed
    \/ "dst" \in hist.crashed /\ hist.dstRan

\* In every end state (no thread, nor libvirt, can move any more: what is
\* left is the operator's), the guest survives or only a crash lost it.
\* Written with ENABLED last, so that TLC evaluates it only where needed.
GuestSurvives == GuestAvailable \/ GuestLossExcused \/ ENABLED ProgressNext

\* The same as a liveness property: with the fairness of Spec, every
\* behaviour in which the operator eventually stops ends with the guest
\* available for good, or lost to a crash.
EventuallyGuestSurvives ==
    []<><<OperatorNext>>_vars \/ <>[](GuestAvailable \/ GuestLossExcused)

\* GuestSurvives restricted to behaviours in which the destination ran the
\* guest: the blind spot of GuestLostOnlyAfterDestinationRan exactly.
GuestSurvivesAfterDestinationRan == hist.dstRan => GuestSurvives

-----------------------------------------------------------------------------
(***************************************************************************)
(* Reachability checks, expected to FAIL: each proves an interesting state *)
(* is reached (the CCF "debugging invariant" idiom).                        *)
(***************************************************************************)

NotBothInPostcopyDevice == ~(ms.state = "postcopy-device" /\ mis.state = "postcopy-device")
NotDestinationRunsWhileSourceInPostcopyDevice ==
    ~(ms.state = "postcopy-device" /\ GuestRunsOnDestination)
\* The BQL probe (issue 9): no QMP `migrate_cancel` between the package and
\* S18 of a 10.x postcopy_start, which holds the BQL throughout (SrcBql).
\* Expected to HOLD; reachable before the spec modelled the BQL.
NoCancelInsidePostcopyStart ==
    ~(Variant /= "legacy" /\ mt.pc = "postcopy-check" /\ ms.state = "cancelling")

\* The blind spot of issue 9, as a state: the source failed and sits in
\* finish-migrate for good (its re-activation ran while the destination held
\* the image lock), the destination ran the guest, then failed and exited
\* (QEMU's own exit(1) after D8), and nothing crashed.
BlindSpot ==
    /\ ms.alive /\ ms.state = SrcFailState /\ ms.runstate = "finish-migrate" /\ MigrationOver
    /\ hist.dstRan /\ ~mis.alive /\ mis.state = "failed" /\ hist.crashed = {}
\* Every invariant of the manifest's defaults but GuestSurvives.
WeakerInvariants ==
    /\ TypeOK /\ NeverBothRunning /\ SourceResumesIfDestinationNeverRan
    /\ DestinationCompletesFirst /\ NoStaleRead /\ GuestLostOnlyAfterDestinationRan
    /\ NoQemuAbort /\ NoStuckState
\* Expected to HOLD: in the blind spot every weaker invariant holds ...
BlindSpotPassesWeakerInvariants == BlindSpot => WeakerInvariants
\* ... and expected to FAIL: the blind spot is a violation of GuestSurvives.
BlindSpotSurvives == BlindSpot => GuestSurvives

NotPong42InFlightAtBreak ==
    ~(ms.state = "postcopy-device" /\ chan.d2sSt = "broken" /\ mis.pcState = "running")
=============================================================================
