package io.fscache.backend.cachefiles;

import static io.fscache.backend.cachefiles.Fixtures.COHERENCY;
import static io.fscache.backend.cachefiles.Fixtures.G;
import static io.fscache.backend.cachefiles.Fixtures.files;
import static io.fscache.spi.contract.BackendFixtures.VOLUME;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Culling by size limit, free space and object count; refusal below the stop levels. */
class CullingTest {

    /** A filesystem of {@code total} bytes whose free space the test decides. */
    private static final class FakeDisk implements DiskSpace {
        final long total;
        volatile LongSupplier usable;

        FakeDisk(long total, LongSupplier usable) {
            this.total = total;
            this.usable = usable;
        }

        @Override
        public long usable() {
            return usable.getAsLong();
        }

        @Override
        public long total() {
            return total;
        }
    }

    @TempDir
    Path dir;

    private final List<CachefilesCache> caches = new ArrayList<>();

    @AfterEach
    void withdrawCaches() {
        caches.forEach(CachefilesCache::withdraw);
    }

    @Test
    void overTheSizeLimitTheLeastRecentlyUsedClosedObjectsGoButNeverAnOpenOne() throws Exception {
        CachefilesCache cache = cache(settings().sizeLimit(100L * G), roomyDisk());
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        CacheObject oldestButOpen = filled(volume, "open", 10);
        for (char c = 'b'; c <= 'i'; c++) {
            filled(volume, String.valueOf(c), 10).close();
        }
        // Using b again makes c the least recently used closed object.
        volume.lookupObject(key("b"), new byte[0], 10L * G).orElseThrow().close();
        assertEquals(90L * G, cache.usage());
        assertEquals(0, cache.cull(), "10% free: nothing to do");

        CacheObject growing = volume.createObject(key("j"), new byte[0], 10L * G);
        for (int i = 0; i < 5; i++) {
            assertTrue(write(growing, (long) i * G, pattern(i, G)));
        }
        awaitCulled(cache, 1);
        cache.cull();

        assertEquals(1L, cache.counters().get("culled"));
        assertEquals(85L * G, cache.usage());
        ObjectFiles culled = files(dir, VOLUME, key("c"));
        assertFalse(Files.exists(culled.meta()));
        assertFalse(Files.exists(culled.data()));
        assertEquals(0, count(dir.resolve("graveyard")), "culled files are deleted at once, not left to the reaper");
        assertEquals(Optional.empty(), volume.lookupObject(key("c"), new byte[0], 10L * G));
        assertArrayEquals(pattern(1, G), read(oldestButOpen, G, G));
        for (String kept : List.of("b", "d", "e", "f", "g", "h", "i")) {
            volume.lookupObject(key(kept), new byte[0], 10L * G).orElseThrow(() -> new AssertionError(kept)).close();
        }
    }

    @Test
    void whenTheDiskFillsCullingRunsUntilBrunIsFreeAgain() throws Exception {
        long total = 1000L * G;
        CachefilesCache[] holder = new CachefilesCache[1];
        // Other data fills 880 granules; what the cache holds comes and goes with culling.
        FakeDisk disk = new FakeDisk(total, () -> total - 880L * G - (holder[0] == null ? 0 : holder[0].usage()));
        CachefilesCache cache = cache(settings(), disk);
        holder[0] = cache;
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        for (int i = 0; i < 10; i++) {
            filled(volume, "file-" + i, 5).close();
        }
        assertEquals(0, cache.cull(), "7% free is not below bcull");

        CacheObject open = filled(volume, "open", 2);
        cache.cull();

        // 6.8% free: the oldest go until at least 10% is free, 103 granules of 1000.
        assertEquals(7L, cache.counters().get("culled"));
        assertEquals(17L * G, cache.usage());
        for (int i = 0; i < 10; i++) {
            assertEquals(i >= 7, volume.lookupObject(key("file-" + i), new byte[0], 5L * G).isPresent(), "file-" + i);
        }
        assertArrayEquals(pattern(1, G), read(open, G, G));
    }

