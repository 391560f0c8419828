----------------------------- MODULE Migration -----------------------------
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
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, MigrationStatus, Channel

CONSTANTS
    Variant,                \* "legacy", "v1", "v4", "v11" or "fix"
    Pages,                  \* guest RAM pages, e.g. {1, 2}
    Postcopy,               \* postcopy-ram on both sides
    ReturnPath,             \* the source opens a return path (postcopy-ram implies it in QEMU)
    PauseBeforeSwitchover,  \* pause-before-switchover capability on the source
    PrecopyConverges,       \* precopy alone can finish (FALSE: the guest dirties RAM faster
                            \* than the bandwidth, so only postcopy ends the migration)
    UseLocks,               \* the storage enforces image locks (FALSE shows what they protect, C3)
    Management,             \* libvirt drives: destination started with -S, `cont` after postcopy-active
    LateBlockActivate,      \* late-block-activate capability (destination): libvirt sets it with -S
    Faults,                 \* enabled fault kinds, a subset of FaultKinds
    MaxFaults,              \* at most this many faults per behaviour
    MaxWrites,              \* at most this many guest writes per behaviour
    OperatorCommands,       \* QMP commands a human operator may issue at any time
    CarefulOperator,        \* the operator pauses a postcopy migration only once both sides
                            \* report postcopy-active (model checking); FALSE: any time (traces)
    AllowQuit,              \* QMP `quit` on either side (trace validation; off for model checking)
    LockHolderReleases      \* a third-party lock holder ("lock-holder") lets go again; FALSE:
                            \* it keeps the image's locks for good

Variants == { "legacy", "v1", "v4", "v11", "fix" }
FaultKinds == { "channel-break", "dst-crash", "src-crash",
                "device-load-failure", "block-activation-failure", "lock-holder",
                "src-local-error" }
OperatorCommandNames ==
    { "migrate_cancel", "migrate-pause", "migrate-recover", "migrate-resume",
      "migrate-start-postcopy", "cont" }

ASSUME Variant \in Variants
ASSUME Faults \subseteq FaultKinds /\ MaxFaults \in Nat /\ MaxWrites \in Nat
ASSUME OperatorCommands \subseteq OperatorCommandNames
ASSUME \A b \in {Postcopy, ReturnPath, PauseBeforeSwitchover, PrecopyConverges,
                 UseLocks, Management, LateBlockActivate, CarefulOperator, AllowQuit,
                 LockHolderReleases} : b \in BOOLEAN
ASSUME PrecopyConverges \/ Postcopy

-----------------------------------------------------------------------------
(* Variant switches.  Each names the commit or posting that introduced it. *)

Is10 == Variant /= "legacy"                 \* QEMU 10.x code base (device state always, 26f65c01ed, ...)
SrcPostcopyDevice == Variant \in {"v1", "v4", "v11", "fix"}   \* S18 (v1 patch, 7b842fe354)
DstPostcopyDevice == Variant \in {"v4", "v11", "fix"}         \* D6/D7: v2 of the series
IsFix == Variant = "fix"
\* QEMU 11.x (d1ab9655fd "migration: introduce MIGRATION_STATUS_FAILING"):
\* every source error on the way to migration_cleanup writes FAILING, and
\* migration_cleanup (migration.c:1337-1339 at d1ab9655fd) FAILING -> FAILED.
\* The destination is unchanged (process_incoming_migration_co and
\* postcopy_listen_thread still write FAILED, as the commit message says).
Is11 == Variant = "v11"

\* The status a source error writes where 10.2 wrote FAILED (S3, S19, S22,
\* S25): migration.c:2483, 2646, 2839, 3077 at d1ab9655fd.
SrcFailState == IF Is11 THEN "failing" ELSE "failed"

\* savevm.h:32 QEMU_VM_PING_PACKAGED_LOADED
PingPackagedLoaded == 66

\* Pings 2, 3, 4 are sent only with postcopy-ram (migration.c:2521, 2554, 2596).
\* Postcopy without a return path is QEMU's dirty-bitmaps-only postcopy
\* (iotest 194): no pings, no page requests, no postcopy-device (C13).
PostcopyRam == Postcopy /\ ReturnPath

\* Missing page on the destination (discarded, or never received).
Missing == -1

