----------------------------- MODULE Migration ------------------------------
(***************************************************************************)
(* QEMU live migration: the source (MigrationState, its migration thread  *)
(* and return-path thread), the destination (MigrationIncomingState, the  *)
(* incoming coroutine, the postcopy listen thread, the RUN bottom half),  *)
(* the socket between them, the guest (vCPU run states, image locks, RAM  *)
(* pages with versions), faults, and libvirt as an optional actor.        *)
(*                                                                         *)
(* Five protocol variants (constant Variant), with exactly the            *)
(* differences of ground truth §6 (spec/README.md, "Variants"):           *)
(*   legacy  QEMU before 10.2, as QEMU 7.2 does it                        *)
(*   v1      the first posted POSTCOPY_DEVICE patch (the seed thread)     *)
(*   v4      what QEMU 10.2 merged (7b842fe354)                           *)
(*   v11     QEMU 11.x: v4 plus MIGRATION_STATUS_FAILING (d1ab9655fd)     *)
(*   fix     v4 plus MigSpec's proposed fix (spec/README.md, "The fix")   *)
(*                                                                         *)
(* Every action names the QEMU function it models, with file:line at the  *)
(* ground-truth commit (ece408818d, migration/ unless a path is given) and *)
(* the state-write row (S1-S30 source, D1-D16 destination).  Every action *)
(* records in `step` which thread took it and the QEMU trace events it    *)
(* emits, in QEMU's order; the trace checker matches recorded runs        *)
(* against exactly these events, and counterexamples are drawn from them. *)
(*                                                                         *)
(* Bounds live in the constants MaxFaults and MaxWrites only because the  *)
(* liveness property needs "finitely many faults" and a guest that stops  *)
(* dirtying memory faster than it is sent; MCMigration.tla picks them.    *)
(*                                                                         *)
(* The modules, each extending only what it uses:                          *)
(*   MigrationBase  constants, variant switches, variables, TypeOK         *)
(*   Channel, MigrationStatus  the socket and QEMU's enums (no variables)  *)
(*   Events         trace events and the `step` record of each action      *)
(*   Messages       what goes over the main stream and the return path     *)
(*   Process        image locks, fault budget, what a gone process leaves  *)
(*   Bql            the big QEMU lock of each process                      *)
(*   Fix            MigSpec's fix (F1-F7): every place it departs from v4  *)
(*   Source         main loop, migration thread, return-path thread        *)
(*   Destination    main thread (coroutine, BHs), listen and fault threads *)
(*   Guest          the vCPUs' writes                                      *)
(*   Environment    faults, libvirt, the lock holder, the operator, quit   *)
(*   Migration      Init, Next, Fairness, Spec (this module)               *)
(*   Properties     status tables, invariants, survival, reachability      *)
(*   MCMigration    model-checking views and mutants (spec/manifest.json)  *)
(*   TraceMigration what the trace checker loads; AbstractState its        *)
(*                  coverage projection                                    *)
(***************************************************************************)
EXTENDS Source, Destination, Guest, Environment

Init ==
    /\ ms = [state |-> "none", runstate |-> "prelaunch", alive |-> TRUE,
             block |-> FALSE, connecting |-> FALSE,
             fileErr |-> FALSE,        \* to_dst_file has an error
             error |-> FALSE,          \* migrate_has_error(): ms->error (return path, pause)
             startPostcopy |-> FALSE,  \* s->start_postcopy (migrate-start-postcopy)
             pauseEvent |-> FALSE,     \* s->pause_event (pause-before-switchover)
             pauseSem |-> FALSE,       \* s->postcopy_pause_sem
             rpSem |-> FALSE,          \* s->rp_state.rp_sem (recovery handshake)
             pkgLoaded |-> FALSE,      \* s->postcopy_package_loaded
             pkgEvent |-> FALSE,       \* s->postcopy_package_loaded_event
             reqPages |-> {},          \* pages queued by ram_save_queue_pages
             wasRunning |-> FALSE,     \* 7.2's s->vm_was_running (legacy only)
             cancelShut |-> FALSE,     \* the main thread is inside migration_cancel
             quitting |-> FALSE,       \* QMP quit: the main thread is in qemu_cleanup
             dstFailed |-> FALSE]      \* fix (F4'): the return path read SHUT(1)
    /\ mt = [pc |-> "none", read |-> "none"]
    /\ rpt = "none"
    /\ mis = [state |-> "none", runstate |-> "inmigrate", alive |-> TRUE,
              block |-> FALSE, listening |-> FALSE,
              accept |-> "none",       \* a connection waits to be processed by the main loop
              toSrc |-> FALSE,         \* mis->to_src_file: the return path is open
              fileErr |-> FALSE,       \* from_src_file has an error
              autostart |-> ~Management, \* -S: libvirt starts QEMU stopped and sends `cont`
              device |-> FALSE,        \* device state loaded
              ping42 |-> FALSE,        \* fix: the reply to PING 0x42 is deferred
              pcState |-> "none",      \* PostcopyState
              runBh |-> FALSE,         \* loadvm_postcopy_handle_run_bh scheduled
              faultPending |-> {}]     \* pages the fault thread requested
    /\ co = [pc |-> "none", pkg |-> << >>]
    /\ lt = [pc |-> "none", read |-> "none"]
    /\ ram = [src |-> [p \in Pages |-> 0], dirty |-> [p \in Pages |-> FALSE],
              dst |-> [p \in Pages |-> Missing], latest |-> [p \in Pages |-> 0]]
    /\ chan = [m2d |-> << >>, m2dSt |-> "none", d2s |-> << >>, d2sSt |-> "none"]
    /\ mgmt = "idle"
    /\ hist = [faults |-> 0, writes |-> 0, dstRan |-> FALSE, aborted |-> FALSE,
               crashed |-> {}]        \* the sides an environment crash (kill -9) killed
    /\ holder = "none"
    /\ step = [actor |-> "init", action |-> "Init", events |-> << >>, spawns |-> {}]


-----------------------------------------------------------------------------
(***************************************************************************)
(* The next-state relation, one disjunct per thread.                        *)
(***************************************************************************)

\* What brings a migration about: boot, migrate-incoming, migrate,
\* migrate-start-postcopy (with postcopy-ram) and migrate-continue (with
\* pause-before-switchover).  Fair: the driver does not give up.
DriverNext ==
    \/ VmStartAtBoot
    \/ QmpMigrateIncoming
    \/ QmpMigrate
    \/ QmpMigrateStartPostcopy
    \/ QmpMigrateContinue

SrcMainNext ==
    \/ MigrationConnect \/ MigrationConnectCancelled \/ MigrationConnectResume
    \/ MigrationCleanup \/ MigrationCancelSetState \/ QuitExitSrc

MigrationThreadNext ==
    \/ MigrationThreadSetup \/ MigrationIterationRunSendPage
    \/ MigrationCompletionPrecopy \/ MigrationCompletionSwitchover \/ PostcopyStart \/ LegacyPostcopyStartSetState
    \/ LegacyPostcopyStart \/ MigrationSwitchoverResume \/ PostcopyStartCheck
    \/ MigrationIterationRunPackageLoaded \/ MigrationWaitPackageLoaded
    \/ MigrationCompletionPostcopy \/ MigrationReturnPathJoin \/ MigrationCompletionEnd
    \/ MigrationDetectError \/ MigrationDetectErrorCas \/ MigrationPostcopyDeviceError
    \/ PostcopyPause \/ PostcopyPauseSetState \/ PostcopyPauseWake
    \/ PostcopyDoResume \/ PostcopyResumeHandshake \/ MigrationIterationFinish

ReturnPathNext == SourceReturnPathThreadRecv \/ SourceReturnPathThreadError

DstMainNext ==
    \/ ProcessIncomingMigrationCoStart \/ LoadvmProcessCommand \/ LoadvmReadError
    \/ LoadvmPackageItem \/ LoadvmPostcopyHandleRunBh \/ ProcessIncomingMigrationBh
    \/ PostcopyTryRecover

ListenThreadNext ==
    \/ PostcopyListenThreadStart \/ PostcopyListenThreadRecv
    \/ PostcopyListenThreadError \/ PostcopyListenThreadFail \/ PostcopyListenThreadFailLost
    \/ PostcopyListenThreadComplete \/ PostcopyPauseIncomingContinued

GuestNext == SrcGuestWrite \/ DstGuestWrite

FaultNext ==
    \/ \E side \in {"src", "dst"} : ChannelBreak(side) \/ ChannelBreakNothing(side)
    \/ DestinationCrash \/ SourceCrash \/ DeviceLoadFailure \/ SourceLocalError
    \/ SilentPartition

MgmtNext == MgmtContDestination \/ MgmtAbort \/ MgmtRestoreSource

OperatorNext ==
    \/ "migrate_cancel" \in OperatorCommands /\ (QmpMigrateCancel \/ QmpMigrateCancelRefused)
    \/ "migrate-pause" \in OperatorCommands /\ (CarefulOperator => OperatorSeesPostcopy)
       /\ (QmpMigratePauseSrc \/ QmpMigratePauseDst)
    \/ "migrate-recover" \in OperatorCommands /\ QmpMigrateRecover
    \/ "migrate-resume" \in OperatorCommands /\ QmpMigrateResume
    \/ "cont" \in OperatorCommands /\ (QmpContSrcOperator \/ QmpContDstOperator)

QuitNext == QmpQuitSrc \/ QmpQuitDst

LockHolderNext == LockHolderTake \/ LockHolderRelease

\* Steps that change nothing but `step` (a refused QMP command) are
\* stuttering steps of the state space.
Next ==
    \/ DriverNext \/ SrcMainNext \/ MigrationThreadNext \/ ReturnPathNext
    \/ DstMainNext \/ ListenThreadNext \/ GuestNext \/ PostcopyRamFaultThreadRequest
    \/ FaultNext \/ MgmtNext \/ OperatorNext \/ QuitNext \/ LockHolderNext \/ KeepaliveNext

\* Weak fairness on every thread and on libvirt's reactions; none on
\* faults, guest writes, the operator, or libvirt giving up without cause;
\* a lock holder that lets go (LockHolderReleases) does so eventually.
\* libvirt, the holder's release and the keepalive timeouts are each guarded
\* by their constant, so in a model without it their WF is TRUE; the IFs say
\* so to TLC, which otherwise checks each of them on every transition (the
\* fairness conjuncts are most of a liveness model's time).
Fairness ==
    /\ WF_stateVars(DriverNext)
    /\ WF_stateVars(SrcMainNext)
    /\ WF_stateVars(MigrationThreadNext)
    /\ WF_stateVars(ReturnPathNext)
    /\ WF_stateVars(DstMainNext)
    /\ WF_stateVars(ListenThreadNext)
    /\ WF_stateVars(PostcopyRamFaultThreadRequest)
    /\ IF Management THEN WF_stateVars(MgmtNext) ELSE TRUE
    /\ IF LockHolderReleases THEN WF_stateVars(LockHolderRelease) ELSE TRUE
    /\ IF Keepalive THEN WF_stateVars(KeepaliveNext) ELSE TRUE

Spec == Init /\ [][Next]_vars /\ Fairness
=============================================================================
