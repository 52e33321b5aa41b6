package io.fscache.backend.memory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import io.fscache.spi.DataNotPresentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is specific to the memory cache; the shared behaviour is in {@link MemoryCacheContractTest}. */
class MemoryCacheTest {

    private static final byte[] AUX = {7};
    private static final int G = 4096;

    private final List<MemoryCache> caches = new ArrayList<>();

    @AfterEach
    void withdrawCaches() {
        caches.forEach(MemoryCache::withdraw);
    }

    @Test
    void constructorSaysWhichArgumentIsWrong() {
        assertEquals("cache name must not be empty", rejected(null, 1 << 20, G));
        assertEquals("cache name must not be empty", rejected("", 1 << 20, G));
        assertEquals("cache name must be printable ASCII without spaces, not \"my cache\"", rejected("my cache", 1 << 20, G));
        assertEquals("cache name must be printable ASCII without spaces, not \"tab\tname\"", rejected("tab\tname", 1 << 20, G));
        assertEquals("cache name must be printable ASCII without spaces, not \"caché\"", rejected("caché", 1 << 20, G));
        assertEquals("granule must be a power of two from 4k to 1g (4096 to 1073741824 bytes), not 2048", rejected("m", 1 << 20, 2048));
        assertEquals("granule must be a power of two from 4k to 1g (4096 to 1073741824 bytes), not 5000", rejected("m", 1 << 20, 5000));
        assertEquals("granule must be a power of two from 4k to 1g (4096 to 1073741824 bytes), not -4096", rejected("m", 1 << 20, -4096));
        assertEquals("size of 4095 bytes is less than one granule of 4096 bytes", rejected("m", 4095, G));

        MemoryCache smallest = cache("m", G, G);
        assertEquals("m", smallest.name());
        assertEquals(G, smallest.capacity());
    }

    @Test
    void countersCountWhatHappened() throws Exception {
        MemoryCache cache = cache("counted", 8L * G, G);
        BackendVolume volume = cache.openVolume("test,server,1", new byte[0]);
        CacheObject a = volume.createObject(key("a"), AUX, 4L * G);
        assertTrue(write(a, 0, pattern(1, 2 * G)));

        assertArrayEquals(pattern(1, 2 * G), read(a, 0, 2 * G));
        assertEquals(new ReadExtent(ReadSource.SERVER, 2L * G), a.prepareRead(2L * G, 2L * G));
        assertThrows(DataNotPresentException.class, () -> read(a, 2L * G, G));
        // Hits: the two granules read. Misses: the two granules prepareRead sent to the server, and
        // the read that found one gone.
        assertEquals(Map.of("hits", 2L, "misses", 3L, "evictions", 0L, "writes", 2L, "noSpace", 0L,
                "bytes", 2L * G, "objects", 1L, "open", 1L), cache.counters());

        CacheObject b = volume.createObject(key("b"), AUX, 8L * G);
        for (int i = 0; i < 8; i++) {
            assertTrue(write(b, (long) i * G, pattern(10 + i, G)));
        }

        Map<String, Long> counters = cache.counters();
        assertEquals(2L, counters.get("evictions"), "two granules made room for the last two of b");
        assertEquals(10L, counters.get("writes"));
        assertEquals(0L, counters.get("noSpace"));
        assertEquals(8L * G, counters.get("bytes"));
        assertEquals(2L, counters.get("objects"));
        assertEquals(2L, counters.get("open"));
        assertEquals(8L, a.occupancy().cachedGranules() + b.occupancy().cachedGranules());

        a.close();
        assertEquals(1L, cache.counters().get("open"));
        b.close();
        assertEquals(0L, cache.counters().get("open"));
        volume.lookupObject(key("b"), AUX, 8L * G).orElseThrow().discard();
        assertEquals(0L, cache.counters().get("open"));
    }

    @Test
    void rewritingAGranuleReplacesItsBytesInTheSameBudget() throws Exception {
        MemoryCache cache = cache("rewrite", 4L * G, G);
        CacheObject object = cache.openVolume("test,server,1", new byte[0]).createObject(key("f"), AUX, G + 10);
        assertTrue(write(object, 0, pattern(1, G)));
        assertTrue(write(object, G, pattern(2, 10)));

        assertTrue(write(object, 0, pattern(3, G)));
        assertTrue(write(object, G, pattern(4, 10)));

        assertArrayEquals(pattern(3, G), read(object, 0, G));
        assertArrayEquals(pattern(4, 10), read(object, G, 10));
        assertEquals(2L * G, cache.usage());
        assertEquals(new Occupancy(2, G + 10), object.occupancy());
    }