-----------------------------------------------------------------------------
(* Variables, grouped like QEMU's structures.                              *)

VARIABLES
    ms,     \* source MigrationState (s->state, runstate, flags, image lock)
    mt,     \* source migration thread: program counter and a read-then-CAS value
    rpt,    \* source return-path thread: "none" | "running" | "paused" | "exited"
    mis,    \* destination MigrationIncomingState (mis->state, runstate, flags, image lock)
    co,     \* destination incoming coroutine (main thread) and its package buffer
    lt,     \* destination postcopy listen thread
    ram,    \* guest RAM: page versions on each side, source dirty bitmap, latest versions
    chan,   \* the socket: main stream (m2d) and return path (d2s)
    mgmt,   \* libvirt's progress
    hist,   \* history: faults used, guest writes, whether the destination VM ever ran
    holder, \* a third process on the image (not a QEMU): "none" | "held" | "released"
    step    \* the last step: thread, action and the trace events it emitted

srcVars == <<ms, mt, rpt>>
dstVars == <<mis, co, lt>>
vars == <<ms, mt, rpt, mis, co, lt, ram, chan, mgmt, hist, holder, step>>

\* Everything but `step`: the state space proper (MCMigration's VIEW).
stateVars == <<ms, mt, rpt, mis, co, lt, ram, chan, mgmt, hist, holder>>

-----------------------------------------------------------------------------
(* Trace events (QEMU migration/trace-events, ground truth §8).            *)
(* Threads, which are also the lanes of counterexample diagrams:           *)
(* src/main (main loop, QMP, BHs), src/migration, src/return-path,         *)
(* src/vcpu, dst/main (main loop, incoming coroutine, BHs), dst/listen,    *)
(* dst/fault, dst/vcpu, mgmt (libvirt), env (faults).                      *)

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

-----------------------------------------------------------------------------
(* Messages.  Main stream: QEMU_VM_COMMAND sub-commands (savevm.c:78-98)   *)
(* plus RAM pages, the device-state section and QEMU_VM_EOF.  Return path: *)
(* enum mig_rp_message_type (migration.c:75-87).  One record shape:        *)
(* t = type, v = value (ping value, page version, ...), p = page.          *)

Msg(t, v, p) == [t |-> t, v |-> v, p |-> p]
Cmd(t) == Msg(t, 0, 0)
Ping(v) == Msg("PING", v, 0)

\* The package built by postcopy_start (migration.c:2537-2567), as items the
\* destination's coroutine loads one by one from its buffer (savevm.c:2301-2358).
Item(t, v) == [t |-> t, v |-> v]
Package(with42) ==
    << Item("POSTCOPY_LISTEN", 0), Item("DEVICE", 0) >>
    \o (IF PostcopyRam THEN << Item("PING", 3) >> ELSE << >>)
    \o (IF with42 THEN << Item("PING", PingPackagedLoaded) >> ELSE << >>)
    \o << Item("POSTCOPY_RUN", 0) >>

-----------------------------------------------------------------------------
(* Guest, locks, process lifetime.                                          *)

Dirty == { p \in Pages : ram.dirty[p] }
PendingZero == Dirty = {}

\* block-active.c migration_block_activate(): taking the image's write lock
\* fails while the other side's QEMU holds it, or a third process does.
SrcCanActivate == ~UseLocks \/ (~(mis.alive /\ mis.block) /\ holder /= "held")
DstCanActivate == ~UseLocks \/ (~(ms.alive /\ ms.block) /\ holder /= "held")

FaultAllowed(kind) == kind \in Faults /\ hist.faults < MaxFaults
UseFault(h) == [h EXCEPT !.faults = @ + 1]

\* The socket after the destination process is gone (exit(1), kill -9, or
\* libvirt killed it): queued data to it is lost and writes fail; what it
\* wrote is still delivered, then EOF.
ChanDstGone(c) ==
    [c EXCEPT !.m2d = << >>,
              !.m2dSt = IF @ = "none" THEN "none" ELSE "broken",
              !.d2sSt = IF @ = "open" THEN "closed" ELSE @]
ChanSrcGone(c) ==
    [c EXCEPT !.d2s = << >>,
              !.d2sSt = IF @ = "none" THEN "none" ELSE "broken",
              !.m2dSt = IF @ = "open" THEN "closed" ELSE @]
ChanBroken(c) ==
    [c EXCEPT !.m2d = << >>, !.d2s = << >>,
              !.m2dSt = IF @ = "none" THEN "none" ELSE "broken",
              !.d2sSt = IF @ = "none" THEN "none" ELSE "broken"]
ChanInUse == chan.m2dSt /= "none"
\* Some direction is still open: there is a connection for a break to break.
ChanAnyOpen == chan.m2dSt = "open" \/ chan.d2sSt = "open"
\* One direction closed gracefully (shutdown of one side, or a close): what
\* was sent is still delivered, then EOF.
ChanCloseM2d(c) == [c EXCEPT !.m2dSt = IF @ = "open" THEN "closed" ELSE @]
ChanCloseD2s(c) == [c EXCEPT !.d2sSt = IF @ = "open" THEN "closed" ELSE @]

\* What the source writes to the main stream: nothing once its QEMUFile has
\* an error (qemu_put_buffer and friends return at once when
\* qemu_file_get_error() is set), even if the socket itself is healthy
\* (src-local-error); else what the socket takes.
SrcSend(q, msgs) == IF ms.fileErr THEN q ELSE Send(q, chan.m2dSt, msgs)

\* The destination process ends: its threads are gone, the OS drops its image lock.
MisGone(m) == [m EXCEPT !.alive = FALSE, !.block = FALSE, !.listening = FALSE,
                        !.runstate = IF @ = "running" THEN "shutdown" ELSE @]
MsGone(m) == [m EXCEPT !.alive = FALSE, !.block = FALSE,
                       !.runstate = IF @ = "running" THEN "shutdown" ELSE @]

\* Writes from the source fail once the destination is gone.
MsPeerGone(m) == [m EXCEPT !.fileErr = @ \/ ChanInUse]

\* The BQL (big QEMU lock) of each process, as a state function: who holds
\* it follows from where the threads are, so a separate variable would add
\* no state.  Every step QEMU runs under the BQL takes it: on the source the
\* main loop (QMP commands, the channel-connect callbacks, the cleanup BH,
\* `quit`) and the migration thread's locked sections (postcopy_start,
\* migration_completion_precopy/_postcopy/_end, migration_iteration_finish).
\* A section of several steps holds it in between:
\*  - migration_cancel (qmp_migrate_cancel, migration.c:1427-1481) between
\*    its two steps (MigrationCancel, MigrationCancelSetState);
\*  - 10.x postcopy_start from bql_lock() (2487 at the ground-truth commit;
\*    10.2.0 migration.c:2760) to bql_unlock() after S18 (2628; 10.2.0
\*    2902, 2914 on the fail path): PostcopyStartRest .. PostcopyStartCheck.
\*    QEMU 7.2 unlocks right after the package (7.2 migration.c
\*    postcopy_start), before PING 4 and its last check: legacy holds
\*    nothing at "postcopy-check".
\* The return-path thread, the migration thread outside these sections,
\* the vCPUs and the faults take no BQL.  `migrate-pause` and
\* `migrate-recover` are allow-oob (qapi/migration.json:1715-1731): a client
\* may run them on the monitor thread without the BQL, so they do not take it.
SrcBql == CASE ms.cancelShut \/ ms.quitting -> "src/main"
            [] mt.pc = "postcopy-check" /\ Variant /= "legacy" -> "src/migration"
            [] OTHER -> "none"

\* The source's main loop may run a QMP command, a BH or a callback.
SrcMainFree == SrcBql = "none"

\* The migration thread may enter a BQL section (bql_lock() would not block).
SrcMigrationGetsBql == SrcBql \in {"none", "src/migration"}

\* The destination's main thread is busy, with the BQL, while the incoming
\* coroutine loads the postcopy package from its buffer: the nested load
\* loop (savevm.c:2301-2358) reads from memory and never yields, and LISTEN
\* blocks on thread_sync_event for the listen thread (postcopy-ram.c:89-97).
\* Between two reads of the socket the coroutine yields and the main loop
\* runs QMP commands and BHs.
DstMainFree == co.pc \notin {"package", "listen-wait"}

-----------------------------------------------------------------------------
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
                 /\ chan' = ChanBroken(chan)
                 /\ Step(th, action, enter \o << SetStateEv(th, "cancelling") >>)
       ELSE /\ ms' = m0
            /\ UNCHANGED chan
            /\ Step(th, action, enter)

MigrationCancelCas(th, action, enter) == MigrationCancelCasFrom(ms, th, action, enter)

\* migration_cancel from the record m (ms, or ms with quit's flag set).
MigrationCancelFrom(m, th, action, enter) ==
    IF MigrationIsRunning(m.state) /\ rpt \in {"running", "paused"}
    THEN /\ ms' = [m EXCEPT !.cancelShut = TRUE, !.fileErr = ChanInUse]
         /\ chan' = ChanBroken(chan)
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
            /\ chan' = ChanBroken(chan)
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

MIG == "src/migration"
\* The return-path thread (its actions are below); the migration thread's
\* joins that shut its file down end it here.
RP == "src/return-path"

\* The thread's exit (2376-2399): an error is kept in ms->error; in RECOVER
\* it kicks rp_sem (2382-2394).  It never sets postcopy_package_loaded_event
\* (C5) -- except in fix (F1), where it does.
RpExit(m, err) ==
    [m EXCEPT !.error = @ \/ err,
              !.rpSem = @ \/ (err /\ m.state = "postcopy-recover"),
              !.pkgEvent = @ \/ IsFix]
\* ... and what it traces when it ends on an error (2396-2399).
RpBadEndEv == << E(RP, "source_return_path_thread_bad_end", NoArgs),
                 E(RP, "source_return_path_thread_end", NoArgs) >>

RECURSIVE SeqOfSet(_)
\* The elements of a set of numbers, smallest first.
SeqOfSet(S) ==
    IF S = {} THEN << >>
    ELSE LET x == CHOOSE x \in S : \A y \in S : x <= y
         IN << x >> \o SeqOfSet(S \ {x})

PageMsgs(S) == LET s == SeqOfSet(S)
               IN [i \in 1..Len(s) |-> Msg("PAGE", ram.src[s[i]], s[i])]

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
                           !.pauseEvent = FALSE,
                           !.wasRunning = IF fromPause THEN @ ELSE LegacyWasRunning(ms)]
       /\ chan' = [chan EXCEPT !.m2d = Send(@, chan.m2dSt,
                                           PageMsgs(Dirty) \o << Cmd("DEVICE"), Cmd("EOF") >>)]
       /\ ram' = [ram EXCEPT !.dirty = [p \in Pages |-> FALSE]]
       /\ mt' = [pc |-> "completion-end", read |-> "none"]
       /\ Step(MIG, "migration_completion",
               pre \o (IF dev THEN << SetStateEv(MIG, "device") >> ELSE << >>)
                   \o BlockEv(MIG, "inactive"))

