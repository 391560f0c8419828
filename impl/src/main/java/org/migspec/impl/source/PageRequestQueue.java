package org.migspec.impl.source;

import java.util.ArrayDeque;

/**
 * Pages the destination asked for (REQ_PAGES), queued by the return-path thread and sent first by
 * the migration thread (ram_save_queue_pages / get_queued_page). Queuing wakes a migration thread
 * that waits for its rate limit, as migration_make_urgent_request does.
 */
public final class PageRequestQueue {
    private final ArrayDeque<int[]> queue = new ArrayDeque<>();
    private final int maxQueued;

    public PageRequestQueue(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /** Returns false (a protocol error) if the destination floods us beyond any sane bound. */
    public synchronized boolean add(int firstPage, int npages) {
        if (queue.size() >= maxQueued) {
            return false;
        }
        queue.add(new int[] {firstPage, npages});
        notifyAll();
        return true;
    }

    public synchronized boolean nonEmpty() {
        return !queue.isEmpty();
    }

    /** Next requested page, or -1. */
    public synchronized int poll() {
        int[] head = queue.peek();
        if (head == null) {
            return -1;
        }
        int p = head[0];
        head[0]++;
        head[1]--;
        if (head[1] <= 0) {
            queue.poll();
        }
        return p;
    }

    public synchronized void clear() {
        queue.clear();
    }

    /** migration_rate_limit's wait: until the window ends or an urgent request arrives. */
    public synchronized void awaitUrgent(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (queue.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    public synchronized void wake() {
        notifyAll();
    }
}
