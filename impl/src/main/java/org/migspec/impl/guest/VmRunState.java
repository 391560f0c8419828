package org.migspec.impl.guest;

import org.migspec.impl.common.QapiEvents;
import org.migspec.impl.common.RunState;
import org.migspec.impl.trace.MigTrace;

/**
 * The VM run state (system/runstate.c): runstate_set, vm_start, vm_stop with their trace events and
 * QMP STOP/RESUME events, and the {@code autostart} flag ({@code -S} clears it). Callers hold the BQL.
 */
public final class VmRunState {
    private final MigTrace trace;
    private final QapiEvents events;
    private final Vcpu vcpu;
    private volatile RunState state;
    private volatile boolean autostart;
    private volatile long starts;

    public VmRunState(RunState initial, boolean autostart, MigTrace trace, QapiEvents events, Vcpu vcpu) {
        this.state = initial;
        this.autostart = autostart;
        this.trace = trace;
        this.events = events;
        this.vcpu = vcpu;
    }

    public RunState get() {
        return state;
    }

    public boolean is(RunState s) {
        return state == s;
    }

    public boolean autostart() {
        return autostart;
    }

    public void setAutostart(boolean v) {
        autostart = v;
    }

    /** How many times vm_start started the vCPUs (0 = the guest never ran in this process since boot/reset). */
    public long starts() {
        return starts;
    }

    /** runstate_set: no-op when unchanged, as in QEMU. */
    public synchronized void runstateSet(RunState next) {
        if (next == state) {
            return;
        }
        trace.runstateSet(state.qapi(), next.qapi());
        state = next;
    }

    /** vm_start(): RESUME event, runstate running, vm_state_notify, vCPUs go. */
    public synchronized void vmStart() {
        if (state == RunState.RUNNING) {
            return;
        }
        events.emit("RESUME");
        runstateSet(RunState.RUNNING);
        trace.vmStateNotify(1, RunState.RUNNING.qapi());
        starts++;
        vcpu.resume();
    }

    /** do_vm_stop(): if running, stop the vCPUs, vm_state_notify, STOP event; else only runstate_set. */
    public synchronized void vmStop(RunState next) {
        doVmStop(next, true);
    }

    /** vm_shutdown(): do_vm_stop(RUN_STATE_SHUTDOWN, send_stop=false): no STOP event. */
    public synchronized void vmShutdown() {
        doVmStop(RunState.SHUTDOWN, false);
    }

    private void doVmStop(RunState next, boolean sendStop) {
        if (state != RunState.RUNNING) {
            runstateSet(next);
            return;
        }
        runstateSet(next);
        vcpu.pause();
        trace.vmStateNotify(0, next.qapi());
        if (sendStop) {
            events.emit("STOP");
        }
    }

    /** Boot: prelaunch -> running (the source) without a RESUME event, as QEMU starts a VM. */
    public synchronized void boot() {
        runstateSet(RunState.RUNNING);
        trace.vmStateNotify(1, RunState.RUNNING.qapi());
        vcpu.resume();
    }
}
