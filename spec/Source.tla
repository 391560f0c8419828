------------------------------- MODULE Source -------------------------------
(***************************************************************************)
(* The source QEMU: its main loop (QMP commands, the channel-connect       *)
(* callback, the cleanup bottom half), the migration thread and the        *)
(* return-path thread.                                                     *)
(***************************************************************************)
EXTENDS Events, Messages, Process, Bql, Fix

(***************************************************************************)
(* Source main loop: boot, QMP commands, the channel-connect callback and *)
(* the cleanup bottom half.  QMP handlers run under the BQL.               *)
(***************************************************************************)

\* vl.c: the source VM starts at boot; QEMU traces it (qemu-traces, all runs).
VmStartAtBoot ==
    /\ ms.runstate = "prelaunch"
    /\ ms' = [ms EXCEPT !.runstate = "running", !.block = TRUE]
    /\ Step("src/main", "vm_start",
            BlockEv("src/main", "active") \o << RunstateEv("src/main", "running") >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, chan, mgmt, hist>>

\* migration.c qmp_migrate -> migrate_prepare -> migrate_init: S1 (-> NONE,
\* direct write) and S2 NONE -> SETUP.  One migration per source process
\* (spec/README.md, "Scope").
QmpMigrate ==
    /\ SrcMainFree
    /\ ms.alive /\ ms.state = "none" /\ ms.runstate = "running"
    /\ ms' = [ms EXCEPT !.state = "setup", !.connecting = TRUE]
    /\ Step("src/main", "qmp_migrate",
            << E("src/main", "qmp_enter_migrate", [resume |-> FALSE]),
               SetStateEv("src/main", "setup") >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, chan, mgmt, hist>>

\* migration.c migration_connect (called from channel.c:249): the outgoing
\* channel is up; open_return_path_on_source (2406) starts the return-path
\* thread, then the migration thread starts.  With nobody listening,
\* migration_connect_error_propagate (1417, S3): SETUP -> FAILED, and the VM,
\* which never stopped, keeps running (qemu-7.2 g4_connect_refused).  11.x:
\* SETUP -> FAILING (migration.c:1392 at d1ab9655fd), then it calls
\* migration_cleanup at once (1430, since 6b587af5ec), FAILING -> FAILED
\* (1338): both writes in this one main-thread step.
MigrationConnect ==
    /\ SrcMainFree
    /\ ms.alive /\ ms.connecting /\ ms.state = "setup"
    /\ IF mis.alive /\ mis.listening /\ mis.state \in {"none", "setup"}
       THEN /\ ms' = [ms EXCEPT !.connecting = FALSE]
            /\ mt' = [pc |-> "setup", read |-> "none"]
            /\ rpt' = IF ReturnPath THEN "running" ELSE "none"
            /\ mis' = [mis EXCEPT !.listening = FALSE, !.accept = "incoming"]
            /\ chan' = [m2d |-> << >>, m2dSt |-> "open", d2s |-> << >>, d2sSt |-> "open"]
            /\ StepSpawning("src/main", "migration_connect",
                    IF ReturnPath
                    THEN << E("src/return-path", "source_return_path_thread_entry", NoArgs) >>
                    ELSE << >>,
                    {"src/migration"} \cup (IF ReturnPath THEN {"src/return-path"} ELSE {}))
       ELSE /\ ms' = [ms EXCEPT !.connecting = FALSE, !.state = "failed"]
            /\ UNCHANGED <<mt, rpt, mis, chan>>
            /\ Step("src/main", "migration_connect_error_propagate",
                    (IF Is11 THEN << SetStateEv("src/main", "failing") >> ELSE << >>)
                    \o << SetStateEv("src/main", "failed") >>)
    /\ UNCHANGED <<co, lt, ram, mgmt, hist>>

\* A connection that completes after migrate_cancel already ended the
\* migration (S6) is dropped.
MigrationConnectCancelled ==
    /\ SrcMainFree
    /\ ms.alive /\ ms.connecting
    /\ ms.state \notin {"setup", "postcopy-recover-setup", "postcopy-paused"}
    /\ ms' = [ms EXCEPT !.connecting = FALSE]
    /\ Step("src/main", "migration_connect", << >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, chan, mgmt, hist>>

\* migration.c:3776-3793 migration_start_outgoing (resume): a fresh return
\* path thread, then S8 RECOVER_SETUP -> RECOVER and a post of
\* postcopy_pause_sem.  A connect error gives S3 RECOVER_SETUP -> PAUSED
\* ("Never fail a postcopy migration").  QEMU 7.2 has no
\* postcopy-recover-setup: PAUSED -> RECOVER here, and its return-path thread
\* is not re-created but woken by the migration thread (legacy).
MigrationConnectResume ==
    /\ SrcMainFree
    /\ ms.alive /\ ms.connecting
    /\ ms.state = (IF Is10 THEN "postcopy-recover-setup" ELSE "postcopy-paused")
    /\ IF mis.alive /\ mis.listening /\ mis.state = "postcopy-paused"
       THEN /\ ms' = [ms EXCEPT !.connecting = FALSE, !.state = "postcopy-recover",
                                !.pauseSem = TRUE, !.fileErr = FALSE]
            /\ rpt' = IF Is10 THEN "running" ELSE rpt
            /\ mis' = [mis EXCEPT !.listening = FALSE, !.accept = "recover"]
            /\ chan' = [m2d |-> << >>, m2dSt |-> "open", d2s |-> << >>, d2sSt |-> "open"]
            /\ StepSpawning("src/main", "migration_start_outgoing",
                    << SetStateEv("src/main", "postcopy-recover") >>
                    \o (IF Is10
                        THEN << E("src/return-path", "source_return_path_thread_entry", NoArgs) >>
                        ELSE << >>),
                    IF Is10 THEN {"src/return-path"} ELSE {})
       ELSE /\ ms' = [ms EXCEPT !.connecting = FALSE, !.state = "postcopy-paused"]
            /\ UNCHANGED <<rpt, mis, chan>>
            /\ Step("src/main", "migration_connect_error_propagate",
                    IF Is10 THEN << SetStateEv("src/main", "postcopy-paused") >> ELSE << >>)
    /\ UNCHANGED <<mt, co, lt, ram, mgmt, hist>>

\* migration.c:2075-2089 qmp_migrate_cancel -> migration_cancel (1427-1481),
\* in two steps of the main thread, because another thread can run between
\* them.  First it shuts the return path down (1439-1444); that file shares
\* the socket with to_dst_file, so both directions break and the return-path
\* thread may see it (7.2 in postcopy: it pauses itself) before ...
\* QEMU 10.2 refuses the command in postcopy states (C7); QEMU 7.2 accepts it,
\* and a paused migration thread is not woken (qemu-7.2 f1).
CancelAllowed == Variant = "legacy" \/ ~MigrationInPostcopy(ms.state)

\* ... the CAS retry loop takes any running state to CANCELLING (S5;
\* CANCELLING -> CANCELLING is a real traced write, qemu-7.2 f1; a state that
\* is no longer running, e.g. FAILED written by the migration thread that saw
\* the broken socket, ends the loop with no write; 11.x's FAILING counts as
\* running (migration.c:1019 at d1ab9655fd), so a cancel then still takes
\* FAILING -> CANCELLING and cleanup ends in CANCELLED), posts pause_event in
\* PRE_SWITCHOVER, and shuts to_dst_file (1463-1469).  Still connecting (no
\* to_dst_file): CANCELLING -> CANCELLED at once (S6).
MigrationCancelCasFrom(m, th, action, enter) ==
    LET m0 == [m EXCEPT !.cancelShut = FALSE]
    IN IF MigrationIsRunning(m.state)
       THEN IF m.connecting /\ m.state = "setup"
            THEN /\ ms' = [m0 EXCEPT !.state = "cancelled"]
                 /\ UNCHANGED chan
                 /\ Step(th, action, enter \o << SetStateEv(th, "cancelling"),
                                                  SetStateEv(th, "cancelled") >>)
            ELSE /\ ms' = [m0 EXCEPT !.state = "cancelling", !.fileErr = ChanInUse,
                                     !.pauseEvent = @ \/ m.state = "pre-switchover"]
                 /\ chan' = ChanShutdownBy(chan, "src")
                 /\ Step(th, action, enter \o << SetStateEv(th, "cancelling") >>)
       ELSE /\ ms' = m0
            /\ UNCHANGED chan
            /\ Step(th, action, enter)

MigrationCancelCas(th, action, enter) == MigrationCancelCasFrom(ms, th, action, enter)

\* migration_cancel from the record m (ms, or ms with quit's flag set).
MigrationCancelFrom(m, th, action, enter) ==
    IF MigrationIsRunning(m.state) /\ rpt \in {"running", "paused"}
    THEN /\ ms' = [m EXCEPT !.cancelShut = TRUE, !.fileErr = ChanInUse]
         /\ chan' = ChanShutdownBy(chan, "src")
         /\ Step(th, action, enter)
    ELSE MigrationCancelCasFrom(m, th, action, enter)

MigrationCancel(th, action, enter) ==
    /\ SrcMainFree /\ ms.alive /\ CancelAllowed
    /\ MigrationCancelFrom(ms, th, action, enter)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt, hist>>

\* The second step, when the first shut a return path down.
MigrationCancelSetState ==
    /\ ms.alive /\ ms.cancelShut
    /\ MigrationCancelCas("src/main", "migration_cancel", << >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt, hist>>

QmpMigrateCancel ==
    MigrationCancel("src/main", "qmp_migrate_cancel",
                    << E("src/main", "qmp_enter_migrate_cancel", NoArgs) >>)

\* The same command refused: "Postcopy migration in progress, cannot cancel."
QmpMigrateCancelRefused ==
    /\ SrcMainFree /\ ms.alive /\ ~CancelAllowed
    /\ Step("src/main", "qmp_migrate_cancel",
            << E("src/main", "qmp_enter_migrate_cancel", NoArgs) >>)
    /\ UNCHANGED stateVars

\* migration.c:1245-1265 qmp_migrate_start_postcopy: only sets a flag the
\* migration thread reads (3247); refused before any migration.
QmpMigrateStartPostcopy ==
    /\ SrcMainFree
    /\ ms.alive /\ Postcopy /\ ms.state /= "none" /\ ~ms.startPostcopy
    /\ ms' = [ms EXCEPT !.startPostcopy = TRUE]
    /\ Step("src/main", "qmp_migrate_start_postcopy",
            << E("src/main", "qmp_enter_migrate_start_postcopy", NoArgs) >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, chan, mgmt, hist>>

\* migration.c:1823-1853 qmp_migrate_pause (source): allowed only in
\* POSTCOPY_ACTIVE or POSTCOPY_RECOVER (not POSTCOPY_DEVICE, C7).  Sets the
\* error "paused by the user", shuts down the socket (both directions) and
\* kicks rp_sem so that a resume in progress fails (C8).
SrcPauseAllowed ==
    IF Is10 THEN MigrationPostcopyIsAlive(ms.state) ELSE ms.state = "postcopy-active"

QmpMigratePauseSrc ==
    /\ ~ms.cancelShut    \* allow-oob: no BQL (SrcBql), as before only not inside migration_cancel
    /\ ms.alive
    /\ IF SrcPauseAllowed
       THEN /\ ms' = [ms EXCEPT !.error = TRUE, !.fileErr = TRUE, !.rpSem = TRUE]
            /\ chan' = ChanShutdownBy(chan, "src")
       ELSE UNCHANGED <<ms, chan>>
    /\ Step("src/main", "qmp_migrate_pause",
            << E("src/main", "qmp_enter_migrate_pause", NoArgs) >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt, hist>>

\* migration.c:1884-1923 migrate_prepare (resume=true): requires
\* POSTCOPY_PAUSED; S7 PAUSED -> RECOVER_SETUP and the old error is freed.
QmpMigrateResume ==
    /\ SrcMainFree
    /\ ms.alive /\ ms.state = "postcopy-paused" /\ ~ms.connecting
    /\ ms' = [ms EXCEPT !.state = IF Is10 THEN "postcopy-recover-setup" ELSE @,
                        !.connecting = TRUE, !.error = FALSE]
    /\ Step("src/main", "qmp_migrate",
            << E("src/main", "qmp_enter_migrate", [resume |-> TRUE]) >>
            \o (IF Is10 THEN << SetStateEv("src/main", "postcopy-recover-setup") >> ELSE << >>))
    /\ UNCHANGED <<mt, rpt, dstVars, ram, chan, mgmt, hist>>

\* migration.c:2091-2100 qmp_migrate_continue: post pause_event when the
\* state is the one given (pre-switchover).
QmpMigrateContinue ==
    /\ SrcMainFree
    /\ ms.alive /\ ms.state = "pre-switchover" /\ ~ms.pauseEvent
    /\ ms' = [ms EXCEPT !.pauseEvent = TRUE]
    /\ Step("src/main", "qmp_migrate_continue",
            << E("src/main", "qmp_enter_migrate_continue", NoArgs) >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, chan, mgmt, hist>>

\* monitor/qmp-cmds.c:100-108 qmp_cont on the source.  Refused in
\* finish-migrate ("Migration is not finalized yet"); otherwise it calls
\* migration_block_activate, which traces "active" before it tries (10.x,
\* block-active.c), then starts the VM; if the image lock is taken it fails
\* and the VM stays stopped.  On a running VM it only re-traces the
\* activation.
SrcContWorks == ms.runstate \in {"paused", "postmigrate"} /\ SrcCanActivate

QmpContSrc(th, action, mgmtAfter) ==
    /\ SrcMainFree /\ ms.alive /\ ms.runstate \in {"paused", "postmigrate", "finish-migrate", "running"}
    /\ IF SrcContWorks
       THEN /\ ms' = [ms EXCEPT !.runstate = "running", !.block = TRUE]
            /\ Step(th, action, BlockEv("src/main", "active")
                                \o << RunstateEv("src/main", "running") >>)
       ELSE /\ UNCHANGED ms
            /\ Step(th, action, IF ms.runstate = "finish-migrate" THEN << >>
                                ELSE BlockEv("src/main", "active"))
    /\ mgmt' = mgmtAfter
    /\ UNCHANGED <<mt, rpt, dstVars, ram, chan, hist>>

\* migration.c:1289-1334 migration_cleanup (cleanup BH, main loop): joins the
\* return-path thread if it still exists (close_return_path_on_source, which
\* shuts its file first), closes the channel, S4 CANCELLING -> CANCELLED;
\* 11.x also FAILING -> FAILED (migration.c:1337-1339 at d1ab9655fd), after
\* the return path was joined (qemu-11.1 s3a: migration_return_path_end_after,
\* then "new state failed").  It asserts !migration_is_active() (1329): a
\* migration thread that left its loop in an active state aborts QEMU here.
MigrationCleanup ==
    /\ SrcMainFree
    /\ ms.alive /\ mt.pc = "cleanup"
    /\ IF MigrationIsActive(ms.state)
       THEN \* assert() fails: the source QEMU aborts.
            /\ ms' = MsGone(ms)
            /\ mt' = [mt EXCEPT !.pc = "done"]
            /\ rpt' = "none"
            /\ chan' = ChanSrcGone(chan)
            /\ hist' = [hist EXCEPT !.aborted = TRUE]
            /\ Step("src/main", "migration_cleanup_assert", << >>)
       ELSE /\ ms' = [ms EXCEPT !.state = CASE @ = "cancelling" -> "cancelled"
                                              [] @ = "failing" -> "failed"
                                              [] OTHER -> @]
            /\ mt' = [mt EXCEPT !.pc = "done"]
            /\ rpt' = "none"
            /\ chan' = [chan EXCEPT !.m2dSt = IF @ = "open" THEN "closed" ELSE @,
                                    !.d2s = << >>,
                                    !.d2sSt = IF @ = "none" THEN "none" ELSE "broken"]
            /\ Step("src/main", "migration_cleanup",
                    (IF Is10 /\ rpt /= "none"
                     THEN << E("src/main", "migration_return_path_end_before", NoArgs),
                             E("src/main", "migration_return_path_end_after", NoArgs) >>
                     ELSE << >>)
                    \o (CASE ms.state = "cancelling" -> << SetStateEv("src/main", "cancelled") >>
                          [] ms.state = "failing" -> << SetStateEv("src/main", "failed") >>
                          [] OTHER -> << >>))
            /\ UNCHANGED hist
    /\ UNCHANGED <<dstVars, ram, mgmt>>


-----------------------------------------------------------------------------
(***************************************************************************)
(* Source migration thread (migration.c:3478 migration_thread).            *)
(***************************************************************************)

\* The return-path thread's exit (2376-2399): an error is kept in ms->error; in RECOVER
\* it kicks rp_sem (2382-2394).  It never sets postcopy_package_loaded_event
\* (C5) -- except in fix (F1), where it does.
RpExit(m, err) ==
    [m EXCEPT !.error = @ \/ err,
              !.rpSem = @ \/ (err /\ m.state = "postcopy-recover"),
              !.pkgEvent = @ \/ F1RpExitSetsEvent]
\* ... and what it traces when it ends on an error (2396-2399).
RpBadEndEv == << E(RP, "source_return_path_thread_bad_end", NoArgs),
                 E(RP, "source_return_path_thread_end", NoArgs) >>


\* migration.c:3478-3550: header, OPEN_RETURN_PATH and PING 1 if the
\* return-path thread exists (3503-3508), POSTCOPY_ADVISE with postcopy
\* (3511-3518), ram_save_setup marks every page dirty, then S10 SETUP ->
\* ACTIVE: a fixed-old CAS, so a cancel that came first wins.
MigrationThreadSetup ==
    /\ ms.alive /\ mt.pc = "setup"
    /\ LET msgs == (IF rpt /= "none" THEN << Cmd("OPEN_RETURN_PATH"), Ping(1) >> ELSE << >>)
                   \o (IF Postcopy THEN << Cmd("POSTCOPY_ADVISE") >> ELSE << >>)
           ok == ms.state = "setup"
       IN /\ chan' = [chan EXCEPT !.m2d = SrcSend(@, msgs)]
          /\ ms' = [ms EXCEPT !.state = IF ok THEN "active" ELSE @]
          /\ Step(MIG, "migration_thread",
                  (IF rpt /= "none"
                   THEN << E(MIG, "savevm_send_open_return_path", NoArgs), PingSentEv(1) >>
                   ELSE << >>)
                  \o (IF PostcopyRam
                      THEN << E(MIG, "qemu_savevm_send_postcopy_advise", NoArgs) >> ELSE << >>)
                  \o (IF ok THEN << SetStateEv(MIG, "active") >> ELSE << >>))
    /\ mt' = [mt EXCEPT !.pc = "loop"]
    /\ ram' = [ram EXCEPT !.dirty = [p \in Pages |-> TRUE]]
    /\ UNCHANGED <<rpt, dstVars, mgmt, hist>>

InPostcopyLoop == ms.state \in {"postcopy-device", "postcopy-active"}

\* migration_iteration_run (3200-3270), a pass that sends one page: a page
\* the destination requested first (ram_save_queue_pages, even if clean),
\* else a dirty page.  In POSTCOPY_DEVICE with the PONG 0x42 flag set, v4
\* first switches to POSTCOPY_ACTIVE (MigrationIterationRunPackageLoaded).
\* Page-level trace events are not mapped (spec/README.md, "Scope").
MigrationIterationRunSendPage ==
    /\ ms.alive /\ mt.pc = "loop"
    /\ \/ ms.state = "active" /\ ~(ms.startPostcopy /\ Postcopy)
       \/ ms.state = "postcopy-active"
       \/ ms.state = "postcopy-device" /\ ~(DstPostcopyDevice /\ ms.pkgLoaded)
    /\ \E p \in Pages :
          /\ IF InPostcopyLoop /\ ms.reqPages /= {} THEN p \in ms.reqPages ELSE ram.dirty[p]
          /\ chan' = [chan EXCEPT !.m2d = SrcSend(@, << Msg("PAGE", ram.src[p], p) >>)]
          /\ ram' = [ram EXCEPT !.dirty[p] = FALSE]
          /\ ms' = [ms EXCEPT !.reqPages = @ \ {p}]
    /\ Step(MIG, "ram_save_iterate", << >>)
    /\ UNCHANGED <<mt, rpt, dstVars, mgmt, hist>>

\* migration_completion_precopy + migration_switchover_start (2707-2735):
\* S14/S16 -> DEVICE (QEMU 7.2: no DEVICE without pause-before-switchover),
\* inactivate the disks, send the remaining RAM, the device state, EOF.
\* QEMU 7.2 sets s->vm_was_running in migration_completion only (precopy,
\* before migration_maybe_pause); postcopy_start never does, so after a failed
\* or cancelled postcopy 7.2 does not restart the source VM (it goes to
\* POSTMIGRATE).  10.x saves vm_old_state on both paths (migration_stop_vm),
\* and the VM was always running then, so only legacy needs the flag.
LegacyWasRunning(m) == ~Is10 /\ m.runstate = "running"

PrecopySwitchover(pre, fromPause) ==
    LET dev == Is10 \/ fromPause
    IN /\ ms' = [ms EXCEPT !.runstate = "finish-migrate", !.block = FALSE,
                           !.state = IF dev THEN "device" ELSE @,
                           !.pauseEvent = FALSE]
       /\ chan' = [chan EXCEPT !.m2d = Send(@, chan.m2dSt,
                                           PageMsgs(Dirty) \o << Cmd("DEVICE"), Cmd("EOF") >>)]
       /\ ram' = [ram EXCEPT !.dirty = [p \in Pages |-> FALSE]]
       /\ mt' = [pc |-> "completion-end", read |-> "none"]
       /\ Step(MIG, "migration_completion",
               pre \o (IF dev THEN << SetStateEv(MIG, "device") >> ELSE << >>)
                   \o BlockEv(MIG, "inactive"))

