---------------------------- MODULE Destination -----------------------------
(***************************************************************************)
(* The destination QEMU: its main thread (QMP, the incoming coroutine that *)
(* runs in it, the bottom halves), the postcopy listen thread and the      *)
(* postcopy fault thread.                                                  *)
(***************************************************************************)
EXTENDS Events, Messages, Process, Bql, Fix

(***************************************************************************)
(* Destination main thread: QMP, the incoming coroutine (which runs in the *)
(* main thread) and the bottom halves.                                     *)
(***************************************************************************)

\* migration.c:660-680 migration_incoming_state_setup, from QMP
\* migrate-incoming (once only, 1757-1760): D2 NONE -> SETUP.  QEMU 7.2 writes
\* no state here, it only sends a MIGRATION "setup" event (qemu-7.2 README 2).
QmpMigrateIncoming ==
    /\ DstMainFree
    /\ mis.alive /\ mis.state = "none" /\ ~mis.listening /\ co.pc = "none"
    /\ mis.accept = "none"
    /\ mis' = [mis EXCEPT !.listening = TRUE, !.state = IF Is10 THEN "setup" ELSE @]
    /\ Step(DM, "qmp_migrate_incoming",
            << E(DM, "qmp_enter_migrate_incoming", NoArgs) >>
            \o (IF Is10 THEN << SetStateEv(DM, "setup") >> ELSE << >>))
    /\ UNCHANGED <<srcVars, co, lt, ram, chan, mgmt, hist>>

\* migration.c:763-775 process_incoming_migration_co, started when the main
\* channel is accepted (migration_start_incoming, 910-918): D3 SETUP ->
\* ACTIVE (QEMU 7.2: NONE -> ACTIVE).
ProcessIncomingMigrationCoStart ==
    /\ mis.alive /\ mis.accept = "incoming"
    /\ mis' = [mis EXCEPT !.accept = "none", !.state = "active"]
    /\ co' = [co EXCEPT !.pc = "loading"]
    /\ Step(DM, "process_incoming_migration_co", << SetStateEv(DM, "active") >>)
    /\ UNCHANGED <<srcVars, lt, ram, chan, mgmt, hist>>

\* A load error on the coroutine (migration.c:776-821).  With a listen
\* thread the coroutine only marks from_src_file with the error and leaves,
\* with no state write (785-792, C12); in fix (F2) it also shuts the socket
\* down so the listen thread's blocked read returns.  Without a listen
\* thread: D4 ACTIVE -> FAILED, migration_incoming_state_destroy (SHUT(1);
\* QEMU 7.2 sends none) and exit(EXIT_FAILURE) (exit_on_error).
CoFail(pre, retArgs) ==
    IF lt.pc /= "none"
    THEN /\ co' = [pc |-> "done", pkg |-> << >>]
         /\ mis' = [mis EXCEPT !.fileErr = TRUE]
         /\ IF IsFix THEN F2ShutdownOnLoadError ELSE UNCHANGED <<chan, ms>>
         /\ Step(DM, "process_incoming_migration_co",
                 pre \o << E(DM, "process_incoming_migration_co_end", retArgs) >>)
    ELSE LET ok == mis.state = "active"
             shut == Is10 /\ mis.toSrc
         IN /\ co' = [pc |-> "done", pkg |-> << >>]
            /\ mis' = MisGone([mis EXCEPT !.state = IF ok THEN "failed" ELSE @])
            /\ chan' = ChanDstGone([chan EXCEPT !.d2s = Send(@, chan.d2sSt,
                                         IF shut THEN << Msg("SHUT", 1, 0) >> ELSE << >>)])
            /\ ms' = MsPeerGone(ms)
            /\ Step(DM, "process_incoming_migration_co",
                    pre \o << E(DM, "process_incoming_migration_co_end", retArgs) >>
                        \o (IF ok THEN << SetStateEv(DM, "failed") >> ELSE << >>))

FailRet == NoArgs    \* the errno differs by cause (-22, -5); only its sign is fixed

