------------------------------ MODULE Messages ------------------------------
(***************************************************************************)
(* Messages.  Main stream: QEMU_VM_COMMAND sub-commands (savevm.c:78-98)   *)
(* plus RAM pages, the device-state section and QEMU_VM_EOF.  Return path: *)
(* enum mig_rp_message_type (migration.c:75-87).  One record shape:        *)
(* t = type, v = value (ping value, page version, ...), p = page.          *)
(***************************************************************************)
EXTENDS MigrationBase

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


\* Pages as PAGE messages, in page order (ram_save_iterate sends a set).
RECURSIVE SeqOfSet(_)
\* The elements of a set of numbers, smallest first.
SeqOfSet(S) ==
    IF S = {} THEN << >>
    ELSE LET x == CHOOSE x \in S : \A y \in S : x <= y
         IN << x >> \o SeqOfSet(S \ {x})

PageMsgs(S) == LET s == SeqOfSet(S)
               IN [i \in 1..Len(s) |-> Msg("PAGE", ram.src[s[i]], s[i])]
=============================================================================
