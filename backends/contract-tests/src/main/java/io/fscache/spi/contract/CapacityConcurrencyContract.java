package io.fscache.spi.contract;

import static io.fscache.spi.contract.BackendFixtures.AUX;
import static io.fscache.spi.contract.BackendFixtures.TIMEOUT_SECONDS;
import static io.fscache.spi.contract.BackendFixtures.await;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.ReadSource;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The byte budget under concurrent writers, and what stays cached afterwards being exactly what was written last. */
public abstract class CapacityConcurrencyContract {

    private static final int THREADS = 8;
    private static final int GRANULES_PER_OBJECT = 4;

    /**
     * Eight writers fill distinct objects with four times the capacity while a monitor samples
     * {@code usage()}. Afterwards every granule that is still claimed must read back the bytes of
     * the last successful write to it.
     */
    @BackendTest
    void usageNeverExceedsCapacityUnderConcurrentWrites(BackendSpec spec, CacheBackend backend, BackendVolume volume)
            throws Exception {
        int g = backend.granuleSize();
        long capacity = backend.capacity();
        long size = 3L * g + g / 2;
        int objectsPerThread = (int) Math.max(2, 4 * spec.granules() / THREADS / GRANULES_PER_OBJECT);
        // last successfully written version per granule, 0 = never
        Map<String, int[]> written = new ConcurrentHashMap<>();
        AtomicBoolean storming = new AtomicBoolean(true);
        AtomicLong maxUsage = new AtomicLong();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            Future<?> monitor = pool.submit(() -> {
                while (storming.get()) {
                    long usage = backend.usage();
                    maxUsage.accumulateAndGet(usage, Math::max);
                    if (capacity >= 0 && usage > capacity) {
                        throw new AssertionError("usage " + usage + " exceeds capacity " + capacity);
                    }
                }
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < objectsPerThread; i++) {
                        String name = "storm-" + thread + "-" + i;
                        int[] versions = new int[GRANULES_PER_OBJECT];
                        written.put(name, versions);
                        CacheObject object = volume.createObject(key(name), AUX, size);
                        for (int granule = 0; granule < GRANULES_PER_OBJECT; granule++) {
                            stormWrite(object, name, granule, 1, versions, g, size);
                        }
                        stormWrite(object, name, 0, 2, versions, g, size);
                        object.close();
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            storming.set(false);
            monitor.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            storming.set(false);
            pool.shutdownNow();
        }

        long claimedBytes = 0;
        for (Map.Entry<String, int[]> entry : written.entrySet()) {
            Optional<CacheObject> found = volume.lookupObject(key(entry.getKey()), AUX, size);
            if (found.isEmpty()) {
                continue;
            }
            CacheObject object = found.get();
            for (int granule = 0; granule < GRANULES_PER_OBJECT; granule++) {
                long position = (long) granule * g;
                int length = (int) Math.min(g, size - position);
                if (object.prepareRead(position, length).source() == ReadSource.CACHE) {
                    int version = entry.getValue()[granule];
                    assertTrue(version > 0, "claims a granule that was never stored: " + entry.getKey() + "#" + granule);
                    assertArrayEquals(stormContent(entry.getKey(), granule, version, length),
                            read(object, position, length, false), entry.getKey() + "#" + granule);
                    claimedBytes += length;
                }
            }
            object.close();
        }
        assertTrue(claimedBytes > 0, "nothing stayed cached");
        if (capacity >= 0) {
            assertTrue(claimedBytes <= capacity, "claims " + claimedBytes + " bytes over capacity " + capacity);
            assertTrue(maxUsage.get() <= capacity);
        }
    }

    private static void stormWrite(CacheObject object, String name, int granule, int version, int[] versions,
            int g, long size) throws Exception {
        long position = (long) granule * g;
        int length = (int) Math.min(g, size - position);
        Boolean stored = await(object.write(position, ByteBuffer.wrap(stormContent(name, granule, version, length))));
        assertNotNull(stored);
        if (stored) {
            versions[granule] = version;
        }
    }

    private static byte[] stormContent(String name, int granule, int version, int length) {
        return pattern(((long) name.hashCode() << 32) ^ ((long) granule << 8) ^ version, length);
    }
}