\* savevm.c qemu_loadvm_state_main on the coroutine: one item of the main
\* stream (2462-2530 for commands).
LoadvmProcessCommand ==
    /\ mis.alive /\ co.pc = "loading" /\ CanRecv(chan.m2d, chan.m2dSt)
    /\ LET m == Head(chan.m2d)
           rest == [chan EXCEPT !.m2d = Tail(@)]
       IN CASE m.t = "OPEN_RETURN_PATH" ->
                 \* 2487-2508: mis->to_src_file = the return path
                 /\ mis' = [mis EXCEPT !.toSrc = TRUE]
                 /\ chan' = rest
                 /\ Step(DM, "loadvm_process_command", << >>)
                 /\ UNCHANGED <<co, ms>>
            [] m.t = "PING" /\ mis.toSrc ->
                 \* 2510-2519: reply PONG with the same value
                 /\ chan' = [rest EXCEPT !.d2s = Send(@, chan.d2sSt, << Msg("PONG", m.v, 0) >>)]
                 /\ Step(DM, "loadvm_process_command",
                         << E(DM, "loadvm_process_command_ping", [val |-> m.v]) >>)
                 /\ UNCHANGED <<mis, co, ms>>
            [] m.t = "PING" /\ ~mis.toSrc ->
                 \* 2513-2517: a PING with no return path fails the load (C13)
                 /\ UNCHANGED lt
                 /\ CoFail(<< E(DM, "loadvm_process_command_ping", [val |-> m.v]) >>, FailRet)
            [] m.t = "POSTCOPY_ADVISE" ->
                 \* 1920-2005: PostcopyState NONE -> ADVISE
                 /\ mis' = [mis EXCEPT !.pcState = "advise"]
                 /\ chan' = rest
                 /\ Step(DM, "loadvm_postcopy_handle_advise",
                         IF PostcopyRam
                         THEN << E(DM, "loadvm_postcopy_handle_advise", NoArgs) >> ELSE << >>)
                 /\ UNCHANGED <<co, ms>>
            [] m.t = "RAM_DISCARD" ->
                 \* 2012-2089, postcopy-ram.c:896-905: the first one makes
                 \* PostcopyState DISCARD; the page is dropped
                 /\ mis' = [mis EXCEPT !.pcState = "discard"]
                 /\ chan' = rest
                 /\ Step(DM, "loadvm_postcopy_ram_handle_discard", << >>)
                 /\ UNCHANGED <<co, ms>>
            [] m.t = "PACKAGED" ->
                 \* 2301-2358: the whole blob into a buffer, then a nested load loop
                 /\ co' = [pc |-> "package", pkg |-> Package(m.v = 1)]
                 /\ chan' = rest
                 /\ Step(DM, "loadvm_handle_cmd_packaged", << >>)
                 /\ UNCHANGED <<mis, ms>>
            [] m.t = "EOF" ->
                 \* QEMU_VM_EOF: qemu_loadvm_state returns 0; the precopy BH is scheduled
                 /\ co' = [co EXCEPT !.pc = "bh"]
                 /\ chan' = rest
                 /\ Step(DM, "process_incoming_migration_co",
                         << E(DM, "process_incoming_migration_co_end", [ret |-> 0]) >>)
                 /\ UNCHANGED <<mis, ms>>
            [] OTHER ->
                 \* RAM pages, the precopy device state, SWITCHOVER_START
                 /\ chan' = rest
                 /\ mis' = IF m.t = "DEVICE" THEN [mis EXCEPT !.device = TRUE] ELSE mis
                 /\ Step(DM, "qemu_loadvm_state_main", << >>)
                 /\ UNCHANGED <<co, ms>>
    /\ ram' = LET m == Head(chan.m2d)
              IN CASE m.t = "PAGE" -> [ram EXCEPT !.dst[m.p] = m.v]
                   [] m.t = "RAM_DISCARD" -> [ram EXCEPT !.dst[m.p] = Missing]
                   [] OTHER -> ram
    /\ UNCHANGED <<mt, rpt, lt, mgmt, hist>>

\* The stream ends or breaks under the coroutine.
LoadvmReadError ==
    /\ mis.alive /\ co.pc = "loading" /\ RecvFails(chan.m2d, chan.m2dSt)
    /\ CoFail(<< >>, FailRet)
    /\ UNCHANGED <<mt, rpt, lt, ram, mgmt, hist>>

\* Fault: the device state does not load (a section the destination does
\* not know, "Section footer error", -22): in precopy (the device section)
\* and inside the postcopy package (qemu-10.2 s3a).
DeviceLoadFailure ==
    /\ FaultAllowed("device-load-failure")
    /\ mis.alive
    /\ \/ co.pc = "loading" /\ CanRecv(chan.m2d, chan.m2dSt) /\ Head(chan.m2d).t = "DEVICE"
       \/ co.pc = "package" /\ co.pkg /= << >> /\ Head(co.pkg).t = "DEVICE"
    /\ hist' = UseFault(hist)
    /\ ram' = ram
    /\ CoFail(<< FaultEv("dst", "device-load-failure") >>, FailRet)
    /\ UNCHANGED <<mt, rpt, lt, mgmt>>