    @Test
    void belowBstopWritesAndCreationsAreRefusedAndCountedWhileReadsGoOn() throws Exception {
        FakeDisk disk = new FakeDisk(100L * G, () -> 50L * G);
        CachefilesCache cache = cache(settings(), disk);
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        CacheObject object = filled(volume, "file", 1);
        object.resize(2L * G);

        disk.usable = () -> 2L * G;
        cache.cull();

        assertFalse(write(object, G, pattern(2, G)));
        IOException refused = assertThrows(IOException.class, () -> volume.createObject(key("new"), new byte[0], G));
        assertEquals("no space", refused.getMessage());
        assertEquals(2L, cache.counters().get("noSpace"));
        assertArrayEquals(pattern(0, G), read(object, 0, G));

        disk.usable = () -> 50L * G;
        cache.cull();

        assertTrue(write(object, G, pattern(2, G)));
        volume.createObject(key("new"), new byte[0], G).close();
        assertEquals(2L, cache.counters().get("noSpace"));
    }

    @Test
    void theSizeLimitIsNeverPassedAndRefusalsAreCounted() throws Exception {
        CachefilesCache cache = cache(settings().sizeLimit(10L * G), roomyDisk());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], 20L * G);
        int stored = 0;
        for (int i = 0; i < 20; i++) {
            if (write(object, (long) i * G, pattern(i, G))) {
                stored++;
            }
        }
        assertEquals(10, stored);
        assertEquals(10L * G, cache.usage());
        assertEquals(10L, cache.counters().get("noSpace"));
    }

    @Test
    void tooManyObjectsAreCulledAndBeyondFstopNoneIsCreated() throws Exception {
        CachefilesCache cache = cache(settings().maxObjects(20), roomyDisk());
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        for (int i = 0; i < 19; i++) {
            filled(volume, "file-" + i, 1).close();
        }
        cache.cull();

        // 19 of 20 is 5% free, below fcull (7%): culled down to 18, 10% free (frun).
        assertEquals(1L, cache.counters().get("culled"));
        assertEquals(18L, cache.counters().get("objects"));
        assertFalse(volume.lookupObject(key("file-0"), new byte[0], G).isPresent());

        List<CacheObject> open = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            open.add(volume.lookupObject(key("file-" + (i + 1)), new byte[0], G).orElseThrow());
        }
        open.add(volume.createObject(key("x"), new byte[0], G));
        open.add(volume.createObject(key("y"), new byte[0], G));
        assertThrows(IOException.class, () -> volume.createObject(key("z"), new byte[0], G));
        assertEquals(0, cache.cull(), "every object is open");
        assertEquals(20L, cache.counters().get("objects"));
        assertEquals(1L, cache.counters().get("noSpace"));
    }

    // ---------------------------------------------------------------- helpers

    private CachefilesSettings.Builder settings() {
        return CachefilesSettings.builder("cull", dir).granule(G);
    }

    private static FakeDisk roomyDisk() {
        return new FakeDisk(1L << 40, () -> 1L << 39);
    }

    private CachefilesCache cache(CachefilesSettings.Builder settings, DiskSpace disk) throws IOException {
        CachefilesCache cache = new CachefilesCache(settings.build(), disk);
        caches.add(cache);
        return cache;
    }

    /** An object of {@code granules} granules, all written, left open. */
    private static CacheObject filled(BackendVolume volume, String name, int granules) throws Exception {
        CacheObject object = volume.createObject(key(name), new byte[0], (long) granules * G);
        for (int i = 0; i < granules; i++) {
            assertTrue(write(object, (long) i * G, pattern(i, G)), name + "#" + i);
        }
        return object;
    }

    private static void awaitCulled(CachefilesCache cache, long culled) {
        await("the culler thread culls on its own").until(() -> cache.counters().get("culled") >= culled);
        assertEquals(culled, cache.counters().get("culled"));
    }

    private static long count(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.count();
        }
    }
}