\* migration.c:2780-2832 migration_completion, precopy: pending is under the
\* threshold (at any time, if precopy converges at all: the model does not
\* measure bandwidth) and postcopy was not requested.  migration_stop_vm
\* (FINISH_MIGRATE) first; the switchover is the next step, with the BQL
\* still held ("switchover", SrcBql): a kill -9 or a break can land between
\* the two, after the VM stopped and before anything was sent (the
\* implementation's crash point migration_completion_vm_stop, campaign seed
\* 3 run 028).  With pause-before-switchover S15 ACTIVE -> PRE_SWITCHOVER
\* and wait for pause_event with the BQL dropped (2691-2695, C14).
MigrationCompletionPrecopy ==
    /\ ms.alive /\ mt.pc = "loop" /\ ms.state = "active" /\ SrcMigrationGetsBql
    /\ PrecopyConverges /\ ~(ms.startPostcopy /\ Postcopy)
    /\ LET stop == IF ms.runstate = "running"
                   THEN << RunstateEv(MIG, "finish-migrate") >> ELSE << >>
       IN /\ ms' = [ms EXCEPT !.runstate = "finish-migrate",
                              !.state = IF PauseBeforeSwitchover THEN "pre-switchover" ELSE @,
                              !.wasRunning = LegacyWasRunning(ms)]
          /\ mt' = [pc |-> IF PauseBeforeSwitchover THEN "pre-switchover" ELSE "switchover",
                    read |-> "precopy"]
          /\ Step(MIG, "migration_completion",
                  stop \o (IF PauseBeforeSwitchover
                           THEN << SetStateEv(MIG, "pre-switchover") >> ELSE << >>))
    /\ UNCHANGED <<rpt, dstVars, mgmt, hist, chan, ram>>

