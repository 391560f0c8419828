package org.migspec.impl.common;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The main loop: one thread named {@code main} running QMP handlers and bottom halves, each with
 * the {@link #bql() BQL} held, as QEMU's main loop does. Other threads (the migration thread, the
 * incoming coroutine) take the BQL explicitly where QEMU does.
 */
public final class MainLoop {
    private final ReentrantLock bql = new ReentrantLock();
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    public MainLoop() {
        thread = new Thread(this::run, "main");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long tid() {
        return thread.getId();
    }

    public ReentrantLock bql() {
        return bql;
    }

    public boolean inMainThread() {
        return Thread.currentThread() == thread;
    }

    /** qemu_bh_schedule / migration_bh_schedule: run later on the main loop with the BQL. */
    public void scheduleBh(Runnable bh) {
        queue.add(bh);
    }

    /** Run on the main loop and wait for the result (used by the QMP server's dispatcher). */
    public <T> T call(Callable<T> c) throws Exception {
        if (inMainThread()) {
            return c.call();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        queue.add(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw new RuntimeException(cause);
        }
    }

    public void stop() {
        stopped = true;
        queue.add(() -> { });
    }

    private void run() {
        while (!stopped) {
            Runnable r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            bql.lock();
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("main loop: " + e);
                e.printStackTrace();
            } finally {
                bql.unlock();
            }
        }
    }
}