\* migration.c:2780-2832 migration_completion, precopy: pending is under the
\* threshold (at any time, if precopy converges at all: the model does not
\* measure bandwidth) and postcopy was not requested.  migration_stop_vm (FINISH_MIGRATE), then the
\* switchover; with pause-before-switchover S15 ACTIVE -> PRE_SWITCHOVER and
\* wait for pause_event with the BQL dropped (2691-2695, C14).
MigrationCompletionPrecopy ==
    /\ ms.alive /\ mt.pc = "loop" /\ ms.state = "active" /\ SrcMigrationGetsBql
    /\ PrecopyConverges /\ ~(ms.startPostcopy /\ Postcopy)
    /\ LET stop == IF ms.runstate = "running"
                   THEN << RunstateEv(MIG, "finish-migrate") >> ELSE << >>
       IN IF PauseBeforeSwitchover
          THEN /\ ms' = [ms EXCEPT !.runstate = "finish-migrate", !.state = "pre-switchover",
                                   !.wasRunning = LegacyWasRunning(ms)]
               /\ mt' = [pc |-> "pre-switchover", read |-> "precopy"]
               /\ UNCHANGED <<chan, ram>>
               /\ Step(MIG, "migration_completion",
                       stop \o << SetStateEv(MIG, "pre-switchover") >>)
          ELSE PrecopySwitchover(stop, FALSE)
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
    /\ IF ms.fileErr /\ ~(IsFix /\ ms.state = "device" /\ rpt /= "none")
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
           pause == IsFix /\ failed /\ ms.state = "postcopy-active"
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
               [] IsFix /\ ms.state = "postcopy-device" -> [pc |-> "device-error", read |-> "none"]
               [] OTHER -> [pc |-> "detect-cas", read |-> ms.state]
    \* fix (F4''): before F4 joins the return path, half-close the main
    \* stream (shutdown(SHUT_WR)): what was sent is still delivered, then
    \* EOF.  After a local error the socket is healthy, and a destination
    \* that is never told would never end the return path: the join would
    \* wait for good (fix_src_local_error).  Told, it pauses (it ran the
    \* guest) or fails (it did not), and either ends its side of the socket.
    /\ chan' = IF IsFix /\ ms.state = "postcopy-device" THEN ChanCloseM2d(chan) ELSE chan
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
    /\ chan' = IF chan.m2dSt = "open" THEN ChanBroken(chan) ELSE chan
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
                 /\ ms' = [RpExit(ms, m.v /= 0) EXCEPT !.dstFailed = @ \/ (IsFix /\ m.v /= 0)]
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