    /** A write whose range a concurrent shrink cut off stores nothing and gives its slab back. */
    @Test
    void writeLandingAfterAShrinkMarksNothingBeyondTheNewSize() throws Exception {
        MemoryCache cache = cache("shrink", 4L * G, G);
        CacheObject object = cache.openVolume("test,server,1", new byte[0]).createObject(key("f"), AUX, 2L * G + 100);
        assertTrue(write(object, 0, pattern(1, G)));

        object.resize(G + 50);

        assertFalse(write(object, 2L * G, pattern(2, 100)));
        assertFalse(write(object, G, pattern(3, G)));
        assertEquals(new Occupancy(1, G), object.occupancy());
        assertEquals(new ReadExtent(ReadSource.SERVER, 50), object.prepareRead(G, G));
        assertEquals(G, cache.usage());
    }

    @Test
    void emptyObjectsAreForgottenOnceClosed() throws Exception {
        MemoryCache cache = cache("forget", G, G);
        BackendVolume volume = cache.openVolume("test,server,1", new byte[0]);
        volume.createObject(key("never-written"), AUX, G).close();
        CacheObject evicted = volume.createObject(key("evicted"), AUX, G);
        assertTrue(write(evicted, 0, pattern(1, G)));
        evicted.close();
        assertEquals(1L, cache.counters().get("objects"));

        // The budget is one granule: this write must evict the closed object's only granule.
        CacheObject other = volume.createObject(key("other"), AUX, G);
        assertTrue(write(other, 0, pattern(2, G)));

        assertTrue(volume.lookupObject(key("never-written"), AUX, G).isEmpty());
        assertTrue(volume.lookupObject(key("evicted"), AUX, G).isEmpty());
        assertEquals(1L, cache.counters().get("objects"));
        assertEquals(1L, cache.counters().get("evictions"));
    }

    @Test
    void withdrawnCacheRefusesVolumes() throws Exception {
        MemoryCache cache = cache("withdrawn", 4L * G, G);
        CacheObject object = cache.openVolume("test,server,1", new byte[0]).createObject(key("f"), AUX, G);
        assertTrue(write(object, 0, pattern(1, G)));
        object.close();

        cache.withdraw();
        cache.withdraw();

        assertEquals(0, cache.usage());
        assertThrows(IOException.class, () -> cache.openVolume("test,server,1", new byte[0]));
    }

    /**
     * Skewed access: a hot working set read often, a warm set written and never read again, then
     * a stream of new granules four times the capacity, each read twice after it is written. The
     * stream must displace the warm set, never the hot one, although the hot set is not touched
     * during the stream (where plain LRU would lose all of it): W-TinyLFU's frequency sketch at work.
     */
    @Test
    void evictionPrefersColdDataOverAHotWorkingSet() throws Exception {
        int slabs = 256;
        MemoryCache cache = cache("hot", (long) slabs * G, G);
        BackendVolume volume = cache.openVolume("test,server,1", new byte[0]);
        int hotGranules = 64;
        CacheObject hot = volume.createObject(key("hot"), AUX, (long) hotGranules * G);
        byte[] hotContent = pattern(1, hotGranules * G);
        assertTrue(write(hot, 0, hotContent));
        CacheObject warm = volume.createObject(key("warm"), AUX, 128L * G);
        assertTrue(write(warm, 0, pattern(2, 128 * G)));
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(hotContent, read(hot, 0, hotGranules * G));
        }

        for (int i = 0; i < 4 * slabs / 64; i++) {
            CacheObject stream = volume.createObject(key("stream-" + i), AUX, 64L * G);
            for (int granule = 0; granule < 64; granule++) {
                long position = (long) granule * G;
                byte[] content = pattern(1000 + i * 64 + granule, G);
                write(stream, position, content);
                for (int reread = 0; reread < 2; reread++) {
                    if (stream.prepareRead(position, G).source() == ReadSource.CACHE) {
                        assertArrayEquals(content, read(stream, position, G));
                    }
                }
            }
            stream.close();
        }