\* One item of the package, on the coroutine (savevm.c:2301-2358).
LoadvmPackageItem ==
    /\ mis.alive /\ co.pc = "package" /\ co.pkg /= << >>
    /\ LET it == Head(co.pkg)
           rest == [co EXCEPT !.pkg = Tail(@)]
       IN CASE it.t = "POSTCOPY_LISTEN" /\ mis.pcState \in {"advise", "discard"} ->
                 \* 2092-2121: PostcopyState LISTENING, postcopy_incoming_setup
                 \* spawns the listen thread and waits for it (thread_sync_event)
                 /\ mis' = [mis EXCEPT !.pcState = "listening"]
                 /\ co' = [rest EXCEPT !.pc = "listen-wait"]
                 /\ lt' = [pc |-> "starting", read |-> "none"]
                 /\ UNCHANGED <<ms, chan>>
                 /\ StepSpawning(DM, "loadvm_postcopy_handle_listen",
                         << E(DM, "loadvm_postcopy_handle_listen", [str |-> "enter"]),
                            E(DM, "loadvm_postcopy_handle_listen", [str |-> "after discard"]),
                            E(DM, "loadvm_postcopy_handle_listen", [str |-> "after uffd"]) >>,
                         {LT})
            [] it.t = "DEVICE" ->
                 /\ mis' = [mis EXCEPT !.device = TRUE]
                 /\ co' = rest
                 /\ UNCHANGED <<lt, ms, chan>>
                 /\ Step(DM, "qemu_loadvm_state_main", << >>)
            [] it.t = "PING" /\ mis.toSrc /\ F3DefersPing(it.v) ->
                 /\ F3DeferPong42(it.v, rest)
            [] it.t = "PING" /\ mis.toSrc /\ ~F3DefersPing(it.v) ->
                 /\ chan' = [chan EXCEPT !.d2s = Send(@, chan.d2sSt, << Msg("PONG", it.v, 0) >>)]
                 /\ co' = rest
                 /\ UNCHANGED <<mis, lt, ms>>
                 /\ Step(DM, "loadvm_process_command",
                         << E(DM, "loadvm_process_command_ping", [val |-> it.v]) >>)
            [] it.t = "POSTCOPY_RUN" /\ mis.pcState = "listening" ->
                 \* 2163-2187: D7 POSTCOPY_DEVICE -> POSTCOPY_ACTIVE (only from
                 \* POSTCOPY_DEVICE; fix keeps POSTCOPY_DEVICE until the run BH
                 \* has the disks), PostcopyState RUNNING, the run BH is
                 \* scheduled, LOADVM_QUIT: the coroutine leaves both loops and
                 \* exits with no state write, setting main_thread_load_event.
                 LET d7 == DstPostcopyDevice /\ ~F3RunBhClaimsSwitchover /\ mis.state = "postcopy-device"
                 IN /\ mis' = [mis EXCEPT !.pcState = "running", !.runBh = TRUE,
                                          !.state = IF d7 THEN "postcopy-active" ELSE @]
                    /\ co' = [pc |-> "done", pkg |-> << >>]
                    /\ UNCHANGED <<lt, ms, chan>>
                    /\ Step(DM, "loadvm_postcopy_handle_run",
                            << E(DM, "loadvm_postcopy_handle_run", NoArgs) >>
                            \o (IF d7 THEN << SetStateEv(DM, "postcopy-active") >> ELSE << >>)
                            \o << E(DM, "process_incoming_migration_co_end", [ret |-> 1]) >>)
            [] OTHER ->
                 \* LISTEN or RUN in the wrong PostcopyState, or a PING with no
                 \* return path: the package load fails
                 /\ UNCHANGED lt
                 /\ CoFail(IF it.t = "PING"
                           THEN << E(DM, "loadvm_process_command_ping", [val |-> it.v]) >>
                           ELSE << >>, FailRet)
    /\ UNCHANGED <<mt, rpt, ram, mgmt, hist>>