-----------------------------------------------------------------------------
(***************************************************************************)
(* Destination main thread: QMP, the incoming coroutine (which runs in the *)
(* main thread) and the bottom halves.                                     *)
(***************************************************************************)

DM == "dst/main"
LT == "dst/listen"

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
         /\ IF IsFix
            THEN /\ chan' = ChanBroken(chan)
                 /\ ms' = [ms EXCEPT !.fileErr = @ \/ ChanInUse]
            ELSE UNCHANGED <<chan, ms>>
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
            [] it.t = "PING" /\ mis.toSrc /\ IsFix /\ it.v = PingPackagedLoaded ->
                 \* fix (F3): the reply to PING 0x42 waits for the run BH
                 /\ mis' = [mis EXCEPT !.ping42 = TRUE]
                 /\ co' = rest
                 /\ UNCHANGED <<lt, ms, chan>>
                 /\ Step(DM, "loadvm_process_command",
                         << E(DM, "loadvm_process_command_ping", [val |-> it.v]) >>)
            [] it.t = "PING" /\ mis.toSrc /\ ~(IsFix /\ it.v = PingPackagedLoaded) ->
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
                 LET d7 == DstPostcopyDevice /\ ~IsFix /\ mis.state = "postcopy-device"
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
           /\ CASE IsFix /\ mis.ping42 /\ mis.state /= "postcopy-device" ->
                     \* the listen thread failed the migration first (F5)
                     /\ mis' = [mis EXCEPT !.runBh = FALSE, !.ping42 = FALSE]
                     /\ UNCHANGED <<ms, chan>>
                     /\ Step(DM, "loadvm_postcopy_handle_run_bh", faultEv)
                [] IsFix /\ mis.ping42 /\ act ->
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
                [] IsFix /\ mis.ping42 ->
                     LET shut == mis.toSrc
                     IN /\ mis' = MisGone([mis EXCEPT !.runBh = FALSE, !.state = "failed"])
                        /\ chan' = ChanDstGone([chan EXCEPT !.d2s = Send(@, chan.d2sSt,
                                         IF shut THEN << Msg("SHUT", 1, 0) >> ELSE << >>)])
                        /\ ms' = MsPeerGone(ms)
                        /\ Step(DM, "loadvm_postcopy_handle_run_bh",
                                << SetStateEv(DM, "postcopy-active") >>
                                \o faultEv \o BlockEv(DM, "active")
                                \o << SetStateEv(DM, "failed") >>)
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
       THEN /\ chan' = ChanBroken(chan)
            /\ ms' = [ms EXCEPT !.fileErr = @ \/ ChanInUse]
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
    /\ IF mis.pcState = "running" /\ PostcopyRam /\ ~(IsFix /\ mis.state = "postcopy-device")
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
    /\ ~(IsFix /\ mis.state /= lt.read)
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
(* Guest: vCPUs dirty RAM while they run; the destination's vCPUs fault on *)
(* missing pages and the fault thread asks for them.                        *)
(***************************************************************************)

\* A source vCPU writes a page (dirty logging marks it for migration).
SrcGuestWrite ==
    /\ ms.alive /\ ms.runstate = "running" /\ hist.writes < MaxWrites
    /\ \E p \in Pages :
          ram' = [ram EXCEPT !.src[p] = ram.latest[p] + 1, !.latest[p] = ram.latest[p] + 1,
                             !.dirty[p] = TRUE]
    /\ hist' = [hist EXCEPT !.writes = @ + 1]
    /\ Step("src/vcpu", "guest_write", << >>)
    /\ UNCHANGED <<srcVars, dstVars, chan, mgmt>>

