package io.fscache.netfs.lib;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that copy fetched data to the cache, so a protocol's I/O thread only completes the
 * fetch and goes back to its socket (a memory cache's store is a copy into freshly allocated, first
 * touched memory; the profile put it at a fifth of the 9P event loop's time). Two daemon threads,
 * gone when idle; once closed, a store runs on the thread that hands it over.
 */
final class StorePool implements Executor, AutoCloseable {

    private static final int THREADS = 2;

    private final ThreadPoolExecutor threads;

    StorePool() {
        AtomicInteger count = new AtomicInteger();
        threads = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "netfs-store-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable store) {
        try {
            threads.execute(store);
        } catch (RejectedExecutionException closed) {
            store.run();
        }
    }

    /** Stops taking stores; those queued still run. */
    @Override
    public void close() {
        threads.shutdown();
    }
}