\* The switchover after migration_stop_vm: migration_maybe_pause's S16
\* (ACTIVE -> DEVICE, 10.x), the disks inactivated, the dirty pages, the
\* device state and EOF (qemu_savevm_state_complete_precopy).
MigrationCompletionSwitchover ==
    /\ ms.alive /\ mt.pc = "switchover" /\ SrcMigrationGetsBql
    /\ PrecopySwitchover(<< >>, FALSE)
    /\ UNCHANGED <<rpt, dstVars, mgmt, hist>>

\* postcopy_start steps 6-12 (migration.c:2497-2582): S14/S16 -> DEVICE,
\* disks inactivated, SWITCHOVER_START, the discard bitmap (the pages dirty
\* now: the destination drops them), PING 2, the package {LISTEN, device
\* state, PING 3, PING 0x42, RUN} and PING 4.  PING 0x42 is added when the
\* return-path thread exists (v4, 2557-2565) and always in v1 (the patch).
\* A stream error before the package is "the last point of recovery"
\* (2571-2579): the fail path (S19), FAILED unless CANCELLING, disks back.
\* QEMU 7.2 (legacy) already switched to POSTCOPY_ACTIVE and has neither
\* DEVICE nor PING 0x42 nor the block trace event.
PostcopyStartRest(pre) ==
    LET with42 == Variant = "v1" \/ (SrcPostcopyDevice /\ rpt /= "none")
        discard == SeqOfSet(Dirty)
        msgs == (IF Is10 THEN << Cmd("SWITCHOVER_START") >> ELSE << >>)
                \o [i \in 1..Len(discard) |-> Msg("RAM_DISCARD", 0, discard[i])]
                \o (IF PostcopyRam THEN << Ping(2) >> ELSE << >>)
                \o << Msg("PACKAGED", IF with42 THEN 1 ELSE 0, 0) >>
                \o (IF PostcopyRam THEN << Ping(4) >> ELSE << >>)
        devEv == IF Is10 THEN << SetStateEv(MIG, "device") >> ELSE << >>
        \* PING 2 and the package's contents are traced as they are written,
        \* before the "last point of recovery" check (2571-2579) ...
        builtEv == (IF PostcopyRam THEN << PingSentEv(2) >> ELSE << >>)
                   \o << E(MIG, "savevm_send_postcopy_listen", NoArgs) >>
                   \o (IF PostcopyRam THEN << PingSentEv(3) >> ELSE << >>)
                   \o (IF with42 THEN << PingSentEv(PingPackagedLoaded) >> ELSE << >>)
                   \o << E(MIG, "savevm_send_postcopy_run", NoArgs) >>
        \* ... the package itself and PING 4 only after it
        sentEv == builtEv
                  \o << E(MIG, "qemu_savevm_send_packaged", NoArgs) >>
                  \o (IF PostcopyRam THEN << PingSentEv(4) >> ELSE << >>)
        \* S19 (10.x): anything but CANCELLING -> FAILED (11.x: FAILING, 2646 at
        \* d1ab9655fd); 7.2: POSTCOPY_ACTIVE -> FAILED
        failState == IF Is10
                     THEN IF ms.state = "cancelling" THEN "cancelling" ELSE SrcFailState
                     ELSE IF ms.state = "postcopy-active" THEN "failed" ELSE ms.state
    IN IF ms.fileErr
       THEN \* the fail path, then the disks are re-activated (2640)
            /\ ms' = [ms EXCEPT !.runstate = "finish-migrate", !.state = failState,
                                !.block = SrcCanActivate, !.pauseEvent = FALSE]
            /\ mt' = [pc |-> "loop", read |-> "none"]
            /\ UNCHANGED <<chan, ram>>
            /\ Step(MIG, "postcopy_start",
                    pre \o devEv \o BlockEv(MIG, "inactive") \o builtEv
                        \o (IF failState /= ms.state /\ failState \in {"failed", "failing"}
                            THEN << SetStateEv(MIG, failState) >> ELSE << >>)
                        \o BlockEv(MIG, "active"))
       ELSE /\ ms' = [ms EXCEPT !.runstate = "finish-migrate", !.block = FALSE,
                                !.state = IF Is10 THEN "device" ELSE @,
                                !.pauseEvent = FALSE]
            /\ chan' = [chan EXCEPT !.m2d = SrcSend(@, msgs)]
            /\ mt' = [pc |-> "postcopy-check", read |-> "none"]
            /\ UNCHANGED ram
            /\ Step(MIG, "postcopy_start", pre \o devEv \o BlockEv(MIG, "inactive") \o sentEv)

