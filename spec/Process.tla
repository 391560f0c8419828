------------------------------ MODULE Process -------------------------------
(***************************************************************************)
(* Guest RAM, image locks, the fault budget and process lifetime, as the   *)
(* actions of both sides see them: what a process can activate, what is    *)
(* left of a process that is gone, what the source can still write.        *)
(***************************************************************************)
EXTENDS MigrationBase

Dirty == { p \in Pages : ram.dirty[p] }
PendingZero == Dirty = {}

\* block-active.c migration_block_activate(): taking the image's write lock
\* fails while the other side's QEMU holds it, or a third process does.
SrcCanActivate == ~UseLocks \/ (~(mis.alive /\ mis.block) /\ holder /= "held")
DstCanActivate == ~UseLocks \/ (~(ms.alive /\ ms.block) /\ holder /= "held")

FaultAllowed(kind) == kind \in Faults /\ hist.faults < MaxFaults
UseFault(h) == [h EXCEPT !.faults = @ + 1]

ChanInUse == chan.m2dSt /= "none"
\* Some direction is still open: there is a connection for a break to break.
ChanAnyOpen == chan.m2dSt = "open" \/ chan.d2sSt = "open"

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

\* The source learns that the destination shut its end down or is gone (a
\* write fails): not over a silent partition, where nothing comes back.
PeerTold == ChanInUse /\ ~ChanSilent(chan)

\* Writes from the source fail once the destination is gone.
MsPeerGone(m) == [m EXCEPT !.fileErr = @ \/ PeerTold]

\* The destination shuts its end of the socket down (qemu_file_shutdown):
\* the source's writes fail as if it were gone, unless a silent partition
\* keeps that from it.
DstShutdownSocket ==
    /\ chan' = ChanShutdownBy(chan, "dst")
    /\ ms' = MsPeerGone(ms)
=============================================================================
