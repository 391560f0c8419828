package org.migspec.impl.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.migspec.impl.common.Variant;
import org.migspec.impl.fault.FaultInjector;
import org.migspec.impl.trace.MigTrace;

/**
 * The guest's disk image. Activation takes the image's "write" lock: a real OS lock
 * ({@link FileChannel#tryLock()}) on the shared image file, so two processes can never both have it
 * active, and a third holder makes activation fail (C3, C6). Inactivation releases it, at
 * switchover on the source. migration_block_activate / migration_block_inactivate (block-active.c).
 */
public final class BlockDevices {
    private final Path image;
    private final FileChannel channel;
    private final MigTrace trace;
    private final Variant variant;
    private final FaultInjector faults;
    private FileLock lock;

    public BlockDevices(Path image, MigTrace trace, Variant variant, FaultInjector faults) {
        this.image = image;
        this.trace = trace;
        this.variant = variant;
        this.faults = faults;
        try {
            this.channel = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open image " + image + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean active() {
        return lock != null;
    }

    /**
     * migration_block_activate (block-active.c:15-30): traces {@code migration_block_activation
     * active} on every call (10.x), whether or not the image is active already, then takes the
     * write lock. Returns null on success (or if already active), else QEMU's error text. When the
     * attempt fails and a block-activation-failure fault is armed, {@code x_inject_fault} comes
     * first: the trace reads "fault, activation attempt", as the spec's fault choice does.
     */
    public synchronized String activate() {
        FileLock l = lock;
        boolean failed = false;
        if (l == null) {
            try {
                l = channel.tryLock(0, 1, false);
            } catch (OverlappingFileLockException | IOException e) {
                l = null;
            }
            failed = l == null;
        }
        if (failed) {
            faults.noteBlockActivationFailure();
        }
        if (variant.modernTraceNames()) {
            trace.migrationBlockActivation("active");
        }
        if (failed) {
            return "Failed to get \"write\" lock: Is another process using the image [" + image + "]?";
        }
        lock = l;
        return null;
    }

    /**
     * migration_block_inactivate (block-active.c:32-47): traces {@code migration_block_activation
     * inactive} on every call (10.x) and releases the write lock (the destination may take it now).
     * The lock is released just before the event, so that a thread held at that event (a stall)
     * has already given the image up.
     */
    public synchronized void inactivate() {
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // the lock goes with the channel anyway
            }
            lock = null;
        }
        if (variant.modernTraceNames()) {
            trace.migrationBlockActivation("inactive");
        }
    }
}
