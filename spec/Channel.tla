------------------------------ MODULE Channel ------------------------------
(***************************************************************************)
(* One direction of the migration socket.  QEMU runs the main stream      *)
(* (source -> destination) and the return path (destination -> source)   *)
(* over one TCP connection, so a break or a shutdown(2) hits both         *)
(* directions at once; a process that exits closes its end gracefully,   *)
(* so what it already wrote is still delivered (the SHUT(1) a failing      *)
(* destination sends before exit(1) reaches the source: qemu-10.2 s3a).   *)
(*                                                                         *)
(*   "none"    no connection yet (or the previous one was released)        *)
(*   "open"    FIFO delivery                                              *)
(*   "closed"  the writer closed its end: the reader drains, then EOF     *)
(*   "broken"  network failure or shutdown(2): queued data is lost and    *)
(*             every read and write fails at once                         *)
(*   "silent"  a silent partition (packets dropped, no RST, no FIN): what  *)
(*             the reader's kernel already holds is still read, then the   *)
(*             read blocks for good; writes vanish with no error.  A TCP   *)
(*             keepalive, where configured, ends it with an error.         *)
(***************************************************************************)
EXTENDS Sequences

ChannelStates == { "none", "open", "closed", "broken", "silent" }

\* A reader can take the head of the queue.
CanRecv(q, st) == q /= <<>> /\ st \in { "open", "closed", "silent" }

\* A blocked read returns an error: the channel broke, or EOF was reached.
RecvFails(q, st) == st = "broken" \/ (st = "closed" /\ q = <<>>)

\* Appending to a channel that is not open loses the data (the write error
\* itself is recorded by whoever broke or closed the channel).
Send(q, st, msgs) == IF st = "open" THEN q \o msgs ELSE q

\* The socket as the two processes leave it (both directions at once).
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
\* One direction closed gracefully (shutdown of one side, or a close): what
\* was sent is still delivered, then EOF.
ChanCloseM2d(c) == [c EXCEPT !.m2dSt = IF @ = "open" THEN "closed" ELSE @]
\* A silent partition is in effect in some direction.
ChanSilent(c) == c.m2dSt = "silent" \/ c.d2sSt = "silent"

\* A shutdown(2) one process makes on its end of the socket.  Over a working
\* network the peer's reads fail as well (both directions "broken").  Over
\* a silent partition nothing reaches the peer: only the shutting side's
\* reads fail (its writes fail by its own file's error, which the caller
\* sets), and the peer keeps waiting.
ChanShutdownBy(c, side) ==
    IF ChanSilent(c)
    THEN IF side = "src"
         THEN [c EXCEPT !.d2s = << >>, !.d2sSt = IF @ = "none" THEN "none" ELSE "broken"]
         ELSE [c EXCEPT !.m2d = << >>, !.m2dSt = IF @ = "none" THEN "none" ELSE "broken"]
    ELSE ChanBroken(c)
ChanCloseD2s(c) == [c EXCEPT !.d2sSt = IF @ = "open" THEN "closed" ELSE @]
=============================================================================