\* savevm.c:2123-2160 loadvm_postcopy_handle_run_bh (main loop): with
\* autostart, migration_block_activate and vm_start() only if that worked;
\* if it failed the VM stays stopped with no state change (C6).  Without
\* autostart (-S): runstate PAUSED and `cont` does the rest.  QEMU 7.2 always
\* activates first (bdrv_activate_all), clearing autostart on failure.
\* fix (F3), when PING 0x42 was deferred: claim the switchover with a
\* fixed-old CAS POSTCOPY_DEVICE -> POSTCOPY_ACTIVE (if the listen thread
\* failed the migration first, do nothing: F5), activate the disks whatever
\* autostart says; on success answer PING 0x42, then start the VM (or
\* PAUSED); on failure -> FAILED, SHUT(1) and exit (exit_on_error).
LoadvmPostcopyHandleRunBh ==
    /\ DstMainFree
    /\ mis.alive /\ mis.runBh
    /\ \E fail \in IF FaultAllowed("block-activation-failure") THEN BOOLEAN ELSE {FALSE} :
        LET act == DstCanActivate /\ ~fail
            faultEv == IF fail THEN << FaultEv("dst", "block-activation-failure") >> ELSE << >>
            start == mis.autostart /\ act
        IN /\ hist' = [(IF fail THEN UseFault(hist) ELSE hist)
                        EXCEPT !.dstRan = @ \/ start]
           /\ CASE IsFix /\ mis.ping42 ->
                     F3RunBh(act, start, faultEv)
                [] Is10 /\ ~(IsFix /\ mis.ping42) ->
                     /\ mis' = [mis EXCEPT !.runBh = FALSE, !.block = @ \/ start,
                                !.runstate = CASE start -> "running"
                                               [] mis.autostart -> @
                                               [] OTHER -> "paused"]
                     /\ UNCHANGED <<ms, chan>>
                     /\ Step(DM, "loadvm_postcopy_handle_run_bh",
                             faultEv
                             \o (IF mis.autostart THEN BlockEv(DM, "active") ELSE << >>)
                             \o (CASE start -> << RunstateEv(DM, "running") >>
                                   [] mis.autostart -> << >>
                                   [] OTHER -> << RunstateEv(DM, "paused") >>))
                [] ~Is10 ->
                     \* QEMU 7.2
                     /\ mis' = [mis EXCEPT !.runBh = FALSE, !.block = @ \/ act,
                                !.autostart = @ /\ act,
                                !.runstate = IF start THEN "running" ELSE "paused"]
                     /\ UNCHANGED <<ms, chan>>
                     /\ Step(DM, "loadvm_postcopy_handle_run_bh",
                             faultEv \o << RunstateEv(DM, IF start THEN "running" ELSE "paused") >>)
    /\ UNCHANGED <<mt, rpt, co, lt, ram, mgmt>>

\* migration.c:700-760 process_incoming_migration_bh (precopy): the disks are
\* activated unless late-block-activate defers that to `cont` (libvirt sets
\* it, so that the source can still restart after completion), and the VM
\* starts with autostart (a failed activation clears autostart: PAUSED);
\* then D5 ACTIVE -> COMPLETED, and migration_incoming_state_destroy sends
\* SHUT(0) (C11).
ProcessIncomingMigrationBh ==
    /\ mis.alive /\ co.pc = "bh"    \* (DstMainFree: co.pc = "bh")
    /\ \E fail \in IF FaultAllowed("block-activation-failure") THEN BOOLEAN ELSE {FALSE} :
        LET activate == ~LateBlockActivate \/ mis.autostart
            act == activate /\ DstCanActivate /\ ~fail
            start == mis.autostart /\ act
            ok == mis.state = "active"
        IN /\ activate \/ ~fail
           /\ hist' = [(IF fail THEN UseFault(hist) ELSE hist) EXCEPT !.dstRan = @ \/ start]
           /\ mis' = [mis EXCEPT !.block = @ \/ act, !.autostart = @ /\ act,
                                 !.runstate = IF start THEN "running" ELSE "paused",
                                 !.state = IF ok THEN "completed" ELSE @,
                                 !.toSrc = FALSE]
           /\ chan' = [chan EXCEPT !.d2s = Send(@, chan.d2sSt,
                                       IF mis.toSrc THEN << Msg("SHUT", 0, 0) >> ELSE << >>),
                                   !.d2sSt = IF @ = "open" /\ mis.toSrc THEN "closed" ELSE @]
           /\ Step(DM, "process_incoming_migration_bh",
                   (IF fail THEN << FaultEv("dst", "block-activation-failure") >> ELSE << >>)
                   \o (IF activate THEN BlockEv(DM, "active") ELSE << >>)
                   \o << RunstateEv(DM, IF start THEN "running" ELSE "paused") >>
                   \o (IF ok THEN << SetStateEv(DM, "completed") >> ELSE << >>))
    /\ co' = [co EXCEPT !.pc = "done"]
    /\ UNCHANGED <<srcVars, lt, ram, mgmt>>

