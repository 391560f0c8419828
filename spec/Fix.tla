------------------------------- MODULE Fix ----------------------------------
(***************************************************************************)
(* MigSpec's proposed fix (spec/README.md, "The fix"), read as a diff      *)
(* against QEMU 10.2 (v4): every place where `fix` departs from v4 is      *)
(* defined here, F1-F7 in order, and Source.tla and Destination.tla call   *)
(* these definitions where v4's code runs.  Each definition is guarded by *)
(* IsFix (or is called only under it), so every other variant behaves as  *)
(* if this module did not exist.  `grep -n 'F[1-7]' Source.tla            *)
(* Destination.tla` lists the call sites.                                 *)
(***************************************************************************)
EXTENDS Events, Messages, Process, Bql

-----------------------------------------------------------------------------
(* F1: the return-path thread's exit also sets                             *)
(* postcopy_package_loaded_event, so a migration thread waiting for PONG   *)
(* 0x42 in POSTCOPY_DEVICE wakes up when the return path dies (C5); woken  *)
(* without the flag it fails the migration (MigrationWaitPackageLoaded).   *)

F1RpExitSetsEvent == IsFix

-----------------------------------------------------------------------------
(* F2: a load error on the destination's coroutine while the listen       *)
(* thread runs also shuts the socket down, so the listen thread's blocked  *)
(* read returns (v4 only marks from_src_file with the error: C5, C12).     *)

F2ShutdownOnLoadError == DstShutdownSocket

-----------------------------------------------------------------------------
(* F3: the destination defers its reply to PING 0x42 (the package is      *)
(* loaded) to the run BH, which claims the switchover with a fixed-old CAS *)
(* POSTCOPY_DEVICE -> POSTCOPY_ACTIVE, activates the disks whatever       *)
(* autostart says, and answers PING 0x42 only once it has them, before the *)
(* vCPUs start.  So PONG 0x42 means "the destination may run the guest",   *)
(* and its absence means it never did.                                    *)

F3DefersPing(v) == IsFix /\ v = PingPackagedLoaded

\* The coroutine's half of F3 (LoadvmProcessCommand): remember the ping.
F3DeferPong42(v, rest) ==
    /\ mis' = [mis EXCEPT !.ping42 = TRUE]
    /\ co' = rest
    /\ UNCHANGED <<lt, ms, chan>>
    /\ Step(DM, "loadvm_process_command",
            << E(DM, "loadvm_process_command_ping", [val |-> v]) >>)

\* POSTCOPY_RUN leaves POSTCOPY_DEVICE alone (D7 does not happen): the run
\* BH makes the switch once it has the disks.
F3RunBhClaimsSwitchover == IsFix

\* The run BH's half of F3 (LoadvmPostcopyHandleRunBh, PING 0x42 deferred),
\* given whether activation works (act), whether the VM starts (start) and
\* the fault marker of an injected activation failure (faultEv).
F3RunBh(act, start, faultEv) ==
    CASE mis.state /= "postcopy-device" ->
              \* the listen thread failed the migration first (F5)
              /\ mis' = [mis EXCEPT !.runBh = FALSE, !.ping42 = FALSE]
              /\ UNCHANGED <<ms, chan>>
              /\ Step(DM, "loadvm_postcopy_handle_run_bh", faultEv)
      [] act ->
              /\ mis' = [mis EXCEPT !.runBh = FALSE, !.block = TRUE, !.ping42 = FALSE,
                         !.state = "postcopy-active",
                         !.runstate = IF start THEN "running" ELSE "paused"]
              /\ chan' = [chan EXCEPT !.d2s = Send(@, chan.d2sSt,
                                                   << Msg("PONG", PingPackagedLoaded, 0) >>)]
              /\ ms' = ms
              /\ Step(DM, "loadvm_postcopy_handle_run_bh",
                      << SetStateEv(DM, "postcopy-active") >>
                      \o faultEv \o BlockEv(DM, "active")
                      \o << RunstateEv(DM, IF start THEN "running" ELSE "paused") >>)
      [] OTHER ->
              \* activation failed: FAILED, SHUT(1) with no PONG 0x42, exit
              LET shut == mis.toSrc
              IN /\ mis' = MisGone([mis EXCEPT !.runBh = FALSE, !.state = "failed"])
                 /\ chan' = ChanDstGone([chan EXCEPT !.d2s = Send(@, chan.d2sSt,
                                  IF shut THEN << Msg("SHUT", 1, 0) >> ELSE << >>)])
                 /\ ms' = MsPeerGone(ms)
                 /\ Step(DM, "loadvm_postcopy_handle_run_bh",
                         << SetStateEv(DM, "postcopy-active") >>
                         \o faultEv \o BlockEv(DM, "active")
                         \o << SetStateEv(DM, "failed") >>)