\* migration.c:2456-2497 postcopy_start, entered from migration_iteration_run
\* when postcopy was requested (3246-3253).  The BQL is held from here to
\* S18 (SrcBql: "postcopy-check" holds it), so no QMP command, BH or
\* callback of the source interleaves.  Steps 4-6: trace, stop the VM, then
\* the switchover (with pause-before-switchover: PRE_SWITCHOVER and wait).
PostcopyStart ==
    /\ SrcMigrationGetsBql
    /\ ms.alive /\ mt.pc = "loop" /\ ms.state = "active" /\ ms.startPostcopy /\ Postcopy
    /\ Is10
    /\ LET pre == << E(MIG, "postcopy_start", NoArgs) >>
                  \o (IF ms.runstate = "running"
                      THEN << RunstateEv(MIG, "finish-migrate") >> ELSE << >>)
       IN IF PauseBeforeSwitchover
          THEN /\ ms' = [ms EXCEPT !.runstate = "finish-migrate", !.state = "pre-switchover"]
               /\ mt' = [pc |-> "pre-switchover", read |-> "postcopy"]
               /\ UNCHANGED <<chan, ram>>
               /\ Step(MIG, "postcopy_start", pre \o << SetStateEv(MIG, "pre-switchover") >>)
          ELSE PostcopyStartRest(pre)
    /\ UNCHANGED <<rpt, dstVars, mgmt, hist>>

