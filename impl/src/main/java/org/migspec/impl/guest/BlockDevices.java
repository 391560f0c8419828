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
     * Takes the write lock. Returns null on success (or if already active), else QEMU's error text.
     */
    public synchronized String activate() {
        if (lock != null) {
            return null;
        }
        if (variant.modernTraceNames()) {
            trace.migrationBlockActivation("active");
        }
        FileLock l;
        try {
            l = channel.tryLock(0, 1, false);
        } catch (OverlappingFileLockException | IOException e) {
            l = null;
        }
        if (l == null) {
            faults.noteBlockActivationFailure();
            return "Failed to get \"write\" lock: Is another process using the image [" + image + "]?";
        }
        lock = l;
        return null;
    }

    /** Releases the write lock (the destination may take it now). */
    public synchronized void inactivate() {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // the lock goes with the channel anyway
        }
        lock = null;
        if (variant.modernTraceNames()) {
            trace.migrationBlockActivation("inactive");
        }
    }
}
