package io.fscache.backend.cachefiles;

import static io.fscache.backend.cachefiles.Fixtures.COHERENCY;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads run on the caller's thread, where an interrupt closes the object's data file (Java closes
 * an interruptible channel under every thread using it). That loses the one object, never a byte's
 * correctness, and is no disk error: the cache stays in service.
 */
class InterruptedReadTest {

    private static final int G = 256 * 1024;
    private static final int GRANULES = 16;

    @TempDir
    Path dir;

    @Test
    void aReaderInterruptedMidReadLosesItsObjectButNotTheCache() throws Exception {
        CachefilesCache cache = new CachefilesCache(CachefilesSettings.builder("c", dir).granule(G).build());
        try {
            BackendVolume volume = cache.openVolume("v", COHERENCY);
            byte[] content = pattern(7, G * GRANULES);
            CacheObject object = volume.createObject(key("file"), new byte[0], content.length);
            assertTrue(write(object, 0, content));

            AtomicReference<Throwable> lost = new AtomicReference<>();
            AtomicReference<AssertionError> wrong = new AtomicReference<>();
            Thread reader = new Thread(() -> readUntilLost(object, content, lost, wrong));
            reader.start();
            try {
                // Interrupts land before, during and after reads; one during a read closes the data file.
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).pollDelay(Duration.ZERO)
                        .until(() -> {
                            reader.interrupt();
                            return lost.get() != null || !reader.isAlive();
                        });
            } finally {
                reader.join();
            }
            if (wrong.get() != null) {
                throw wrong.get();
            }
            assertTrue(lost.get() instanceof ClosedChannelException, "the read failed with " + lost.get());
            assertEquals(0L, cache.counters().get("ioErrors"), "an interrupted reader is no disk error");

            CacheObject next = volume.createObject(key("other"), new byte[0], G);
            assertTrue(write(next, 0, pattern(8, G)));
            assertArrayEquals(pattern(8, G), read(next, 0, G, true));
        } finally {
            cache.withdraw();
        }
    }

    /** Reads the whole object again and again, checking every byte, until a read fails. */
    private static void readUntilLost(CacheObject object, byte[] content, AtomicReference<Throwable> lost,
            AtomicReference<AssertionError> wrong) {
        ByteBuffer dst = ByteBuffer.allocateDirect(content.length);
        byte[] got = new byte[content.length];
        while (true) {
            Thread.interrupted();
            try {
                int n = object.read(0, dst.clear()).toCompletableFuture().join();
                dst.flip().get(got);
                if (n != content.length || !Arrays.equals(content, got)) {
                    wrong.set(new AssertionError("a read returned wrong bytes"));
                    return;
                }
            } catch (CompletionException e) {
                lost.set(e.getCause());
                return;
            }
        }
    }
}
