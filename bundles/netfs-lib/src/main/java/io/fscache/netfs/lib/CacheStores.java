package io.fscache.netfs.lib;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where one export's fetched bytes are copied to the cache: a thread of its own, off the protocol's
 * I/O thread. A cold NFS read profile had the event loop that decoded a reply copy its 1 MiB into the
 * memory cache before it decoded the next reply, so the replies behind it and their readers waited.
 * The thread starts on demand and ends after {@link #IDLE_SECONDS} idle.
 *
 * <p>A store's task must not block on anything but the cache (a memory copy, or the hand-off to a
 * disk backend's own threads). Thread-safe; closed when the export's last mount goes.
 */
final class CacheStores implements AutoCloseable {

    private static final int IDLE_SECONDS = 10;
    private static final AtomicInteger EXPORTS = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    CacheStores() {
        String name = "netfs-cache-store-" + EXPORTS.incrementAndGet();
        executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code store} on the store thread; false, without running it, once closed. */
    boolean submit(Runnable store) {
        try {
            executor.execute(store);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Takes no more stores; those queued still run. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