\* migration.c:880-905 postcopy_try_recover: the main loop accepted the
\* channel of a `migrate-recover`: D11 PAUSED -> RECOVER, to_src_file
\* re-opened, postcopy_pause_sem_dst posted (only the listen thread wakes).
PostcopyTryRecover ==
    /\ DstMainFree
    /\ mis.alive /\ mis.accept = "recover"
    /\ LET ok == mis.state = "postcopy-paused"
       IN /\ mis' = [mis EXCEPT !.accept = "none", !.toSrc = TRUE, !.fileErr = FALSE,
                                !.state = IF ok THEN "postcopy-recover" ELSE @]
          /\ Step(DM, "postcopy_try_recover",
                  IF ok THEN << SetStateEv(DM, "postcopy-recover") >> ELSE << >>)
    /\ UNCHANGED <<srcVars, co, lt, ram, chan, mgmt, hist>>

\* migration.c:1795-1821 qmp_migrate_recover: only in POSTCOPY_PAUSED; a new
\* listener (migration_incoming_state_setup leaves PAUSED as it is, 664-670).
QmpMigrateRecover ==
    /\ mis.alive
    /\ IF mis.state = "postcopy-paused" /\ ~mis.listening
       THEN mis' = [mis EXCEPT !.listening = TRUE]
       ELSE UNCHANGED mis
    /\ Step(DM, "qmp_migrate_recover", << E(DM, "qmp_enter_migrate_recover", NoArgs) >>)
    /\ UNCHANGED <<srcVars, co, lt, ram, chan, mgmt, hist>>

\* migration.c:1855-1864 qmp_migrate_pause (destination): in POSTCOPY_ACTIVE or
\* POSTCOPY_RECOVER, shut down from_src_file (the socket, both directions):
\* the listen thread pauses (D10).  Refused otherwise, postcopy-device too.
DstPauseAllowed ==
    IF Is10 THEN MigrationPostcopyIsAlive(mis.state) ELSE mis.state = "postcopy-active"

QmpMigratePauseDst ==
    /\ mis.alive
    /\ IF DstPauseAllowed
       THEN DstShutdownSocket
       ELSE UNCHANGED <<chan, ms>>
    /\ Step(DM, "qmp_migrate_pause", << E(DM, "qmp_enter_migrate_pause", NoArgs) >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt, hist>>

\* monitor/qmp-cmds.c:100-108 qmp_cont on the destination: while INMIGRATE it
\* only sets autostart and succeeds (the run BH or the precopy BH starts the
\* VM, or does not); once PAUSED it activates the disks (a no-op if they are
\* active already) and starts the VM, and fails if the activation fails.
\* QEMU 7.2's qmp_cont activates the disks first, INMIGRATE or not, and
\* fails if that fails; 10.x leaves INMIGRATE to the BHs.
DstContActivates == mis.runstate = "paused" \/ (~Is10 /\ mis.runstate = "inmigrate")

DstContResult(fail) ==
    LET act == mis.block \/ (DstCanActivate /\ ~fail)
    IN CASE DstContActivates /\ ~act -> "error"
         [] mis.runstate = "inmigrate" -> "autostart"
         [] mis.runstate = "paused" -> "started"
         [] OTHER -> "noop"

QmpContDst(th, action, mgmtNext(_)) ==
    /\ DstMainFree
    /\ mis.alive
    /\ \E fail \in IF FaultAllowed("block-activation-failure") /\ DstContActivates
                      /\ ~mis.block
                   THEN BOOLEAN ELSE {FALSE} :
        LET r == DstContResult(fail)
        IN /\ mis' = CASE r = "autostart" -> [mis EXCEPT !.autostart = TRUE,
                                                       !.block = @ \/ DstContActivates]
                       [] r = "started" -> [mis EXCEPT !.runstate = "running", !.block = TRUE]
                       [] OTHER -> mis
           /\ hist' = [(IF fail THEN UseFault(hist) ELSE hist)
                        EXCEPT !.dstRan = @ \/ r = "started"]
           /\ mgmt' = mgmtNext(r)
           /\ Step(th, action,
                   (IF fail THEN << FaultEv("dst", "block-activation-failure") >> ELSE << >>)
                   \o (IF DstContActivates THEN BlockEv(DM, "active") ELSE << >>)
                   \o (IF r = "started" THEN << RunstateEv(DM, "running") >> ELSE << >>))
    /\ UNCHANGED <<srcVars, co, lt, ram, chan>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Destination postcopy listen thread (postcopy-ram.c:2109-2190).          *)