\* QEMU 7.2 postcopy_start: ACTIVE -> POSTCOPY_ACTIVE *before* taking the
\* iothread lock and stopping the VM (qemu-7.2 README, item 1).  A fixed-old
\* CAS after which 7.2 carries on whatever happened to the state.
LegacyPostcopyStartSetState ==
    /\ Variant = "legacy" /\ ms.alive /\ mt.pc = "loop" /\ ms.state = "active"
    /\ ms.startPostcopy /\ Postcopy /\ ~PauseBeforeSwitchover
    /\ ms' = [ms EXCEPT !.state = "postcopy-active"]
    /\ mt' = [pc |-> "postcopy-start", read |-> "none"]
    /\ Step(MIG, "postcopy_start", << SetStateEv(MIG, "postcopy-active") >>)
    /\ UNCHANGED <<rpt, dstVars, ram, chan, mgmt, hist>>

\* QEMU 7.2 postcopy_start after the early write: lock, stop the VM, (with
\* pause-before-switchover: migration_maybe_pause ACTIVE -> PRE_SWITCHOVER),
\* bdrv_inactivate_all, discard bitmap, PING 2, package, PING 4.
LegacyPostcopyStart ==
    /\ Variant = "legacy" /\ ms.alive /\ SrcMigrationGetsBql
    /\ \/ mt.pc = "postcopy-start"
       \/ mt.pc = "loop" /\ ms.state = "active" /\ ms.startPostcopy /\ Postcopy
          /\ PauseBeforeSwitchover
    /\ LET pre == << E(MIG, "postcopy_start", NoArgs) >>
                  \o (IF ms.runstate = "running"
                      THEN << RunstateEv(MIG, "finish-migrate") >> ELSE << >>)
       IN IF PauseBeforeSwitchover
          THEN /\ ms' = [ms EXCEPT !.runstate = "finish-migrate",
                                   !.state = IF @ = "active" THEN "pre-switchover" ELSE @]
               /\ mt' = [pc |-> "pre-switchover", read |-> "postcopy"]
               /\ UNCHANGED <<chan, ram>>
               /\ Step(MIG, "postcopy_start",
                       pre \o (IF ms.state = "active"
                               THEN << SetStateEv(MIG, "pre-switchover") >> ELSE << >>))
          ELSE PostcopyStartRest(pre)
    /\ UNCHANGED <<rpt, dstVars, mgmt, hist>>

\* migration.c:2691-2704 (and 7.2 migration_maybe_pause): after pause_event,
\* S16 PRE_SWITCHOVER -> DEVICE (7.2 postcopy: -> POSTCOPY_ACTIVE).  If a
\* cancel landed while the BQL was dropped the CAS fails and the switchover
\* takes its fail path: CANCELLING stays (C14).
MigrationSwitchoverResume ==
    /\ ms.alive /\ mt.pc = "pre-switchover" /\ ms.pauseEvent /\ SrcMigrationGetsBql
    /\ IF ms.state = "pre-switchover"
       THEN IF mt.read = "precopy"
            THEN PrecopySwitchover(<< >>, TRUE)
            ELSE IF Is10
                 THEN PostcopyStartRest(<< >>)
                 ELSE \* 7.2: PRE_SWITCHOVER -> POSTCOPY_ACTIVE, then the rest
                      /\ ms' = [ms EXCEPT !.state = "postcopy-active", !.pauseEvent = FALSE]
                      /\ mt' = [pc |-> "postcopy-start", read |-> "none"]
                      /\ UNCHANGED <<chan, ram>>
                      /\ Step(MIG, "migration_maybe_pause",
                              << SetStateEv(MIG, "postcopy-active") >>)
       ELSE /\ ms' = [ms EXCEPT !.pauseEvent = FALSE]
            /\ mt' = [pc |-> "finish", read |-> "none"]
            /\ UNCHANGED <<chan, ram>>
            /\ Step(MIG, "migration_switchover_prepare", << >>)
    /\ UNCHANGED <<rpt, dstVars, mgmt, hist>>

\* migration.c:2608-2628: a stream error after the package takes the fail
\* path (S19: FAILED unless CANCELLING, then disks re-activated); otherwise
\* S18 DEVICE -> POSTCOPY_DEVICE if the return-path thread exists (v1, v4,
\* fix), -> POSTCOPY_ACTIVE without it.  QEMU 7.2 is already POSTCOPY_ACTIVE;
\* its check does POSTCOPY_ACTIVE -> FAILED (fixed old) and nothing else.
\* fix (F4): once the package may have reached the destination, an error is
\* handled like one in POSTCOPY_DEVICE, so S18 happens anyway.
PostcopyStartCheck ==
    /\ ms.alive /\ mt.pc = "postcopy-check"
    /\ mt' = [pc |-> "loop", read |-> "none"]
    /\ IF ms.fileErr /\ ~F4AfterPackage
       THEN IF Is10
            THEN LET st == IF ms.state = "cancelling" THEN "cancelling" ELSE SrcFailState
                 IN /\ ms' = [ms EXCEPT !.state = st, !.block = @ \/ SrcCanActivate]
                    /\ Step(MIG, "postcopy_start",
                            (IF st = SrcFailState THEN << SetStateEv(MIG, st) >> ELSE << >>)
                            \o BlockEv(MIG, "active"))
            ELSE /\ ms' = [ms EXCEPT !.state = IF @ = "postcopy-active" THEN "failed" ELSE @]
                 /\ Step(MIG, "postcopy_start",
                         IF ms.state = "postcopy-active"
                         THEN << SetStateEv(MIG, "failed") >> ELSE << >>)
       ELSE IF Is10 /\ ms.state = "device"
            THEN LET st == IF SrcPostcopyDevice /\ rpt /= "none"
                           THEN "postcopy-device" ELSE "postcopy-active"
                 IN /\ ms' = [ms EXCEPT !.state = st]
                    /\ Step(MIG, "postcopy_start", << SetStateEv(MIG, st) >>)
            ELSE /\ UNCHANGED ms
                 /\ Step(MIG, "postcopy_start", << >>)
    /\ UNCHANGED <<rpt, dstVars, ram, chan, mgmt, hist>>

\* migration.c:3212-3227 (v4): in POSTCOPY_DEVICE, once the return-path
\* thread flagged PONG 0x42 or nothing is left to send (complete_ready), the
\* migration thread waits on postcopy_package_loaded_event: no timeout and
\* no error wake-up (C5).
MigrationIterationRunPackageLoaded ==
    /\ DstPostcopyDevice
    /\ ms.alive /\ mt.pc = "loop" /\ ms.state = "postcopy-device"
    /\ ms.pkgLoaded \/ (PendingZero /\ ms.reqPages = {})
    /\ mt' = [mt EXCEPT !.pc = "wait-loaded"]
    /\ Step(MIG, "migration_iteration_run", << >>)
    /\ UNCHANGED <<ms, rpt, dstVars, ram, chan, mgmt, hist>>

