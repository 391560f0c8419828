-------------------------------- MODULE Toy --------------------------------
(***************************************************************************)
(* A toy ping/pong protocol shaped like Migration.tla (a `step` variable   *)
(* with actor/action/events, a `chan` record with m2d and d2s queues), so  *)
(* the model-checking runner's tests can make TLC produce every kind of   *)
(* outcome in well under a second.  samples/*.out are captured from it by *)
(* capture.sh.                                                             *)
(***************************************************************************)
EXTENDS Integers, Sequences

CONSTANTS MaxPings,   \* pings the source sends per round
          Faults      \* {} or {"channel-break"}

VARIABLES st, chan, pongs, step

vars == <<st, chan, pongs, step>>
stateVars == <<st, chan, pongs>>

Msg(t, v) == [t |-> t, v |-> v, p |-> 0]
E(th, ev, args) == [th |-> th, ev |-> ev, args |-> args]
Step(a, act, evs) == step' = [actor |-> a, action |-> act, events |-> evs]
SetState(th, s) == E(th, "migrate_set_state", [new_state |-> s])

Init ==
    /\ st = [src |-> "none", dst |-> "none", sent |-> 0,
             fn |-> [p \in {2, 3} |-> -1], note |-> "say \"hi\"", seen |-> {}]
    /\ chan = [m2d |-> << >>, m2dSt |-> "none", d2s |-> << >>, d2sSt |-> "none"]
    /\ pongs = << >>
    /\ step = [actor |-> "init", action |-> "Init", events |-> << >>]

Start ==
    /\ st.src = "none"
    /\ st' = [st EXCEPT !.src = "active", !.dst = "active"]
    /\ chan' = [chan EXCEPT !.m2dSt = "open", !.d2sSt = "open"]
    /\ Step("src/main", "qmp_migrate",
            << E("src/main", "qmp_enter_migrate", [resume |-> FALSE]),
               SetState("src/main", "active") >>)
    /\ UNCHANGED pongs

SendPing ==
    /\ st.src = "active" /\ st.sent < MaxPings /\ chan.m2dSt = "open"
    /\ chan' = [chan EXCEPT !.m2d = Append(@, Msg("PING", 64 + st.sent))]
    /\ st' = [st EXCEPT !.sent = @ + 1]
    /\ Step("src/migration", "migration_thread",
            << E("src/migration", "savevm_send_ping", [val |-> 64 + st.sent]) >>)
    /\ UNCHANGED pongs

RecvPing ==
    /\ chan.m2d /= << >> /\ chan.m2dSt = "open"
    /\ LET m == Head(chan.m2d) IN
       /\ chan' = [chan EXCEPT !.m2d = Tail(@), !.d2s = Append(@, Msg("PONG", m.v))]
       /\ st' = [st EXCEPT !.seen = @ \cup {m.v}, !.fn[2] = m.v]
       /\ Step("dst/main", "loadvm_process_command",
               << E("dst/main", "loadvm_process_command_ping", [val |-> m.v]) >>)
    /\ UNCHANGED pongs

RecvPong ==
    /\ chan.d2s /= << >> /\ chan.d2sSt = "open"
    /\ pongs' = Append(pongs, Head(chan.d2s).v)
    /\ chan' = [chan EXCEPT !.d2s = Tail(@)]
    /\ Step("src/return-path", "source_return_path_thread",
            << E("src/return-path", "source_return_path_thread_pong", [val |-> Head(chan.d2s).v]) >>)
    /\ UNCHANGED st

Break ==
    /\ "channel-break" \in Faults /\ chan.m2dSt = "open"
    /\ chan' = [m2d |-> << >>, m2dSt |-> "broken", d2s |-> << >>, d2sSt |-> "broken"]
    /\ Step("env", "channel_break",
            << E("src/main", "x_inject_fault", [fault |-> "channel-break"]) >>)
    /\ UNCHANGED <<st, pongs>>

Finish ==
    /\ st.src = "active" /\ Len(pongs) = MaxPings
    /\ st' = [st EXCEPT !.src = "completed"]
    /\ Step("src/migration", "migration_completion", << SetState("src/migration", "completed") >>)
    /\ UNCHANGED <<chan, pongs>>

Reset ==
    /\ st.src = "completed"
    /\ st' = [st EXCEPT !.src = "none", !.sent = 0]
    /\ pongs' = << >>
    /\ chan' = [m2d |-> << >>, m2dSt |-> "none", d2s |-> << >>, d2sSt |-> "none"]
    /\ Step("src/main", "migrate_reset", << SetState("src/main", "none") >>)

NextNoReset == Start \/ SendPing \/ RecvPing \/ RecvPong \/ Break \/ Finish
Next == NextNoReset \/ Reset

Spec == Init /\ [][Next]_vars
SpecNoReset == Init /\ [][NextNoReset]_vars
FairSpec == Spec /\ WF_vars(Next)

TypeOK == /\ st.sent \in 0..MaxPings
          /\ Len(pongs) <= MaxPings
FewPongs == Len(pongs) < 2
NotStarted == st.src /= "none"
BadEval == Head(pongs) >= 0
SentMonotone == [][st'.sent >= st.sent]_vars
PongsBounded == [][Len(pongs') <= MaxPings]_vars
EventuallyDone == <>(st.src = "completed")
StaysDone == <>[](st.src = "completed")
=============================================================================
