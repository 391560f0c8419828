package org.migspec.impl.vm;

import java.io.IOException;
import java.util.Map;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.MainLoop;
import org.migspec.impl.common.MigrationParameters;
import org.migspec.impl.common.RunState;
import org.migspec.impl.common.Variant;
import org.migspec.impl.destination.IncomingCommands;
import org.migspec.impl.destination.MigrationIncomingState;
import org.migspec.impl.fault.FaultHook;
import org.migspec.impl.fault.FaultInjector;
import org.migspec.impl.fault.TracePoints;
import org.migspec.impl.guest.BlockDevices;
import org.migspec.impl.guest.DeviceState;
import org.migspec.impl.guest.Guest;
import org.migspec.impl.guest.GuestRam;
import org.migspec.impl.guest.Vcpu;
import org.migspec.impl.guest.VmRunState;
import org.migspec.impl.qmp.DebugCommands;
import org.migspec.impl.qmp.MigrationCommands;
import org.migspec.impl.qmp.QmpEvents;
import org.migspec.impl.qmp.QmpServer;
import org.migspec.impl.qmp.RunControlCommands;
import org.migspec.impl.source.MigrationState;
import org.migspec.impl.source.SourceCommands;
import org.migspec.impl.trace.MigTrace;
import org.migspec.impl.trace.NdjsonSink;
import org.migspec.impl.trace.TraceHeader;
import org.migspec.impl.trace.TraceSink;
import org.migspec.impl.wire.MigrationChannel;

/**
 * One QEMU-like process: main loop + BQL, QMP monitor, guest (RAM, device state, vCPU, image), the
 * outgoing and the incoming migration objects (both exist in every process, as in QEMU), one trace
 * sink and the fault injector. The composition root: it builds every part and hands each one only
 * the parts it uses. Only {@code cli} refers to this class (to start it and print its pid); no
 * protocol code gets it.
 */
public final class VmProcess {
    private final Variant variant;
    private final String side;
    private final long pid = ProcessHandle.current().pid();
    private final MainLoop mainLoop = new MainLoop();
    private final TraceSink sink;
    private final FaultInjector faults = new FaultInjector();
    /**
     * What the protocol code calls at each point: the trace call and, beside it, the fault point
     * ({@link TracePoints}). {@link #tracer} is the trace alone.
     */
    private final MigTrace trace;
    /** The trace alone, without fault points (what {@code x_inject_fault} is written to). */
    private final MigTrace tracer;
    private final QmpEvents events = new QmpEvents();
    private final Capabilities caps = new Capabilities();
    private final MigrationParameters params = new MigrationParameters();
    private final GuestRam ram;
    private final DeviceState dev = new DeviceState();
    private final Vcpu vcpu;
    private final VmRunState runState;
    private final BlockDevices block;
    private final Guest guest;
    private final MigrationState ms;
    private final MigrationIncomingState mis;
    private final SourceCommands sourceCommands;
    private final IncomingCommands incomingCommands;
    private final QmpServer qmp;

    /** This process's pid (what {@code migspec src|dst} prints, and what a kill -9 targets). */
    public long pid() {
        return pid;
    }

    public VmProcess(VmConfig cfg) throws IOException {
        this.variant = cfg.variant();
        this.side = cfg.side();
        for (Map.Entry<String, Boolean> e : cfg.initialCaps().entrySet()) {
            caps.set(e.getKey(), e.getValue());
        }
        mainLoop.start();
        if (cfg.traceFile() != null) {
            TraceHeader h = new TraceHeader(variant.cliName(), side, pid, caps.snapshot(), cfg.pageSize(), cfg.pages(),
                    cfg.management());
            sink = new NdjsonSink(cfg.traceFile(), h, mainLoop.tid());
        } else {
            sink = TraceSink.NULL;
        }
        tracer = new TracePoints(sink, FaultHook.NONE);
        trace = new TracePoints(sink, faults);
        faults.bind(tracer, this::breakChannels);
        ram = new GuestRam(cfg.pages(), cfg.pageSize());
        vcpu = new Vcpu(ram, dev, cfg.dirtyPages(), cfg.dirtyRate(), cfg.seed());
        boolean incoming = "dst".equals(side);
        runState = new VmRunState(incoming ? RunState.INMIGRATE : RunState.PRELAUNCH,
                incoming ? cfg.autostart() : true, trace, events, vcpu);
        block = new BlockDevices(cfg.image(), trace, variant, faults);
        guest = new Guest(ram, dev, vcpu, runState, block);
        ms = new MigrationState(variant, trace, caps, events, cfg.pages());
        mis = new MigrationIncomingState(variant, trace, caps, events);
        sourceCommands = new SourceCommands(ms, guest, mainLoop, caps, params, variant, trace);
        incomingCommands = new IncomingCommands(mis, guest, mainLoop, caps, variant, trace, events, faults, this::exit,
                pid);
        int[] ver = switch (variant) {
            case LEGACY -> new int[] {7, 2, 22};
            case V1 -> new int[] {10, 1, 0};
            default -> new int[] {10, 2, 0};
        };
        qmp = new QmpServer(cfg.qmpSocket(), mainLoop, trace, events, ver[0], ver[1], ver[2]);
        new MigrationCommands(sourceCommands, incomingCommands, ms, mis, caps, params, ram, variant).register(qmp);
        new RunControlCommands(runState, block, variant, mainLoop, events, sourceCommands, this::exit).register(qmp);
        new DebugCommands(faults, guest, ms).register(qmp);
        if (!incoming) {
            ram.fill(cfg.seed());
            dev.fill(cfg.seed());
        }
        vcpu.start();
        try {
            mainLoop.call(() -> {
                if (!incoming) {
                    String err = block.activate();
                    if (err != null) {
                        throw new IOException(err);
                    }
                    runState.boot();
                }
                return null;
            });
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        qmp.start();
    }

    /**
     * channel-break: break this side's migration connection(s), both directions at once
     * (shutdown(SHUT_RDWR)). Data already sent still reaches the peer, then end of stream; local
     * reads return end of stream and later writes fail. A close() here could turn unread data into
     * a TCP reset that destroys the peer's data in flight, which would make the break's effect
     * depend on timing.
     */
    private void breakChannels() {
        MigrationChannel out = ms.channel();
        if (out != null) {
            out.shutdown();
        }
        MigrationChannel in = mis.channel();
        if (in != null) {
            in.shutdown();
        }
    }

    /** exit(): flush the trace first (every line is flushed as written; this is for the rest). */
    private void exit(int code) {
        sink.flush();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