\* ... then S20 POSTCOPY_DEVICE -> POSTCOPY_ACTIVE (3228, fixed old).
\* fix (F1): the return-path thread's exit also sets the event; woken
\* without the flag, the migration thread fails the migration the way
\* migration_detect_error does (read-then-CAS to FAILED).
MigrationWaitPackageLoaded ==
    /\ ms.alive /\ mt.pc = "wait-loaded" /\ ms.pkgEvent
    /\ IF ms.pkgLoaded
       THEN /\ ms' = [ms EXCEPT !.state = IF @ = "postcopy-device" THEN "postcopy-active" ELSE @]
            /\ mt' = [mt EXCEPT !.pc = "loop"]
            /\ Step(MIG, "migration_iteration_run",
                    IF ms.state = "postcopy-device"
                    THEN << SetStateEv(MIG, "postcopy-active") >> ELSE << >>)
       ELSE /\ UNCHANGED ms
            /\ mt' = [pc |-> "device-error", read |-> "none"]
            /\ Step(MIG, "migration_iteration_run", << >>)
    /\ UNCHANGED <<rpt, dstVars, ram, chan, mgmt, hist>>

\* migration_completion for postcopy (2761-2778): the last iterable
\* sections and QEMU_VM_EOF, once nothing is pending.  QEMU 10.2 enters it
\* only in POSTCOPY_ACTIVE; v1 also in POSTCOPY_DEVICE.
MigrationCompletionPostcopy ==
    /\ ms.alive /\ mt.pc = "loop" /\ PendingZero /\ ms.reqPages = {} /\ SrcMigrationGetsBql
    /\ \/ ms.state = "postcopy-active"
       \/ Variant = "v1" /\ ms.state = "postcopy-device"
    /\ chan' = [chan EXCEPT !.m2d = SrcSend(@, << Cmd("EOF") >>)]
    /\ mt' = [pc |-> "completion-end", read |-> ms.state]
    /\ Step(MIG, "migration_completion",
            << E(MIG, "migration_completion_postcopy_end", NoArgs) >>)
    /\ UNCHANGED <<ms, rpt, dstVars, ram, mgmt, hist>>

\* migration.c:2795-2832 with close_return_path_on_source (2416-2443): join
\* the return-path thread, which exits on SHUT (with an error pending, its
\* file is shut down first so it exits at once); fail on a return-path
\* error (C10, 2803) or a file error (2807): FAILED unless CANCELLING (S22;
\* 11.x FAILING, migration.c:2839 at d1ab9655fd);
\* else S23 -> COMPLETED.  The return-path thread is joined, so no other
\* thread writes the state between the read and the CAS here.  In
\* POSTCOPY_ACTIVE a failure restarts the source although the destination
\* may have run (C10): safe only while the destination holds the image lock.
\* migration.c:2416-2422 close_return_path_on_source, up to the join: the
\* trace, then qemu_thread_join (2437), which waits until the return-path
\* thread exits.  A paused one never does (QEMU 7.2, whose return-path thread
\* pauses on its own: the migration thread hangs here, C5 in 7.2's form).
MigrationReturnPathJoin ==
    /\ ms.alive /\ mt.pc = "completion-end" /\ rpt /= "none"
    /\ mt' = [mt EXCEPT !.pc = "rp-join"]
    /\ Step(MIG, "close_return_path_on_source",
            << E(MIG, "migration_return_path_end_before", NoArgs) >>)
    /\ UNCHANGED <<ms, rpt, dstVars, ram, chan, mgmt, hist>>

MigrationCompletionEnd ==
    /\ ms.alive
    /\ mt.pc = "rp-join" \/ (mt.pc = "completion-end" /\ rpt = "none")
    /\ \/ rpt \in {"none", "exited"}
       \/ rpt = "running" /\ (ms.error \/ ms.fileErr)
    /\ LET forced == rpt = "running"
           failed == ms.error \/ ms.fileErr \/ forced
           forcedEv == IF forced THEN RpBadEndEv ELSE << >>
           joinAfter == IF mt.pc = "rp-join"
                        THEN << E(MIG, "migration_return_path_end_after", NoArgs) >> ELSE << >>
           \* fix (F6): in POSTCOPY_ACTIVE the destination may have run the
           \* guest, so a failed completion pauses instead of failing
           pause == F6CompletionPauses(failed)
           final == CASE pause -> ms.state
                      [] failed -> IF ms.state = "cancelling" THEN "cancelling" ELSE SrcFailState
                      [] OTHER -> "completed"
       IN /\ final = "completed" => SrcMigrationGetsBql   \* migration_completion_end
          /\ ms' = [ms EXCEPT !.state = final, !.error = @ \/ forced]
          /\ mt' = [pc |-> IF pause THEN "pause" ELSE "finish", read |-> "none"]
          /\ Step(MIG, "migration_completion",
                  forcedEv \o joinAfter
                  \o (IF final /= ms.state THEN << SetStateEv(MIG, final) >> ELSE << >>))
    /\ rpt' = "none"
    /\ UNCHANGED <<dstVars, ram, chan, mgmt, hist>>

\* migration.c:3026-3075 migration_detect_error, on every pass: with a file
\* error, POSTCOPY_ACTIVE pauses (postcopy_pause); any other state fails,
\* with a read-then-CAS (S25): the state read here (3031) ...
MigrationDetectError ==
    /\ ms.alive /\ mt.pc = "loop" /\ ms.fileErr /\ MigrationIsActive(ms.state)
    /\ mt' = CASE ms.state = "postcopy-active" -> [pc |-> "pause", read |-> "none"]
               [] F4InPostcopyDevice -> [pc |-> "device-error", read |-> "none"]
               [] OTHER -> [pc |-> "detect-cas", read |-> ms.state]
    /\ chan' = IF F4InPostcopyDevice THEN F4HalfCloseMainStream ELSE chan   \* fix (F4'')
    /\ Step(MIG, "migration_detect_error", << >>)
    /\ UNCHANGED <<ms, rpt, dstVars, ram, mgmt, hist>>

\* ... is the `old` of the CAS at 3069: if another thread wrote in between
\* (C1, C2: the v1 return-path thread on PONG 0x42), it silently does
\* nothing, and the thread leaves its loop anyway (MIG_THR_ERR_FATAL).
\* 11.x writes FAILING here (migration.c:3077 at d1ab9655fd).
MigrationDetectErrorCas ==
    /\ ms.alive /\ mt.pc = "detect-cas"
    /\ ms' = [ms EXCEPT !.state = IF @ = mt.read THEN SrcFailState ELSE @]
    /\ mt' = [pc |-> "finish", read |-> "none"]
    /\ Step(MIG, "migration_detect_error",
            IF ms.state = mt.read THEN << SetStateEv(MIG, SrcFailState) >> ELSE << >>)
    /\ UNCHANGED <<rpt, dstVars, ram, chan, mgmt, hist>>

\* migration.c:2945-2978 postcopy_pause: close_return_path_on_source joins
\* the return-path thread (QEMU 7.2 does not: its thread pauses itself),
\* to_dst_file is shut down and released, then S24 ->
\* POSTCOPY_PAUSED, a read-then-CAS (C2) ...
PostcopyPause ==
    /\ ms.alive /\ mt.pc = "pause"
    \* close_return_path_on_source (2688-2715) first: migration_detect_error
    \* recorded the file's error (migrate_set_error, 3046-3049), so it shuts
    \* the return path's file down before the join; the thread exits even
    \* when the socket is healthy (src-local-error), as in MigrationCompletionEnd.
    /\ Is10 => \/ rpt \in {"none", "exited"}
               \/ rpt = "running" /\ (ms.error \/ ms.fileErr)
    /\ LET forced == Is10 /\ rpt = "running"
       IN /\ ms' = IF forced THEN RpExit(ms, TRUE) ELSE ms
          /\ Step(MIG, "postcopy_pause",
                  IF Is10 /\ rpt /= "none"
                  THEN << E(MIG, "migration_return_path_end_before", NoArgs) >>
                       \o (IF forced THEN RpBadEndEv ELSE << >>)
                       \o << E(MIG, "migration_return_path_end_after", NoArgs) >>
                  ELSE << >>)
    /\ mt' = [pc |-> "pause-cas", read |-> ms.state]
    /\ rpt' = IF Is10 THEN "none" ELSE rpt
    \* "Current channel is possibly broken. Release it." (3242-3250):
    \* qemu_file_shutdown, both directions; the destination learns of a
    \* local error only this way (src-local-error: the socket was healthy).
    /\ chan' = IF chan.m2dSt \in {"open", "silent"} THEN ChanShutdownBy(chan, "src") ELSE chan
    /\ UNCHANGED <<dstVars, ram, mgmt, hist>>

\* ... whose `old` is the state read before (postcopy-active, or
\* postcopy-recover after a failed resume).
PostcopyPauseSetState ==
    /\ ms.alive /\ mt.pc = "pause-cas"
    /\ ms' = [ms EXCEPT !.state = IF @ = mt.read THEN "postcopy-paused" ELSE @,
                        !.pauseSem = FALSE]
    /\ mt' = [pc |-> "paused", read |-> "none"]
    /\ Step(MIG, "postcopy_pause",
            IF ms.state = mt.read THEN << SetStateEv(MIG, "postcopy-paused") >> ELSE << >>)
    /\ UNCHANGED <<rpt, dstVars, ram, chan, mgmt, hist>>

