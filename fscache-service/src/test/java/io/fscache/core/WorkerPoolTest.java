package io.fscache.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.Volume;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's worker pool with a real cachefiles cache, whose commits wait for the cache's own I/O pool. */
class WorkerPoolTest {

    private static final int WORKERS = 2;
    private static final int GRANULE = 64 * 1024;
    private static final int FILES = 100;

    @TempDir
    Path dir;

    // Broke as: 100 files read, the cache withdrawn and added again on its directory, and the
    // fscache-worker threads grew from 2 to 98 (a ForkJoinPool compensating for workers blocked in
    // CompletableFuture.join), retiring one a minute.
    @Test
    void workerThreadsStayAtTheConfiguredSizeAcrossWithdrawAndAdd() throws Exception {
        AtomicInteger peak = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(workerThreads(), Math::max);
                Thread.onSpinWait();
            }
        }, "worker-sampler");
        try (FsCacheService service = new FsCacheService(FsCacheSettings.DEFAULTS.withWorkers(WORKERS))) {
            sampler.start();
            CachefilesCache first = cache();
            service.addCache(first);
            Volume volume = service.acquireVolume("9p,server,export");
            List<Cookie> cookies = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                Cookie cookie = volume.acquireCookie(new byte[] {(byte) i, 1}, new byte[] {1}, GRANULE);
                cookie.use(false);
                try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
                    assertTrue(access.write(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().join());
                }
                cookie.unuse(null, -1); // parked on the LRU, its object still open
                cookies.add(cookie);
            }
            service.withdrawCache(first); // commits and closes the 100 open objects on the workers

            service.addCache(cache());
            int fromCache = 0;
            for (Cookie cookie : cookies) {
                cookie.use(false);
                try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
                    if (access.read(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().join() == GRANULE) {
                        fromCache++;
                    }
                }
                cookie.unuse(null, -1);
            }
            assertEquals(FILES, fromCache, "the new cache on the same directory serves what the old one stored");
            for (Cookie cookie : cookies) {
                cookie.relinquish(false);
            }
            sampling.set(false);
            sampler.join();
            assertTrue(peak.get() <= WORKERS, "at most " + WORKERS + " fscache-worker threads, saw " + peak.get());
            assertTrue(workerThreads() <= WORKERS, "at most " + WORKERS + " left at the end, found " + workerThreads());
        } finally {
            sampling.set(false);
        }
    }

    private CachefilesCache cache() throws Exception {
        return new CachefilesCache(CachefilesSettings.builder("disk", dir).granule(GRANULE).build());
    }

    private static int workerThreads() {
        int n = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("fscache-worker")) {
                n++;
            }
        }
        return n;
    }
}
