package io.fscache.backend.tiered;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import io.fscache.spi.DataNotPresentException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotion, demotion, tier withdrawal under load and restart, over a real memory and cachefiles tier. */
class TieredCacheTest {

    private static final int G = 4096;
    private static final String VOLUME = "test,server.example,vol1";
    private static final byte[] COHERENCY = {1};
    private static final byte[] AUX = "v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY = "file".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;

    private final List<CacheBackend> owned = new ArrayList<>();

    @AfterEach
    void withdrawAll() {
        owned.forEach(CacheBackend::withdraw);
    }

    @Test
    void lowerTierHitIsPromotedAndTheNextReadComesFromMemory() throws Exception {
        MemoryCache memory = memory("memory", 16);
        CachefilesCache disk = disk();
        byte[] content = onDiskOnly(disk, 4);
        TieredCache cache = tiered(PromotionPolicy.ON_FIRST_HIT, memory, disk);
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).lookupObject(KEY, AUX, 4L * G).orElseThrow();

        assertEquals(new ReadExtent(ReadSource.CACHE, 4L * G), object.prepareRead(0, Long.MAX_VALUE));
        assertArrayEquals(Arrays.copyOf(content, G), read(object, 0, G));
        assertEquals(1, counter(cache, "disk.hits"));
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(cache, "memory.promotions") == 1);

        assertArrayEquals(Arrays.copyOf(content, G), read(object, 0, G));
        assertEquals(1, counter(cache, "memory.hits"));
        assertEquals(1, counter(cache, "disk.hits"));
        assertEquals(1, counter(cache, "promotions"));
        object.close();
    }

    @Test
    void evictedFromMemoryIsStillServedFromDisk() throws Exception {
        MemoryCache memory = memory("memory", 2);
        CachefilesCache disk = disk();
        byte[] content = onDiskOnly(disk, 8);
        TieredCache cache = tiered(PromotionPolicy.ON_FIRST_HIT, memory, disk);
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).lookupObject(KEY, AUX, 8L * G).orElseThrow();

        for (int round = 0; round < 3; round++) {
            for (int g = 0; g < 8; g++) {
                assertArrayEquals(Arrays.copyOfRange(content, g * G, (g + 1) * G), read(object, (long) g * G, G));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(cache, "memory.promotions") >= 8);

        assertTrue(memory.usage() <= 2L * G, "memory holds at most its budget: " + memory.usage());
        assertTrue(counter(cache, "disk.hits") > 8, "granules evicted upstairs come from disk: " + cache.counters());
        assertArrayEquals(content, read(object, 0, 8 * G));
        object.close();
    }

    @Test
    void promotionAfterTwoHitsWaitsForTheSecond() throws Exception {
        MemoryCache memory = memory("memory", 16);
        CachefilesCache disk = disk();
        byte[] content = onDiskOnly(disk, 2);
        TieredCache cache = tiered(new PromotionPolicy(2, Duration.ofMinutes(1)), memory, disk);
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).lookupObject(KEY, AUX, 2L * G).orElseThrow();

        read(object, 0, G);
        assertEquals(0, cache.promoter().submitted.sum(), "the first hit promotes nothing");
        read(object, 0, G);
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(cache, "memory.promotions") == 1);

        assertArrayEquals(Arrays.copyOf(content, G), read(object, 0, G));
        assertEquals(1, counter(cache, "memory.hits"));
        object.close();
    }

    @Test
    void readsOnlyMissWhileTheMemoryAndThenTheDiskTierAreWithdrawn() throws Exception {
        MemoryCache memory = memory("memory", 64);
        CachefilesCache disk = disk();
        TieredCache cache = tiered(PromotionPolicy.ON_FIRST_HIT, memory, disk);
        int granules = 16;
        byte[] content = pattern(granules * G);
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(KEY, AUX, (long) granules * G);
        assertTrue(object.write(0, ByteBuffer.wrap(content)).toCompletableFuture().get());

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong served = new AtomicLong();
        AtomicLong notCached = new AtomicLong();
        ExecutorService readers = Executors.newFixedThreadPool(8);
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                SplittableRandom random = new SplittableRandom(t);
                results.add(readers.submit(() -> {
                    while (running.get()) {
                        int position = random.nextInt(granules * G - 1);
                        int length = 1 + random.nextInt(Math.min(3 * G, granules * G - position));
                        ByteBuffer dst = ByteBuffer.allocate(length);
                        try {
                            assertEquals(length, object.read(position, dst).toCompletableFuture().get());
                            assertArrayEquals(Arrays.copyOfRange(content, position, position + length), dst.array());
                            served.incrementAndGet();
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof DataNotPresentException)) {
                                throw new AssertionError("read failed", e.getCause());
                            }
                            notCached.incrementAndGet();
                        }
                        object.prepareRead(position, length);
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> served.get() > 1000);
            cache.tierWithdrawn(memory);
            memory.withdraw();
            long beforeDisk = served.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> served.get() > beforeDisk + 1000);
            cache.tierWithdrawn(disk);
            disk.withdraw();
            long afterDisk = notCached.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> notCached.get() > afterDisk + 1000);
        } finally {
            running.set(false);
            readers.shutdown();
        }
        for (Future<?> result : results) {
            result.get(30, TimeUnit.SECONDS);
        }
        assertEquals(new ReadExtent(ReadSource.SERVER, (long) granules * G), object.prepareRead(0, Long.MAX_VALUE));
        object.close();
    }

    @Test
    void afterARestartTheDiskContentIsServedAndPromotedAgain() throws Exception {
        MemoryCache memory = new MemoryCache("memory", 16L * G, G);
        CachefilesCache disk = new CachefilesCache(CachefilesSettings.builder("disk", directory).granule(G).build());
        TieredCache first = new TieredCache("tiered", PromotionPolicy.ON_FIRST_HIT, List.of(memory, disk));
        BackendVolume volume = first.openVolume(VOLUME, COHERENCY);
        CacheObject object = volume.createObject(KEY, AUX, 2L * G);
        byte[] content = pattern(2 * G);
        assertTrue(object.write(0, ByteBuffer.wrap(content)).toCompletableFuture().get());
        object.commit(AUX, 2L * G);
        object.close();
        volume.close();
        first.withdraw();
        memory.withdraw();
        disk.withdraw();

        TieredCache cache = tiered(PromotionPolicy.ON_FIRST_HIT, memory("memory", 16), disk());
        CacheObject again = cache.openVolume(VOLUME, COHERENCY).lookupObject(KEY, AUX, 2L * G).orElseThrow();

        assertArrayEquals(content, read(again, 0, 2 * G));
        assertEquals(2, counter(cache, "disk.hits"), "granules the disk served");
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(cache, "memory.promotions") == 2);
        assertArrayEquals(content, read(again, 0, 2 * G));
        assertEquals(2, counter(cache, "memory.hits"), "granules the memory served");
        again.close();
    }

    // The disk tier must hear prepareToWrite: else what a crash leaves of a write is served after a restart.
    @Test
    void prepareToWriteReachesTheDiskTier() throws Exception {
        MemoryCache memory = new MemoryCache("memory", 16L * G, G);
        CachefilesCache disk = new CachefilesCache(CachefilesSettings.builder("disk", directory).granule(G).build());
        TieredCache first = new TieredCache("tiered", PromotionPolicy.ON_FIRST_HIT, List.of(memory, disk));
        BackendVolume volume = first.openVolume(VOLUME, COHERENCY);
        CacheObject object = volume.createObject(KEY, AUX, 2L * G);
        object.prepareToWrite();
        assertTrue(object.write(0, ByteBuffer.wrap(pattern(2 * G))).toCompletableFuture().get());
        object.close(); // never committed, as a crash leaves it
        volume.close();
        first.withdraw();
        memory.withdraw();
        disk.withdraw();

        TieredCache cache = tiered(PromotionPolicy.ON_FIRST_HIT, memory("memory", 16), disk());
        assertEquals(Optional.empty(), cache.openVolume(VOLUME, COHERENCY).lookupObject(KEY, AUX, 2L * G));
    }

    @Test
    void aTierThatComesBackServesNewObjects() throws Exception {
        MemoryCache memory = memory("memory", 16);
        CachefilesCache disk = disk();
        TieredCache cache = tiered(PromotionPolicy.ON_FIRST_HIT, memory, disk);
        cache.tierWithdrawn(memory);
        memory.withdraw();

        MemoryCache back = memory("memory", 16);
        cache.tierAdded(back);
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(KEY, AUX, G);
        byte[] content = pattern(G);
        assertTrue(object.write(0, ByteBuffer.wrap(content)).toCompletableFuture().get());

        assertEquals(G, back.usage());
        assertArrayEquals(content, read(object, 0, G));
        assertEquals(1, counter(cache, "memory.hits"));
        object.close();
    }

    private MemoryCache memory(String name, int granules) {
        MemoryCache memory = new MemoryCache(name, (long) granules * G, G);
        owned.add(memory);
        return memory;
    }

    private CachefilesCache disk() throws Exception {
        CachefilesCache disk = new CachefilesCache(CachefilesSettings.builder("disk", directory).granule(G).build());
        owned.add(disk);
        return disk;
    }

    /** Runs first in {@link #withdrawAll()}, as in OSGi: the tiered cache lets go before the tiers are withdrawn. */
    private TieredCache tiered(PromotionPolicy policy, CacheBackend... tiers) {
        TieredCache cache = new TieredCache("tiered", policy, List.of(tiers));
        owned.add(0, cache);
        return cache;
    }

    /** Stores an object in the disk tier alone, as a previous run would have left it. */
    private static byte[] onDiskOnly(CachefilesCache disk, int granules) throws Exception {
        BackendVolume volume = disk.openVolume(VOLUME, COHERENCY);
        CacheObject object = volume.createObject(KEY, AUX, (long) granules * G);
        byte[] content = pattern(granules * G);
        assertTrue(object.write(0, ByteBuffer.wrap(content)).toCompletableFuture().get());
        object.commit(AUX, (long) granules * G);
        object.close();
        volume.close();
        return content;
    }

    private static byte[] read(CacheObject object, long position, int length) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(length);
        assertEquals(length, object.read(position, dst).toCompletableFuture().get(30, TimeUnit.SECONDS));
        return dst.array();
    }

    private static long counter(TieredCache cache, String name) {
        return cache.counters().get(name);
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }
}
