package io.fscache.backend.tiered;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs promotions off the readers' threads on two daemon threads with a bounded queue. Promotion is
 * an optimisation: when the queue is full a promotion is dropped (counted), never waited for.
 */
final class Promoter {

    private static final int THREADS = 2;
    private static final int QUEUE = 1024;

    private final ThreadPoolExecutor executor;
    final LongAdder dropped = new LongAdder();
    /** Promotions asked for, queued or dropped: a read that promotes nothing leaves it alone. */
    final LongAdder submitted = new LongAdder();

    Promoter(String cacheName) {
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "fscache-tiered-" + cacheName + "-promoter-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Queues a promotion; {@code false} if it was dropped. */
    boolean submit(Runnable promotion) {
        submitted.increment();
        try {
            executor.execute(promotion);
            return true;
        } catch (RejectedExecutionException e) {
            dropped.increment();
            return false;
        }
    }

    /** Stops taking promotions and waits briefly for those running (objects are closed by now, so they are no-ops). */
    void shutdown() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
