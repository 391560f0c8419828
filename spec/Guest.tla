------------------------------- MODULE Guest --------------------------------
(***************************************************************************)
(* Guest: vCPUs dirty RAM while they run (the destination's vCPUs block on *)
(* missing pages; the fault thread that asks for them is in Destination).  *)
(***************************************************************************)
EXTENDS Events

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
=============================================================================