(***************************************************************************)

\* postcopy-ram.c:2109-2123 postcopy_listen_thread, entry: D6 ACTIVE ->
\* POSTCOPY_DEVICE if the return path is open (v4, fix), -> POSTCOPY_ACTIVE
\* otherwise (legacy and v1 always), then thread_sync_event releases the
\* coroutine blocked in LISTEN (postcopy-ram.c:89-97): D6 happens-before
\* LISTEN returns, though the thread may read the stream before the
\* coroutine traces "return" (qemu-10.2 s2).
PostcopyListenThreadStart ==
    /\ mis.alive /\ lt.pc = "starting"
    /\ LET st == IF DstPostcopyDevice /\ mis.toSrc THEN "postcopy-device" ELSE "postcopy-active"
           ok == mis.state = "active"
       IN /\ mis' = [mis EXCEPT !.state = IF ok THEN st ELSE @]
          /\ Step(LT, "postcopy_listen_thread",
                  (IF ok THEN << SetStateEv(LT, st) >> ELSE << >>)
                  \o << E(LT, "postcopy_ram_listen_thread_start", NoArgs),
                        E(DM, "loadvm_postcopy_handle_listen", [str |-> "return"]) >>)
    /\ lt' = [pc |-> "running", read |-> "none"]
    /\ co' = [co EXCEPT !.pc = "package"]
    /\ UNCHANGED <<srcVars, ram, chan, mgmt, hist>>

\* qemu_loadvm_state_main on the listen thread: the main stream after
\* LISTEN, while the coroutine may still be loading the package (so PONG 4
\* can overtake PONG 3: qemu-7.2 d, qemu-10.2 s2).  Pages are placed only
\* if still missing (a page both requested and sent in the background
\* arrives twice).  After a recovery: RECV_BITMAP and POSTCOPY_RESUME.
PostcopyListenThreadRecv ==
    /\ mis.alive /\ lt.pc = "running" /\ ~mis.fileErr /\ CanRecv(chan.m2d, chan.m2dSt)
    /\ LET m == Head(chan.m2d)
           rest == [chan EXCEPT !.m2d = Tail(@)]
       IN CASE m.t = "PING" /\ mis.toSrc ->
                 /\ chan' = [rest EXCEPT !.d2s = Send(@, chan.d2sSt, << Msg("PONG", m.v, 0) >>)]
                 /\ UNCHANGED <<mis, lt>>
                 /\ Step(LT, "loadvm_process_command",
                         << E(LT, "loadvm_process_command_ping", [val |-> m.v]) >>)
            [] m.t = "PAGE" ->
                 /\ chan' = rest
                 /\ mis' = [mis EXCEPT !.faultPending = @ \ {m.p}]
                 /\ UNCHANGED lt
                 /\ Step(LT, "ram_load_postcopy", << >>)
            [] m.t = "EOF" ->
                 /\ chan' = rest
                 /\ lt' = [lt EXCEPT !.pc = "wait-main"]
                 /\ UNCHANGED mis
                 /\ Step(LT, "postcopy_listen_thread", << >>)
            [] m.t = "RECV_BITMAP" ->
                 \* savevm.c:2366-2404: only in POSTCOPY_RECOVER; the reply
                 \* carries the pages received so far
                 /\ chan' = [rest EXCEPT !.d2s = Send(@, chan.d2sSt,
                                 IF mis.state = "postcopy-recover"
                                 THEN << Msg("RECV_BITMAP", 0,
                                             {p \in Pages : ram.dst[p] /= Missing}) >>
                                 ELSE << >>)]
                 /\ UNCHANGED <<mis, lt>>
                 /\ Step(LT, "loadvm_handle_recv_bitmap", << >>)
            [] m.t = "POSTCOPY_RESUME" ->
                 \* savevm.c:2232-2289: D12 RECOVER -> POSTCOPY_ACTIVE *then*
                 \* RESUME_ACK (C9), then every pending page request again
                 LET ok == mis.state = "postcopy-recover"
                     reqs == SeqOfSet(mis.faultPending)
                 IN /\ mis' = [mis EXCEPT !.state = IF ok THEN "postcopy-active" ELSE @]
                    /\ chan' = [rest EXCEPT !.d2s = Send(@, chan.d2sSt,
                                   IF ok THEN << Msg("RESUME_ACK", 1, 0) >>
                                              \o [i \in 1..Len(reqs) |-> Msg("REQ_PAGES", 0, reqs[i])]
                                   ELSE << >>)]
                    /\ UNCHANGED lt
                    /\ Step(LT, "loadvm_postcopy_handle_resume",
                            IF ok THEN << SetStateEv(LT, "postcopy-active"),
                                          E(LT, "loadvm_postcopy_handle_resume", NoArgs) >>
                            ELSE << >>)
            [] m.t = "PING" /\ ~mis.toSrc ->
                 \* a PING with no return path: a load error on this thread
                 /\ chan' = rest
                 /\ mis' = [mis EXCEPT !.fileErr = TRUE]
                 /\ UNCHANGED lt
                 /\ Step(LT, "loadvm_process_command",
                         << E(LT, "loadvm_process_command_ping", [val |-> m.v]) >>)
            [] m.t \notin {"PING", "PAGE", "EOF", "RECV_BITMAP", "POSTCOPY_RESUME"} ->
                 /\ chan' = rest
                 /\ UNCHANGED <<mis, lt>>
                 /\ Step(LT, "qemu_loadvm_state_main", << >>)
    /\ ram' = LET m == Head(chan.m2d)
              IN IF m.t = "PAGE" /\ ram.dst[m.p] = Missing
                 THEN [ram EXCEPT !.dst[m.p] = m.v] ELSE ram
    /\ UNCHANGED <<srcVars, co, mgmt, hist>>

