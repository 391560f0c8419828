--------------------------- MODULE MigrationBase ----------------------------
(***************************************************************************)
(* What every part of the spec shares: the constants a model picks, the    *)
(* variant switches, the variables (grouped like QEMU's structures) and the *)
(* type invariant.  Migration.tla says what the spec is and how its modules *)
(* are layered.                                                            *)
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
    Keepalive,              \* TCP keepalive on the migration socket (InetSocketAddress
                            \* keep-alive, qapi/sockets.json; off by default): a silent
                            \* partition then ends with an error on each side
    LockHolderReleases      \* a third-party lock holder ("lock-holder") lets go again; FALSE:
                            \* it keeps the image's locks for good

Variants == { "legacy", "v1", "v4", "v11", "fix" }
FaultKinds == { "channel-break", "dst-crash", "src-crash",
                "device-load-failure", "block-activation-failure", "lock-holder",
                "src-local-error", "partition" }
OperatorCommandNames ==
    { "migrate_cancel", "migrate-pause", "migrate-recover", "migrate-resume",
      "migrate-start-postcopy", "cont" }

ASSUME Variant \in Variants
ASSUME Faults \subseteq FaultKinds /\ MaxFaults \in Nat /\ MaxWrites \in Nat
ASSUME OperatorCommands \subseteq OperatorCommandNames
ASSUME \A b \in {Postcopy, ReturnPath, PauseBeforeSwitchover, PrecopyConverges,
                 UseLocks, Management, LateBlockActivate, CarefulOperator, AllowQuit,
                 LockHolderReleases, Keepalive} : b \in BOOLEAN
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
(***************************************************************************)
(* Type invariant.                                                          *)
(***************************************************************************)

MsgType == { "OPEN_RETURN_PATH", "PING", "POSTCOPY_ADVISE", "SWITCHOVER_START",
             "RAM_DISCARD", "PACKAGED", "PAGE", "DEVICE", "EOF", "POSTCOPY_RESUME",
             "RECV_BITMAP", "PONG", "SHUT", "REQ_PAGES", "RESUME_ACK" }
Version == {Missing} \cup (0..MaxWrites)
MtPc == { "none", "setup", "loop", "switchover", "pre-switchover", "postcopy-start", "postcopy-check",
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
=============================================================================
