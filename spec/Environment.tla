---------------------------- MODULE Environment -----------------------------
(***************************************************************************)
(* What acts on the two QEMUs from outside: faults (each bounded by        *)
(* MaxFaults), libvirt as an optional actor, a third process holding the   *)
(* image's locks, and a human operator's QMP commands, `quit` included.    *)
(***************************************************************************)
EXTENDS Source, Destination

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

\* A silent partition: the network drops every packet from now on, with no
\* RST and no FIN (a cable pulled, a firewall dropping, a host gone dark).
\* Neither side sees an error: reads block once what arrived is read,
\* writes vanish.  Only a shutdown(2) of its own end, or a keepalive timeout
\* (Keepalive), ends a side's wait.  The partition does not heal: a new
\* connection (recovery) is modelled as going through, which needs a healed
\* network; the models with this fault enable no recovery command.
SilentPartition ==
    /\ FaultAllowed("partition")
    /\ chan.m2dSt = "open" /\ chan.d2sSt = "open"
    /\ chan' = [chan EXCEPT !.m2dSt = "silent", !.d2sSt = "silent"]
    /\ hist' = UseFault(hist)
    /\ Step("env", "silent_partition", << FaultEv("src", "partition") >>)
    /\ UNCHANGED <<srcVars, dstVars, ram, mgmt>>

\* TCP keepalive (the migration address's keep-alive, keep-alive-idle,
\* -interval and -count, qapi/sockets.json) gives up on a silent peer: the side's blocked reads and
\* its writes fail with ETIMEDOUT.  Each side's kernel decides on its own.
\* Not a fault (the kernel's timer, taken fairly), and not counted.
KeepaliveTimeout(side) ==
    /\ Keepalive
    /\ IF side = "src"
       THEN /\ ms.alive /\ chan.d2sSt = "silent"
            /\ chan' = [chan EXCEPT !.d2s = << >>, !.d2sSt = "broken"]
            /\ ms' = [ms EXCEPT !.fileErr = TRUE]
            /\ UNCHANGED mis
       ELSE /\ mis.alive /\ chan.m2dSt = "silent"
            /\ chan' = [chan EXCEPT !.m2d = << >>, !.m2dSt = "broken"]
            /\ UNCHANGED <<ms, mis>>
    /\ Step("env", "keepalive_timeout", << >>)
    /\ UNCHANGED <<mt, rpt, co, lt, ram, mgmt, hist>>

KeepaliveNext == \E side \in {"src", "dst"} : KeepaliveTimeout(side)

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
=============================================================================