-----------------------------------------------------------------------------
(* F4: on the source, an error once the package may have reached the      *)
(* destination is handled as an error in POSTCOPY_DEVICE (S18 happens      *)
(* anyway), and an error in POSTCOPY_DEVICE neither fails the migration    *)
(* at once (v4, C3) nor waits for good (v4, C5): it joins the return path  *)
(* and decides from what the destination said (MigrationPostcopyDeviceError). *)

F4AfterPackage == IsFix /\ ms.state = "device" /\ rpt /= "none"
F4InPostcopyDevice == IsFix /\ ms.state = "postcopy-device"

\* F4'': before F4 joins the return path, half-close the main stream
\* (shutdown(SHUT_WR)): what was sent is still delivered, then EOF.  After a
\* local error the socket is healthy, and a destination that is never told
\* would never end the return path: the join would wait for good
\* (fix_src_local_error).  Told, it pauses (it ran the guest) or fails (it
\* did not), and either ends its side of the socket.
F4HalfCloseMainStream == ChanCloseM2d(chan)

\* F4': a SHUT with a non-zero value read on the return path is kept for the
\* migration thread, which reads it after the join.
F4DstFailed(v) == IsFix /\ v /= 0

\* fix (F4): an error while in POSTCOPY_DEVICE.  First join the return path
\* *without* shutting it down, so it reads what the destination sent before
\* the error (PONG 0x42 survives a graceful close).  PONG 0x42 arrived: the
\* destination may run, so this is postcopy: POSTCOPY_ACTIVE, then pause.
\* Otherwise re-activate the disks: if that works the destination never
\* took them (it activates before it answers PING 0x42, F3), so fail and
\* restart the source; if it does not, the destination holds them and may
\* run: POSTCOPY_PAUSED, recoverable, instead of FAILED (C3).
\* (F4') Unless the return path read the destination's SHUT(1) with no
\* PONG 0x42 before it: the return path is FIFO and F3 sends PONG 0x42
\* before the vCPUs start, so that destination never ran the guest and is
\* going away; the locks are someone else's (a third process, or that
\* destination until it exits).  Fail, and (F7) leave FINISH_MIGRATE for
\* PAUSED, so that `cont` can activate the disks once they are free
\* (migration_iteration_finish leaves a source whose activation failed in
\* FINISH_MIGRATE, where qmp_cont refuses: fix_lock_holder).
MigrationPostcopyDeviceError ==
    /\ ms.alive /\ mt.pc = "device-error" /\ rpt \in {"none", "exited"}
    /\ SrcMigrationGetsBql    \* migration_block_activate needs the BQL
    /\ LET join == IF rpt /= "none"
                   THEN << E(MIG, "migration_return_path_end_before", NoArgs),
                           E(MIG, "migration_return_path_end_after", NoArgs) >>
                   ELSE << >>
           dev == ms.state = "postcopy-device"
       IN CASE ms.pkgLoaded ->
                 /\ ms' = [ms EXCEPT !.state = IF dev THEN "postcopy-active" ELSE @]
                 /\ mt' = [pc |-> "pause", read |-> "none"]
                 /\ Step(MIG, "migration_detect_error",
                         join \o (IF dev THEN << SetStateEv(MIG, "postcopy-active") >> ELSE << >>))
            [] SrcCanActivate ->
                 /\ ms' = [ms EXCEPT !.state = IF dev THEN "failed" ELSE @, !.block = TRUE]
                 /\ mt' = [pc |-> "finish", read |-> "none"]
                 /\ Step(MIG, "migration_detect_error",
                         join \o BlockEv(MIG, "active")
                         \o (IF dev THEN << SetStateEv(MIG, "failed") >> ELSE << >>))
            [] ms.dstFailed ->
                 /\ ms' = [ms EXCEPT !.state = IF dev THEN "failed" ELSE @,
                                     !.runstate = "paused"]
                 /\ mt' = [pc |-> "finish", read |-> "none"]
                 /\ Step(MIG, "migration_detect_error",
                         join \o BlockEv(MIG, "active")
                         \o (IF dev THEN << SetStateEv(MIG, "failed") >> ELSE << >>)
                         \o << RunstateEv(MIG, "paused") >>)
            [] OTHER ->
                 /\ ms' = [ms EXCEPT !.state = IF dev THEN "postcopy-paused" ELSE @,
                                     !.pauseSem = FALSE]
                 /\ mt' = [pc |-> "paused", read |-> "none"]
                 /\ Step(MIG, "migration_detect_error",
                         join \o BlockEv(MIG, "active")
                         \o (IF dev THEN << SetStateEv(MIG, "postcopy-paused") >> ELSE << >>))
    /\ rpt' = "none"
    /\ UNCHANGED <<dstVars, ram, chan, mgmt, hist>>