\* A load error on the listen thread (savevm.c:3002-3026): the stream broke,
\* EOF came without QEMU_VM_EOF, or the coroutine had marked the file with
\* its own error, which the thread only sees once a blocked read returns
\* (C5).  PostcopyState RUNNING with postcopy-ram pauses: postcopy_pause_incoming
\* (savevm.c:2880-2923) closes both files and does D10 -> POSTCOPY_PAUSED.
\* Anything else fails (postcopy-ram.c:2146-2168) ...  fix (F5): so does an
\* error after RUN while still POSTCOPY_DEVICE (the RUN BH has not claimed
\* the switchover): the VM never ran, and the fail CAS below races the BH's
\* claim, so that exactly one of them wins.
PostcopyListenThreadError ==
    /\ mis.alive /\ lt.pc = "running"
    /\ \/ RecvFails(chan.m2d, chan.m2dSt)
       \/ mis.fileErr /\ CanRecv(chan.m2d, chan.m2dSt)
    /\ IF mis.pcState = "running" /\ PostcopyRam /\ ~F5FailsInDevice
       THEN LET ok == mis.state \in {"postcopy-active", "postcopy-recover"}
            IN /\ mis' = [mis EXCEPT !.toSrc = FALSE,
                                     !.state = IF ok THEN "postcopy-paused" ELSE @]
               /\ lt' = [pc |-> "paused", read |-> "none"]
               \* qemu_file_shutdown(mis->to_src_file), then close: the source
               \* reads what the return path holds, then EOF.  (Where the
               \* stream broke, the return path is broken already.)
               /\ chan' = ChanCloseD2s(chan)
               /\ Step(LT, "postcopy_pause_incoming",
                       << E(LT, "postcopy_pause_incoming", NoArgs) >>
                       \o (IF ok THEN << SetStateEv(LT, "postcopy-paused") >> ELSE << >>))
       ELSE /\ lt' = [pc |-> "fail-cas", read |-> mis.state]
            /\ UNCHANGED <<mis, chan>>
            /\ Step(LT, "postcopy_listen_thread",
                    << E(LT, "postcopy_ram_listen_thread_exit", NoArgs) >>)
    /\ UNCHANGED <<srcVars, co, ram, mgmt, hist>>