\* migration.c:2988-3010: the thread sleeps on postcopy_pause_sem while the
\* state is PAUSED or RECOVER_SETUP; only S8 posts it.  Woken in RECOVER it
\* tries to resume; in any other state it gives up (MIG_THR_ERR_FATAL): an
\* internal cancel does not post the semaphore, so it keeps sleeping (C7).
\* QEMU 7.2 first wakes its paused return-path thread.
PostcopyPauseWake ==
    /\ ms.alive /\ mt.pc = "paused" /\ ms.pauseSem
    /\ ms' = [ms EXCEPT !.pauseSem = FALSE]
    /\ IF PostcopyIsPaused(ms.state)
       THEN /\ UNCHANGED <<mt, rpt>>
            /\ Step(MIG, "postcopy_pause", << >>)
       ELSE IF ms.state = "postcopy-recover"
            THEN /\ mt' = [pc |-> "resume", read |-> "none"]
                 /\ rpt' = IF ~Is10 /\ rpt = "paused" THEN "running" ELSE rpt
                 /\ Step(MIG, "postcopy_pause",
                         IF ~Is10 /\ rpt = "paused"
                         THEN << E("src/return-path", "postcopy_pause_return_path_continued", NoArgs) >>
                         ELSE << >>)
            ELSE /\ mt' = [pc |-> "finish", read |-> "none"]
                 /\ UNCHANGED rpt
                 /\ Step(MIG, "postcopy_pause", << >>)
    /\ UNCHANGED <<dstVars, ram, chan, mgmt, hist>>

\* migration.c:2898-2915 postcopy_do_resume, qemu_savevm_state_resume_prepare:
\* RECV_BITMAP for the RAM block, then wait on rp_sem until the return-path
\* thread reloaded the destination's received bitmap (ram.c:4525-4551).
PostcopyDoResume ==
    /\ ms.alive /\ mt.pc = "resume"
    /\ chan' = [chan EXCEPT !.m2d = SrcSend(@, << Cmd("RECV_BITMAP") >>)]
    /\ ms' = [ms EXCEPT !.rpSem = FALSE]
    /\ mt' = [pc |-> "resume-bitmap", read |-> "none"]
    /\ Step(MIG, "postcopy_do_resume", << >>)
    /\ UNCHANGED <<rpt, dstVars, ram, mgmt, hist>>

\* migration_rp_wait (2102-2117) returns -1 if an error is pending
\* (migrate-pause in RECOVER, or the return path died: C8), and the resume
\* fails: back to postcopy_pause, RECOVER -> PAUSED.  Otherwise
\* postcopy_resume_handshake (2880-2895): POSTCOPY_RESUME, then wait while
\* the state is RECOVER, until the return-path thread saw RESUME_ACK (S9).
\* The loop tests the state before it waits: once it is POSTCOPY_ACTIVE the
\* resume succeeds (postcopy_pause_continued) without looking at the error,
\* even with a pause already pending; the migration loop then pauses again.
PostcopyResumeHandshake ==
    /\ ms.alive /\ mt.pc \in {"resume-bitmap", "resume-ack"}
    /\ LET noWait == mt.pc = "resume-ack" /\ ms.state /= "postcopy-recover"
       IN /\ noWait \/ ms.rpSem \/ ms.error
          /\ ms' = [ms EXCEPT !.rpSem = FALSE]
          /\ CASE noWait /\ ms.state = "postcopy-active" ->
                    /\ mt' = [pc |-> "loop", read |-> "none"]
                    /\ UNCHANGED chan
                    /\ Step(MIG, "postcopy_pause", << E(MIG, "postcopy_pause_continued", NoArgs) >>)
               [] noWait ->
                    /\ mt' = [pc |-> "pause", read |-> "none"]
                    /\ UNCHANGED chan
                    /\ Step(MIG, "postcopy_pause", << >>)
               [] ms.error \/ (mt.pc = "resume-bitmap" /\ ms.state /= "postcopy-recover") ->
                    /\ mt' = [pc |-> "pause", read |-> "none"]
                    /\ UNCHANGED chan
                    /\ Step(MIG, "postcopy_do_resume", << >>)
               [] mt.pc = "resume-bitmap" ->
                    /\ chan' = [chan EXCEPT !.m2d = SrcSend(@, << Cmd("POSTCOPY_RESUME") >>)]
                    /\ mt' = [pc |-> "resume-ack", read |-> "none"]
                    /\ Step(MIG, "postcopy_resume_handshake",
                            << E(MIG, "savevm_send_postcopy_resume", NoArgs) >>)
               [] OTHER ->
                    \* woken in RECOVER (a late RECV_BITMAP): wait again
                    /\ UNCHANGED <<mt, chan>>
                    /\ Step(MIG, "postcopy_resume_handshake", << >>)
    /\ UNCHANGED <<rpt, dstVars, ram, mgmt, hist>>

