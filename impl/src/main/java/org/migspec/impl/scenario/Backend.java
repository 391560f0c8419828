package org.migspec.impl.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What runs a scenario's two processes: the reference implementation ({@link ImplBackend}) or
 * real QEMU ({@code org.migspec.impl.qemu.QemuBackend}). The {@link ScenarioRunner} interprets
 * the steps and drives both sides over QMP like libvirt; a backend starts the processes, makes the
 * faults by its own means, and observes the guest. A step a backend cannot do is refused before
 * the run starts ({@link #cannot}), never skipped.
 */
public interface Backend {
    /** One line for reports: "impl v4", "QEMU 11.1.3 (/usr/bin/qemu-system-x86_64)". */
    String describe();

    /** "impl" or "qemu", as a scenario's {@code backends} names it. */
    String kind();

    /** Why this backend cannot do {@code step}, or null if it can. */
    String cannot(JsonNode step);

    /** Sets up what the run shares (disk image, guest, network) before any process starts. */
    void prepare(Scenario sc, Path out, RunLog log) throws IOException, ScenarioException;

    /**
     * Starts one side ("src" or "dst") with its QMP monitor on {@link #qmpSocket}; returns once the
     * monitor accepts connections. {@code management}: the destination waits for libvirt's
     * {@code cont} (-S) instead of starting the guest by itself.
     */
    Process start(String side, boolean management) throws IOException, ScenarioException, InterruptedException;

    /** Where the side's QMP monitor listens. */
    Path qmpSocket(String side);

    /** The address the destination listens on ({@code listen}) or the source connects to. */
    String uri(String role, boolean listen);

    /**
     * Before {@code migrate}: the source's guest is running its workload. The implementation's guest
     * is a thread that runs from the start (nothing to wait for); a real QEMU's vCPU may not have
     * written a page yet when the migration starts, and then a precopy of all-zero RAM converges
     * in milliseconds, before migrate-start-postcopy can take effect.
     */
    default void beforeMigrate(ScenarioSide src) throws ScenarioException, IOException, InterruptedException {
    }

    /** A fault step ({@code do: fault}) on {@code p}. */
    void fault(JsonNode step, ScenarioSide p) throws ScenarioException, IOException, InterruptedException;

    /** kill -9 of one side. Returns how it was done, for the run's step log. */
    String kill(ScenarioSide p) throws IOException, InterruptedException;

    /** A third process takes the disk image's locks (the destination's block activation fails). */
    void holdImage() throws IOException, ScenarioException;

    /** The third process lets the locks go. */
    void releaseImage();

    /** A backend-specific step (stalls of the implementation); {@link #cannot} has accepted it. */
    void extraStep(JsonNode step, ScenarioSide p) throws ScenarioException, IOException, InterruptedException;

    /**
     * Observes the guest on both sides at the end of the run, records what it saw under each
     * side's {@code integrity} in {@code result}, and returns the observations for the verdict.
     */
    GuestFate.Side[] observe(List<ScenarioSide> sides, ObjectNode result) throws IOException, InterruptedException;

    /** Ends whatever the backend started besides the two sides (proxy, lock holder). */
    void close();
}