\* A destination vCPU writes a page it has (a missing page blocks the vCPU).
DstGuestWrite ==
    /\ mis.alive /\ mis.runstate = "running" /\ hist.writes < MaxWrites
    /\ \E p \in Pages :
          /\ ram.dst[p] /= Missing
          /\ ram' = [ram EXCEPT !.dst[p] = ram.latest[p] + 1, !.latest[p] = ram.latest[p] + 1]
    /\ hist' = [hist EXCEPT !.writes = @ + 1]
    /\ Step("dst/vcpu", "guest_write", << >>)
    /\ UNCHANGED <<srcVars, dstVars, chan, mgmt>>

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

-----------------------------------------------------------------------------
(***************************************************************************)
(* Faults, each bounded by MaxFaults.                                       *)
(***************************************************************************)

\* The network between the hosts fails: everything in flight is lost and
\* both processes see errors.  `side` says where the reference
\* implementation injects it (it closes its socket there).
ChannelBreak(side) ==
    /\ FaultAllowed("channel-break")
    /\ ChanAnyOpen
    /\ chan' = ChanBroken(chan)
    /\ ms' = [ms EXCEPT !.fileErr = TRUE]
    /\ hist' = UseFault(hist)
    /\ Step("env", "channel_break", << FaultEv(side, "channel-break") >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt>>

\* The same fault where no connection is left to break (both directions
\* broken or gone: a paused postcopy, a failed or cancelled migration) does
\* nothing.  The reference implementation still logs its marker when the
\* runner sends x-inject-fault then; nothing else changes, so TLC sees no new
\* state and the trace checker takes it only where its line comes next.
ChannelBreakNothing(side) ==
    /\ FaultAllowed("channel-break")
    /\ ~ChanAnyOpen
    /\ Step("env", "channel_break", << FaultEv(side, "channel-break") >>)
    /\ UNCHANGED <<srcVars, dstVars, ram, chan, mgmt, hist>>

\* A local error on the source while the network is fine: a device's save
\* handler, RAM or VFIO sets the outgoing QEMUFile's error
\* (qemu_file_set_error).  Nothing is written to the socket from then on
\* (SrcSend), and the destination learns of it only from what the source
\* does next: a shutdown (postcopy_pause), a close (migration_cleanup).
SourceLocalError ==
    /\ FaultAllowed("src-local-error") /\ ms.alive
    /\ MigrationIsActive(ms.state) /\ ~ms.fileErr /\ chan.m2dSt = "open"
    /\ ms' = [ms EXCEPT !.fileErr = TRUE]
    /\ hist' = UseFault(hist)
    /\ Step("env", "source_local_error", << FaultEv("src", "src-local-error") >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, chan, mgmt>>

\* kill -9 of the destination QEMU.
DestinationCrash ==
    /\ FaultAllowed("dst-crash") /\ mis.alive
    /\ mis' = MisGone(mis)
    /\ chan' = ChanDstGone(chan)
    /\ ms' = MsPeerGone(ms)
    /\ hist' = [UseFault(hist) EXCEPT !.crashed = @ \cup {"dst"}]
    /\ Step("env", "destination_crash", << FaultEv("dst", "dst-crash") >>)
    /\ UNCHANGED <<mt, rpt, co, lt, ram, mgmt>>

\* kill -9 of the source QEMU.
SourceCrash ==
    /\ FaultAllowed("src-crash") /\ ms.alive
    /\ ms' = MsGone(ms)
    /\ chan' = ChanSrcGone(chan)
    /\ hist' = [UseFault(hist) EXCEPT !.crashed = @ \cup {"src"}]
    /\ Step("env", "source_crash", << FaultEv("src", "src-crash") >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt>>

\* A third process opens the image and takes its locks: a backup job, a
\* `qemu-img` without -U, a second QEMU (how the C6 runs on real QEMU were
\* made).  The locks are free only while neither QEMU has the disks active:
\* around the switchover, or after a QEMU exited.  From then on every
\* activation fails, on either side, until the holder lets go.  Only these
\* two steps change `holder` (every other step's Step leaves it unchanged).
LockHolderTake ==
    /\ FaultAllowed("lock-holder") /\ UseLocks /\ holder = "none"
    \* after the source booted: a holder before it would keep QEMU from opening
    \* the image at all (no migration to speak of)
    /\ ms.runstate /= "prelaunch"
    /\ ~(ms.alive /\ ms.block) /\ ~(mis.alive /\ mis.block)
    /\ holder' = "held"
    /\ hist' = UseFault(hist)
    /\ HolderStep("lock_holder_take")
    /\ UNCHANGED <<srcVars, dstVars, ram, chan, mgmt>>

\* The holder lets go (only with LockHolderReleases; weakly fair: it lets go
\* eventually).  Nothing retries an activation by itself: `cont` does.
LockHolderRelease ==
    /\ LockHolderReleases /\ holder = "held"
    /\ holder' = "released"
    /\ HolderStep("lock_holder_release")
    /\ UNCHANGED <<srcVars, dstVars, ram, chan, mgmt, hist>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* libvirt (optional actor): the destination runs with -S; libvirt sends  *)
(* `cont` once the destination reports postcopy-active (or completed); on  *)
(* a failure it kills the destination and restarts the source, believing  *)
(* the migration can be aborted until `cont` succeeded (seed thread).      *)
(***************************************************************************)

MgmtNextAfterCont(r) == IF r = "error" THEN "failed" ELSE "started"

\* libvirt's `cont` on the destination: for precopy once the source
\* reported completed, for postcopy once the destination reports
\* postcopy-active (the source is then in a postcopy state as well).
MgmtContDestination ==
    /\ Management /\ mgmt = "idle" /\ mis.alive
    /\ \/ ms.state = "completed" /\ mis.state = "completed"
       \/ mis.state = "postcopy-active" /\ MigrationInPostcopy(ms.state)
    /\ QmpContDst("mgmt", "mgmt_cont_destination", MgmtNextAfterCont)

\* What libvirt sees as a failed migration.  With 11.x it sees `failed` only
\* once migration_cleanup is done: FAILING is the window the status was
\* added to keep libvirt out of (d1ab9655fd), so libvirt does not act on it.
MgmtSeesFailure ==
    \/ mgmt = "failed"
    \/ ms.state \in {"failed", "cancelled"}
    \/ mis.state = "failed" \/ ~mis.alive

\* On a visible failure libvirt kills the destination and goes to restore
\* the source.  (libvirt may also give up on a migration that makes no
\* progress; the models leave that out: C5 shows it would not help.)
MgmtAbort ==
    /\ Management /\ mgmt \in {"idle", "failed"} /\ MgmtSeesFailure
    /\ mis' = MisGone(mis)
    /\ chan' = ChanDstGone(chan)
    /\ ms' = IF mis.alive THEN MsPeerGone(ms) ELSE ms
    /\ mgmt' = "restore"
    /\ Step("mgmt", "mgmt_abort", << >>)
    /\ UNCHANGED <<mt, rpt, co, lt, ram, hist>>



\* `cont` on the source once its migration is over; refused (and retried)
\* while it is in finish-migrate.
MgmtRestoreSource ==
    /\ Management /\ mgmt = "restore" /\ ms.alive
    /\ ms.runstate \in {"running", "paused", "postmigrate"}
    /\ QmpContSrc("mgmt", "mgmt_restore_source", "done")

-----------------------------------------------------------------------------
(***************************************************************************)
(* A human operator's QMP commands (OperatorCommands), and `quit`.          *)
(***************************************************************************)

QmpContSrcOperator == QmpContSrc("src/main", "qmp_cont", mgmt)

\* A careful operator pauses a postcopy migration only once both sides
\* report postcopy-active, the point from which the destination's VM runs.
\* (QEMU 7.2's destination reports it at LISTEN, before RUN.)
OperatorSeesPostcopy == ms.state = "postcopy-active" /\ mis.state = "postcopy-active"
QmpContDstOperator == QmpContDst("dst/main", "qmp_cont", LAMBDA r : mgmt)

\* QMP quit: qemu_cleanup -> migration_shutdown -> migration_cancel, which
\* has no postcopy gate (C7, 374-387): it shuts the return path's file and
\* the stream down and writes CANCELLING, with the BQL held until the
\* process exits (SrcBql).  The other threads run meanwhile: the return-path
\* thread, whose socket that shuts, traces its bad end before the exit (real
\* QEMU 11.1 campaign runs 071 and 085); a migration thread that wants the
\* BQL waits for good.
QmpQuitSrc ==
    /\ SrcMainFree
    /\ AllowQuit /\ ms.alive
    /\ MigrationCancelFrom([ms EXCEPT !.quitting = TRUE], "src/main", "qmp_quit",
                           << E("src/main", "qmp_enter_quit", NoArgs) >>)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt, hist>>

\* ... then vm_shutdown and exit: the process is gone.
QuitExitSrc ==
    /\ ms.alive /\ ms.quitting /\ ~ms.cancelShut
    /\ ms' = MsGone(ms)
    /\ Step("src/main", "qmp_quit",
            IF ms.runstate = "running" THEN << RunstateEv("src/main", "shutdown") >> ELSE << >>)
    /\ chan' = ChanSrcGone(chan)
    /\ UNCHANGED <<mt, rpt, dstVars, ram, mgmt, hist>>

QmpQuitDst ==
    /\ DstMainFree
    /\ AllowQuit /\ mis.alive
    /\ mis' = MisGone(mis)
    /\ chan' = ChanDstGone(chan)
    /\ ms' = MsPeerGone(ms)
    /\ Step("dst/main", "qmp_quit",
            << E("dst/main", "qmp_enter_quit", NoArgs) >>
            \o (IF mis.runstate = "running" THEN << RunstateEv("dst/main", "shutdown") >> ELSE << >>))
    /\ UNCHANGED <<mt, rpt, co, lt, ram, mgmt, hist>>

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
    \/ MigrationCompletionPrecopy \/ PostcopyStart \/ LegacyPostcopyStartSetState
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
    \/ FaultNext \/ MgmtNext \/ OperatorNext \/ QuitNext \/ LockHolderNext

\* Weak fairness on every thread and on libvirt's reactions; none on
\* faults, guest writes, the operator, or libvirt giving up without cause;
\* a lock holder that lets go (LockHolderReleases) does so eventually.
Fairness ==
    /\ WF_stateVars(DriverNext)
    /\ WF_stateVars(SrcMainNext)
    /\ WF_stateVars(MigrationThreadNext)
    /\ WF_stateVars(ReturnPathNext)
    /\ WF_stateVars(DstMainNext)
    /\ WF_stateVars(ListenThreadNext)
    /\ WF_stateVars(PostcopyRamFaultThreadRequest)
    /\ WF_stateVars(MgmtNext)
    /\ WF_stateVars(LockHolderRelease)

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(***************************************************************************)
(* Type invariant.                                                          *)
(***************************************************************************)

MsgType == { "OPEN_RETURN_PATH", "PING", "POSTCOPY_ADVISE", "SWITCHOVER_START",
             "RAM_DISCARD", "PACKAGED", "PAGE", "DEVICE", "EOF", "POSTCOPY_RESUME",
             "RECV_BITMAP", "PONG", "SHUT", "REQ_PAGES", "RESUME_ACK" }
Version == {Missing} \cup (0..MaxWrites)
MtPc == { "none", "setup", "loop", "pre-switchover", "postcopy-start", "postcopy-check",
"wait-loaded", "completion-end", "rp-join", "detect-cas", "device-error", "pause", "pause-cas", "paused",
          "resume", "resume-bitmap", "resume-ack", "finish", "cleanup", "done" }

TypeOK ==
    /\ holder \in {"none", "held", "released"}
    /\ ms.state \in MigrationStatus /\ mis.state \in MigrationStatus
    /\ ms.runstate \in RunState /\ mis.runstate \in RunState
    /\ \A f \in {"alive", "block", "connecting", "fileErr", "error", "startPostcopy",
                 "pauseEvent", "pauseSem", "rpSem", "pkgLoaded", "pkgEvent", "wasRunning",
                 "cancelShut", "quitting", "dstFailed"} :
          ms[f] \in BOOLEAN
    /\ ms.reqPages \subseteq Pages
    /\ mt.pc \in MtPc /\ mt.read \in MigrationStatus \cup {"none", "precopy", "postcopy"}
    /\ rpt \in { "none", "running", "paused", "exited" }
    /\ \A f \in {"alive", "block", "listening", "toSrc", "fileErr", "autostart",
                 "device", "ping42", "runBh"} :
          mis[f] \in BOOLEAN
    /\ mis.accept \in { "none", "incoming", "recover" }
    /\ mis.pcState \in PostcopyState /\ mis.faultPending \subseteq Pages
    /\ co.pc \in { "none", "loading", "package", "listen-wait", "bh", "done" }
    /\ lt.pc \in { "none", "starting", "running", "wait-main", "fail-cas", "paused", "exited" }
    /\ \A p \in Pages : /\ ram.src[p] \in Version /\ ram.dst[p] \in Version
                        /\ ram.latest[p] \in Version /\ ram.dirty[p] \in BOOLEAN
    /\ chan.m2dSt \in ChannelStates /\ chan.d2sSt \in ChannelStates
    /\ \A i \in 1..Len(chan.m2d) : chan.m2d[i].t \in MsgType
    /\ \A i \in 1..Len(chan.d2s) : chan.d2s[i].t \in MsgType
    /\ mgmt \in { "idle", "started", "failed", "restore", "done" }
    /\ hist.faults \in 0..MaxFaults /\ hist.writes \in 0..MaxWrites
    /\ hist.dstRan \in BOOLEAN /\ hist.aborted \in BOOLEAN /\ hist.crashed \subseteq {"src", "dst"}

-----------------------------------------------------------------------------
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
    \/ MgmtNext
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