\* migration.c:3280-3340 migration_iteration_finish (BQL), once the loop is
\* over: COMPLETED -> runstate POSTMIGRATE; FAILED/CANCELLED/CANCELLING ->
\* migration_block_activate and vm_start only if that worked (26f65c01ed; C3
\* andC10 then rest on the image lock).  QEMU 7.2 restarts the VM whether or
\* not the disks came back, but only if vm_was_running (a precopy
\* completion stopped it); else FINISH_MIGRATE -> POSTMIGRATE (7.2
\* migration.c migration_iteration_finish).  Any other state: "Unknown ending state",
\* nothing.  Then the cleanup BH.  11.x tests FAILING where 10.2 tested
\* FAILED (migration.c:3308 at d1ab9655fd): FAILED is only written later,
\* by the cleanup BH.
MigrationIterationFinish ==
    /\ ms.alive /\ SrcMigrationGetsBql
    /\ mt.pc = "finish" \/ (mt.pc = "loop" /\ ~MigrationIsActive(ms.state))
    /\ mt' = [pc |-> "cleanup", read |-> "none"]
    /\ LET after == E(MIG, "migration_thread_after_loop", NoArgs)
           act == ms.block \/ SrcCanActivate
           restart == IF Is10 THEN act ELSE ms.wasRunning
           post == ~Is10 /\ ~ms.wasRunning /\ ms.runstate = "finish-migrate"
       IN CASE ms.state = "completed" ->
                 /\ ms' = [ms EXCEPT !.runstate = "postmigrate"]
                 /\ Step(MIG, "migration_iteration_finish",
                         << after >> \o (IF ms.runstate = "finish-migrate"
                                         THEN << RunstateEv(MIG, "postmigrate") >> ELSE << >>))
            [] ms.state \in {SrcFailState, "cancelled", "cancelling"} ->
                 /\ ms' = [ms EXCEPT !.block = @ \/ act,
                                     !.runstate = IF restart THEN "running"
                                                  ELSE IF post THEN "postmigrate" ELSE @]
                 /\ Step(MIG, "migration_iteration_finish",
                         << after >> \o BlockEv(MIG, "active")
                         \o (IF restart /\ ms.runstate /= "running"
                             THEN << RunstateEv(MIG, "running") >>
                             ELSE IF post THEN << RunstateEv(MIG, "postmigrate") >>
                             ELSE << >>))
            [] OTHER ->
                 /\ UNCHANGED ms
                 /\ Step(MIG, "migration_iteration_finish", << after >>)
    /\ UNCHANGED <<rpt, dstVars, ram, chan, mgmt, hist>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Source return-path thread (migration.c:2237-2400 source_return_path_thread). *)
(***************************************************************************)

\* One message off the return path, in order (2253-2370).
SourceReturnPathThreadRecv ==
    /\ ms.alive /\ rpt = "running" /\ CanRecv(chan.d2s, chan.d2sSt)
    /\ LET m == Head(chan.d2s)
       IN CASE m.t = "PONG" /\ m.v = PingPackagedLoaded /\ Variant = "v1" ->
                 \* v1: the return-path thread itself does the CAS (C1)
                 LET ok == ms.state = "postcopy-device"
                 IN /\ ms' = [ms EXCEPT !.state = IF ok THEN "postcopy-active" ELSE @]
                    /\ rpt' = rpt
                    /\ Step(RP, "source_return_path_thread",
                            << E(RP, "source_return_path_thread_pong", [val |-> m.v]),
                               E(RP, "source_return_path_thread_dst_started", NoArgs) >>
                            \o (IF ok THEN << SetStateEv(RP, "postcopy-active") >> ELSE << >>))
            [] m.t = "PONG" /\ m.v = PingPackagedLoaded /\ DstPostcopyDevice ->
                 \* 2304-2313: only the flag and the event; the migration thread does S20
                 /\ ms' = [ms EXCEPT !.pkgLoaded = TRUE, !.pkgEvent = TRUE]
                 /\ rpt' = rpt
                 /\ Step(RP, "source_return_path_thread",
                         << E(RP, "source_return_path_thread_pong", [val |-> m.v]),
                            E(RP, "source_return_path_thread_postcopy_package_loaded", NoArgs) >>)
            [] m.t = "PONG" /\ ~(m.v = PingPackagedLoaded /\ SrcPostcopyDevice) ->
                 /\ UNCHANGED <<ms, rpt>>
                 /\ Step(RP, "source_return_path_thread",
                         << E(RP, "source_return_path_thread_pong", [val |-> m.v]) >>)
            [] m.t = "SHUT" ->
                 \* 2291-2302: a non-zero value is "Sibling indicated error"; the
                 \* thread exits either way.  QEMU 7.2 marks the error but ends
                 \* through its normal exit (no bad_end trace).
                 \* fix (F4'): the migration thread reads it after the join.
                 /\ ms' = [RpExit(ms, m.v /= 0) EXCEPT !.dstFailed = @ \/ F4DstFailed(m.v)]
                 /\ rpt' = "exited"
                 /\ Step(RP, "source_return_path_thread",
                         << E(RP, "source_return_path_thread_shut", [val |-> m.v]) >>
                         \o (IF m.v /= 0 /\ Is10
                             THEN << E(RP, "source_return_path_thread_bad_end", NoArgs) >> ELSE << >>)
                         \o << E(RP, "source_return_path_thread_end", NoArgs) >>)
            [] m.t = "REQ_PAGES" ->
                 \* 2315-2345: ram_save_queue_pages
                 /\ ms' = [ms EXCEPT !.reqPages = @ \cup {m.p}]
                 /\ rpt' = rpt
                 /\ Step(RP, "source_return_path_thread", << >>)
            [] m.t = "RECV_BITMAP" ->
                 \* 2347-2357, ram.c:4560-4642: in RECOVER, every page the
                 \* destination lacks becomes dirty again; then kick rp_sem.
                 /\ ms' = [ms EXCEPT !.rpSem = @ \/ ms.state = "postcopy-recover"]
                 /\ rpt' = rpt
                 /\ Step(RP, "source_return_path_thread", << >>)
            [] m.t = "RESUME_ACK" ->
                 \* S9 (2192): POSTCOPY_RECOVER -> POSTCOPY_ACTIVE, then kick
                 LET ok == ms.state = "postcopy-recover"
                 IN /\ ms' = [ms EXCEPT !.state = IF ok THEN "postcopy-active" ELSE @,
                                        !.rpSem = TRUE]
                    /\ rpt' = rpt
                    /\ Step(RP, "source_return_path_thread",
                            << E(RP, "source_return_path_thread_resume_ack", [v |-> 1]) >>
                            \o (IF ok THEN << SetStateEv(RP, "postcopy-active") >> ELSE << >>))
            [] m.t \notin {"PONG", "SHUT", "REQ_PAGES", "RECV_BITMAP", "RESUME_ACK"} ->
                 /\ UNCHANGED <<ms, rpt>>
                 /\ Step(RP, "source_return_path_thread", << >>)
    /\ chan' = [chan EXCEPT !.d2s = Tail(@)]
    /\ ram' = IF Head(chan.d2s).t = "RECV_BITMAP" /\ ms.state = "postcopy-recover"
              THEN [ram EXCEPT !.dirty = [p \in Pages |-> @[p] \/ p \notin Head(chan.d2s).p]]
              ELSE ram
    /\ UNCHANGED <<mt, dstVars, mgmt, hist>>

\* A failed read (the socket broke, or EOF): the thread exits with an
\* error (bad_end).  QEMU 7.2 instead parks itself while in postcopy
\* (postcopy_pause_return_path_thread) and is woken on resume.
SourceReturnPathThreadError ==
    /\ ms.alive /\ rpt = "running" /\ RecvFails(chan.d2s, chan.d2sSt)
    /\ IF ~Is10 /\ ms.state \in {"postcopy-active", "postcopy-paused", "postcopy-recover"}
       THEN /\ rpt' = "paused"
            /\ UNCHANGED ms
            /\ Step(RP, "source_return_path_thread",
                    << E(RP, "postcopy_pause_return_path", NoArgs) >>)
       ELSE /\ rpt' = "exited"
            /\ ms' = RpExit(ms, TRUE)
            /\ Step(RP, "source_return_path_thread", RpBadEndEv)
    /\ UNCHANGED <<mt, dstVars, ram, chan, mgmt, hist>>
=============================================================================