-----------------------------------------------------------------------------
(* F5: the destination's listen thread fails with a fixed-old CAS against  *)
(* the state it read when it decided, racing the run BH's claim (F3), so   *)
(* exactly one of them wins; and an error after RUN while still            *)
(* POSTCOPY_DEVICE fails too (the VM never ran).                           *)

F5FailsInDevice == IsFix /\ mis.state = "postcopy-device"
F5CasLost == IsFix /\ mis.state /= lt.read

\* fix (F5): the listen thread's failure is a fixed-old CAS against the run
\* BH's POSTCOPY_DEVICE -> POSTCOPY_ACTIVE (F3), so exactly one of them wins.
\* When the run BH won, RUN was handled and the VM may run: the thread
\* pauses (D10) instead of failing and exiting.
PostcopyListenThreadFailLost ==
    /\ IsFix /\ mis.alive /\ lt.pc = "fail-cas" /\ mis.state /= lt.read
    /\ LET ok == mis.state \in {"postcopy-active", "postcopy-recover"}
       IN /\ mis' = [mis EXCEPT !.toSrc = FALSE,
                                !.state = IF ok THEN "postcopy-paused" ELSE @]
          /\ Step(LT, "postcopy_pause_incoming",
                  << E(LT, "postcopy_pause_incoming", NoArgs) >>
                  \o (IF ok THEN << SetStateEv(LT, "postcopy-paused") >> ELSE << >>))
    /\ lt' = [pc |-> "paused", read |-> "none"]
    \* postcopy_pause_incoming shuts the return path down here too
    /\ chan' = ChanCloseD2s(chan)
    /\ UNCHANGED <<srcVars, co, ram, mgmt, hist>>

-----------------------------------------------------------------------------
(* F6: a postcopy completion that fails in POSTCOPY_ACTIVE (the            *)
(* destination's SHUT was lost) pauses instead of failing: the destination *)
(* may have run the guest.                                                 *)

F6CompletionPauses(failed) == IsFix /\ failed /\ ms.state = "postcopy-active"

\* F7 (leave FINISH_MIGRATE for PAUSED when F4' fails the migration) is in
\* MigrationPostcopyDeviceError above.
=============================================================================