\* ... D8 `migrate_set_state(&mis->state, mis->state, FAILED)`: the state is
\* read again at the CAS, so a RUN (D7) handled since the decision does not
\* stop it: the destination fails (and exits) although its VM may already
\* run (C2, C12).  QEMU 7.2: a fixed POSTCOPY_ACTIVE -> FAILED.  fix (F5):
\* a fixed-old CAS with the state read at the decision.  The
\* thread's BH then destroys the incoming state (SHUT(1); not in 7.2) and
\* exit_on_error ends the process (postcopy-ram.c:2081-2102).
PostcopyListenThreadFail ==
    /\ mis.alive /\ lt.pc = "fail-cas"
    /\ ~F5CasLost
    /\ LET st == IF Is10 THEN "failed"
                 ELSE IF mis.state = "postcopy-active" THEN "failed" ELSE mis.state
           shut == Is10 /\ mis.toSrc
       IN /\ mis' = MisGone([mis EXCEPT !.state = st])
          /\ chan' = ChanDstGone([chan EXCEPT !.d2s = Send(@, chan.d2sSt,
                                       IF shut THEN << Msg("SHUT", 1, 0) >> ELSE << >>)])
          /\ Step(LT, "postcopy_listen_thread",
                  IF st /= mis.state THEN << SetStateEv(LT, "failed") >> ELSE << >>)
    /\ ms' = MsPeerGone(ms)
    /\ lt' = [pc |-> "exited", read |-> "none"]
    /\ UNCHANGED <<mt, rpt, co, ram, mgmt, hist>>

\* postcopy-ram.c:2170-2189: after QEMU_VM_EOF the thread waits for
\* main_thread_load_event (the coroutine is done with the package), then D9
\* POSTCOPY_ACTIVE -> COMPLETED (a silent no-op while still POSTCOPY_DEVICE:
\* RUN never came, C12), PostcopyState END; its BH destroys the incoming
\* state: SHUT(0), files closed (migration.c:430-492).
PostcopyListenThreadComplete ==
    /\ mis.alive /\ lt.pc = "wait-main" /\ co.pc = "done"
    /\ LET ok == mis.state = "postcopy-active"
       IN /\ mis' = [mis EXCEPT !.state = IF ok THEN "completed" ELSE @,
                                !.pcState = "end", !.toSrc = FALSE]
          /\ chan' = [chan EXCEPT !.d2s = Send(@, chan.d2sSt,
                                     IF mis.toSrc THEN << Msg("SHUT", IF mis.fileErr THEN 1 ELSE 0, 0) >>
                                     ELSE << >>),
                                  !.d2sSt = IF @ = "open" THEN "closed" ELSE @]
          /\ Step(LT, "postcopy_listen_thread",
                  << E(LT, "postcopy_ram_listen_thread_exit", NoArgs) >>
                  \o (IF ok THEN << SetStateEv(LT, "completed") >> ELSE << >>))
    /\ lt' = [pc |-> "exited", read |-> "none"]
    /\ UNCHANGED <<srcVars, co, ram, mgmt, hist>>

\* savevm.c:2941-2948: woken by D11, the listen thread goes back to reading
\* (the new channel).
PostcopyPauseIncomingContinued ==
    /\ mis.alive /\ lt.pc = "paused" /\ mis.state = "postcopy-recover" /\ mis.toSrc
    /\ lt' = [pc |-> "running", read |-> "none"]
    /\ Step(LT, "postcopy_pause_incoming",
            << E(LT, "postcopy_pause_incoming_continued", NoArgs) >>)
    /\ UNCHANGED <<srcVars, mis, co, ram, chan, mgmt, hist>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Destination postcopy fault thread (postcopy-ram.c postcopy_ram_fault_thread). *)
(***************************************************************************)

\* postcopy-ram.c:1280-1330 postcopy_ram_fault_thread: a vCPU touched a
\* missing page; REQ_PAGES goes out on the return path (migration.c:534-568).
PostcopyRamFaultThreadRequest ==
    /\ mis.alive /\ mis.runstate = "running" /\ mis.toSrc
    /\ \E p \in Pages :
          /\ ram.dst[p] = Missing /\ p \notin mis.faultPending
          /\ mis' = [mis EXCEPT !.faultPending = @ \cup {p}]
          /\ chan' = [chan EXCEPT !.d2s = Send(@, chan.d2sSt, << Msg("REQ_PAGES", 0, p) >>)]
    /\ Step("dst/fault", "postcopy_ram_fault_thread", << >>)
    /\ UNCHANGED <<srcVars, co, lt, ram, mgmt, hist>>
=============================================================================