        long hotKept = hot.occupancy().cachedGranules();
        long warmKept = warm.occupancy().cachedGranules();
        assertTrue(hotKept >= hotGranules * 9 / 10, "hot granules kept: " + hotKept + " of " + hotGranules);
        assertTrue(warmKept <= 128 / 4, "warm granules kept: " + warmKept + " of 128");
        for (int granule = 0; granule < hotGranules; granule++) {
            if (hot.prepareRead((long) granule * G, G).source() == ReadSource.CACHE) {
                byte[] expected = new byte[G];
                System.arraycopy(hotContent, granule * G, expected, 0, G);
                assertArrayEquals(expected, read(hot, (long) granule * G, G));
            }
        }
        assertTrue(cache.usage() <= cache.capacity());
    }

    /**
     * Readers copy while writers force eviction and slab reuse. A read may fail as not present, but
     * a read that succeeds must return exactly the granules' bytes: a slab recycled mid-copy must be
     * noticed by its stamp. The two shapes exercise writer-driven eviction (no slack in a small
     * cache) and Caffeine's own eviction (a larger one).
     */
    @ParameterizedTest(name = "granule {0}, {1} slabs")
    @CsvSource({"65536, 8", "4096, 128"})
    void readsRacingEvictionNeverReturnWrongBytes(int granule, int slabs) throws Exception {
        MemoryCache cache = cache("race", (long) slabs * granule, granule);
        BackendVolume volume = cache.openVolume("test,server,1", new byte[0]);
        int objects = 3;
        int granules = slabs;
        long size = (long) granules * granule - granule / 2;
        CacheObject[] open = new CacheObject[objects];
        byte[][] content = new byte[objects][];
        for (int o = 0; o < objects; o++) {
            open[o] = volume.createObject(key("race-" + o), AUX, size);
            content[o] = pattern(100 + o, (int) size);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong good = new AtomicLong();
        AtomicLong notPresent = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> tasks = new ArrayList<>();
        try {
            for (int w = 0; w < 2; w++) {
                long seed = w;
                tasks.add(threads.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    while (running.get()) {
                        int o = random.nextInt(objects);
                        long position = (long) random.nextInt(granules) * granule;
                        int length = (int) Math.min(granule, size - position);
                        open[o].write(position, ByteBuffer.wrap(content[o], (int) position, length).slice());
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                long seed = 10 + r;
                boolean direct = r == 0;
                tasks.add(threads.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    while (running.get()) {
                        int o = random.nextInt(objects);
                        long position = random.nextLong(size);
                        ReadExtent extent = open[o].prepareRead(position, 1 + random.nextInt(2 * granule));
                        if (extent.source() != ReadSource.CACHE) {
                            continue;
                        }
                        int length = (int) extent.length();
                        ByteBuffer dst = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
                        try {
                            assertEquals(length, open[o].read(position, dst).toCompletableFuture().join());
                        } catch (CompletionException e) {
                            if (!(e.getCause() instanceof DataNotPresentException)) {
                                throw e;
                            }
                            notPresent.incrementAndGet();
                            continue;
                        }
                        byte[] bytes = new byte[length];
                        dst.flip().get(bytes);
                        byte[] expected = new byte[length];
                        System.arraycopy(content[o], (int) position, expected, 0, length);
                        assertArrayEquals(expected, bytes, "object " + o + " at " + position);
                        good.incrementAndGet();
                    }
                    return null;
                }));
            }
            // Until enough reads succeeded alongside enough evictions (or a task failed).
            await().atMost(Duration.ofSeconds(60)).until(() -> tasks.stream().anyMatch(Future::isDone)
                    || good.get() >= 2_000 && cache.counters().get("evictions") >= 500);
            running.set(false);
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            threads.shutdownNow();
        }

        assertTrue(good.get() >= 2_000, "successful reads: " + good.get() + ", not present: " + notPresent.get());
        assertTrue(cache.usage() <= cache.capacity());
        assertTrue(cache.counters().get("evictions") >= 500);
    }

    private MemoryCache cache(String name, long capacity, int granule) {
        MemoryCache cache = new MemoryCache(name, capacity, granule);
        caches.add(cache);
        return cache;
    }

    private static String rejected(String name, long capacity, int granule) {
        return assertThrows(IllegalArgumentException.class, () -> new MemoryCache(name, capacity, granule)).getMessage();
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pattern(long seed, int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static boolean write(CacheObject object, long position, byte[] data) {
        return object.write(position, ByteBuffer.wrap(data)).toCompletableFuture().join();
    }

    /** Reads exactly {@code length} bytes; a failed read throws its cause. */
    private static byte[] read(CacheObject object, long position, int length) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(length);
        try {
            assertEquals(length, object.read(position, dst).toCompletableFuture().join());
        } catch (CompletionException e) {
            throw (Exception) e.getCause();
        }
        return dst.array();
    }
}
