package io.fscache.netfs.lib;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.backend.memory.MemoryCache;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache withdrawn while readers run costs them nothing but speed. */
class CacheWithdrawalTest {

    @TempDir
    Path dir;

    @Test
    void withdrawingTheCacheDuringAReadLoopFailsNoRead() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.server.latency(Duration.ofMillis(1));
            int files = 4;
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                contents.add(rig.serverFile("/f" + i, 700_000 + i * 1000, 50 + i));
            }
            FileSystem fs = rig.mount("m");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger reads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(files);
            try {
                List<Future<?>> loops = new ArrayList<>();
                for (int i = 0; i < files; i++) {
                    int index = i;
                    loops.add(pool.submit(() -> {
                        Path file = fs.getPath("/f" + index);
                        while (!stop.get()) {
                            assertArrayEquals(contents.get(index), TestFiles.readAll(file, 50_000 + index * 7));
                            reads.incrementAndGet();
                        }
                        return null;
                    }));
                }
                awaitReads(reads, 8, loops);
                assertTrue(rig.fscache.withdrawCache("mem"));
                awaitReads(reads, reads.get() + 8, loops);
                // A new cache comes; cookies bind to it on their next use.
                rig.fscache.addCache(new MemoryCache("mem2", 32L << 20, 64 * 1024));
                awaitReads(reads, reads.get() + 8, loops);
                stop.set(true);
                for (Future<?> loop : loops) {
                    loop.get();
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
            // Cookies re-bound to the new cache: one more pass fills it, then it serves everything.
            for (int i = 0; i < files; i++) {
                assertArrayEquals(contents.get(i), TestFiles.readAll(fs.getPath("/f" + i), 65536));
            }
            rig.server.resetCounters();
            for (int i = 0; i < files; i++) {
                assertArrayEquals(contents.get(i), TestFiles.readAll(fs.getPath("/f" + i), 65536));
            }
            assertEquals(0, rig.server.readRpcs.get(), "the new cache serves them now");
            assertEquals("mem2", Files.readAttributes(fs.getPath("/f0"), "fscache:cacheName").get("cacheName"));
        }
    }

    /** Waits until the readers have done {@code target} reads, or one of them stopped (its failure then shows in {@code get}). */
    private static void awaitReads(AtomicInteger reads, int target, List<Future<?>> loops) {
        await("whole-file reads").atMost(Duration.ofSeconds(60))
                .until(() -> reads.get() >= target || loops.stream().anyMatch(Future::isDone));
    }
}
