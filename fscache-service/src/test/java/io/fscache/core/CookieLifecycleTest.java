package io.fscache.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.CookieState;
import io.fscache.api.ReadSource;
import io.fscache.api.StaleCacheException;
import io.fscache.api.Volume;
import io.fscache.backend.memory.MemoryCache;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CookieLifecycleTest {

    private static final int GRANULE = 64 * 1024;
    private static final byte[] AUX1 = {1};
    private static final byte[] AUX2 = {2};

    private FsCacheService service;
    private InstrumentedBackend backend;
    private Volume volume;

    @BeforeEach
    void setUp() {
        service = new FsCacheService(FsCacheSettings.DEFAULTS.withLruTimeout(Duration.ofMillis(200)));
        backend = new InstrumentedBackend(new MemoryCache("mem", 64L * GRANULE, GRANULE), false);
        service.addCache(backend);
        volume = service.acquireVolume("test,server,export");
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void writtenGranulesReadBackAndCountAsIo() {
        Cookie cookie = volume.acquireCookie(new byte[] {42}, AUX1, 3L * GRANULE - 100);
        cookie.use(false);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            assertEquals("mem", access.cacheName());
            assertEquals(GRANULE, access.granuleSize());
            assertEquals(ReadSource.SERVER, access.prepareRead(0, GRANULE).source());
            assertTrue(access.write(0, Bytes.pattern(GRANULE, 1, 0)).toCompletableFuture().join());
            // The tail granule ends at the object size.
            assertTrue(access.write(2L * GRANULE, Bytes.pattern(GRANULE - 100, 1, 2)).toCompletableFuture().join());

            assertEquals(ReadSource.CACHE, access.prepareRead(0, 3L * GRANULE).source());
            assertEquals(GRANULE, access.prepareRead(0, 3L * GRANULE).length());
            assertEquals(ReadSource.SERVER, access.prepareRead(GRANULE, 2L * GRANULE).source());
            assertEquals(ReadSource.ZEROS, access.prepareRead(3L * GRANULE, 10).source());

            ByteBuffer dst = ByteBuffer.allocate(GRANULE - 100);
            assertEquals(GRANULE - 100, access.read(2L * GRANULE, dst).toCompletableFuture().join());
            assertEquals(Bytes.pattern(GRANULE - 100, 1, 2), dst.flip());
            assertEquals(2, access.occupancy().cachedGranules());
        }
        var stats = service.stats();
        assertEquals(2, stats.get("IO", "wr"));
        assertEquals(1, stats.get("IO", "rd"));
        assertEquals(GRANULE - 100, stats.get("IO", "rdb"));
        assertEquals(1, stats.get("Acquire", "neg"));
        cookie.unuse(null, -1);
        cookie.relinquish(false);
    }

    @Test
    void misalignedWritesAreRefusedClearly() {
        Cookie cookie = volume.acquireCookie(new byte[] {1}, AUX1, 2L * GRANULE);
        cookie.use(true);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            var e = assertThrows(IllegalArgumentException.class, () -> access.write(100, Bytes.pattern(GRANULE, 1, 0)));
            assertTrue(e.getMessage().contains("granule boundary"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> access.write(0, Bytes.pattern(100, 1, 0)));
            assertThrows(IllegalArgumentException.class, () -> access.write(GRANULE, Bytes.pattern(2 * GRANULE, 1, 0)));
        }
    }

    @Test
    void invalidationMakesEarlierAccessesStaleAndLaterOnesEmpty() {
        Cookie cookie = volume.acquireCookie(new byte[] {7}, AUX1, GRANULE);
        cookie.use(true);
        CacheAccess before = cookie.beginOperation().orElseThrow();
        assertTrue(before.write(0, Bytes.pattern(GRANULE, 1, 0)).toCompletableFuture().join());

        cookie.invalidate(AUX2, GRANULE);

        assertTrue(before.isStale());
        var failure = assertThrows(CompletionException.class,
                () -> before.read(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().join());
        assertInstanceOf(StaleCacheException.class, failure.getCause());
        assertFalse(before.write(0, Bytes.pattern(GRANULE, 1, 0)).toCompletableFuture().join(), "stale write dropped");
        before.close();

        try (CacheAccess after = cookie.beginOperation().orElseThrow()) {
            assertFalse(after.isStale());
            assertEquals(ReadSource.SERVER, after.prepareRead(0, GRANULE).source(), "old data must be gone");
            assertTrue(after.write(0, Bytes.pattern(GRANULE, 2, 0)).toCompletableFuture().join());
        }
        assertArrayEquals(AUX2, cookie.aux());
        assertEquals(1, service.stats().get("Invals", "n"));
        assertEquals(1, service.stats().get("IO", "stl"));
    }

    @Test
    void relinquishKeepsDataForTheNextAcquireUnlessRetired() {
        byte[] key = {9, 9};
        Cookie first = volume.acquireCookie(key, AUX1, GRANULE);
        first.use(true);
        try (CacheAccess access = first.beginOperation().orElseThrow()) {
            assertTrue(access.write(0, Bytes.pattern(GRANULE, 1, 0)).toCompletableFuture().join());
        }
        first.unuse(AUX1, GRANULE);
        first.relinquish(false);

        Cookie second = volume.acquireCookie(key, AUX1, GRANULE);
        second.use(false);
        try (CacheAccess access = second.beginOperation().orElseThrow()) {
            assertEquals(ReadSource.CACHE, access.prepareRead(0, GRANULE).source());
            ByteBuffer dst = ByteBuffer.allocate(GRANULE);
            access.read(0, dst).toCompletableFuture().join();
            assertEquals(Bytes.pattern(GRANULE, 1, 0), dst.flip());
        }
        second.unuse(null, -1);
        second.relinquish(true);

        Cookie third = volume.acquireCookie(key, AUX1, GRANULE);
        third.use(false);
        try (CacheAccess access = third.beginOperation().orElseThrow()) {
            assertEquals(ReadSource.SERVER, access.prepareRead(0, GRANULE).source(), "retired data is gone");
        }
        assertEquals(1, service.stats().get("Relinqs", "rtr"));
    }

    @Test
    void coherencyChangeDiscardsCachedObjectOnLookup() {
        byte[] key = {3};
        Cookie first = volume.acquireCookie(key, AUX1, GRANULE);
        first.use(true);
        try (CacheAccess access = first.beginOperation().orElseThrow()) {
            access.write(0, Bytes.pattern(GRANULE, 1, 0)).toCompletableFuture().join();
        }
        first.unuse(null, -1);
        first.relinquish(false);

        Cookie changed = volume.acquireCookie(key, AUX2, GRANULE);
        changed.use(false);
        try (CacheAccess access = changed.beginOperation().orElseThrow()) {
            assertEquals(ReadSource.SERVER, access.prepareRead(0, GRANULE).source());
        }
    }

    @Test
    void idleCookieIsClosedByTheLruAndRebindsOnNextUse() throws Exception {
        Cookie cookie = volume.acquireCookie(new byte[] {5}, AUX1, GRANULE);
        cookie.use(true);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            access.write(0, Bytes.pattern(GRANULE, 1, 0)).toCompletableFuture().join();
        }
        cookie.unuse(null, -1);
        assertEquals(1, backend.open.get());
        awaitState(cookie, CookieState.QUIESCENT);
        assertEquals(0, backend.open.get());
        assertEquals(1, service.stats().get("LRU", "exp"));

        cookie.use(false);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            assertEquals(ReadSource.CACHE, access.prepareRead(0, GRANULE).source(), "committed data found again");
        }
        cookie.unuse(null, -1);
    }

    @Test
    void resizeDropsDataBeyondTheNewSize() {
        Cookie cookie = volume.acquireCookie(new byte[] {6}, AUX1, 2L * GRANULE);
        cookie.use(true);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            access.write(0, Bytes.pattern(2 * GRANULE, 1, 0)).toCompletableFuture().join();
        }
        cookie.resize(GRANULE / 2);
        cookie.resize(2L * GRANULE);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            assertEquals(ReadSource.SERVER, access.prepareRead(GRANULE, GRANULE).source());
            assertEquals(ReadSource.SERVER, access.prepareRead(0, GRANULE).source(), "partial granule dropped");
        }
        assertEquals(2, service.stats().get("Updates", "rsz"));
    }

    @Test
    void noCacheMeansNoAccessAndNoError() {
        service.withdrawCache("mem");
        Cookie cookie = volume.acquireCookie(new byte[] {8}, AUX1, GRANULE);
        cookie.use(false);
        assertTrue(cookie.beginOperation().isEmpty());
        assertEquals(CookieState.QUIESCENT, cookie.state());
        assertEquals(1, backend.withdrawn.get());

        service.addCache(new MemoryCache("mem2", 16L * GRANULE, GRANULE));
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            assertEquals("mem2", access.cacheName());
        }
    }

    @Test
    void cullGoesToTheNamedLiveCacheOnly() {
        assertEquals(0, service.cull("mem"));
        assertEquals(1, backend.culls.get());
        var error = assertThrows(IllegalArgumentException.class, () -> service.cull("absent"));
        assertEquals("no live cache is named 'absent'", error.getMessage());
        service.withdrawCache("mem");
        assertThrows(IllegalArgumentException.class, () -> service.cull("mem"));
        assertEquals(1, backend.culls.get());
    }

    @Test
    void namedCacheIsTheOnlyOneAVolumeUses() {
        service.addCache(new MemoryCache("other", 16L * GRANULE, GRANULE));
        Volume pinned = service.acquireVolume("test,pinned", "other", null);
        Cookie cookie = pinned.acquireCookie(new byte[] {1}, null, GRANULE);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            assertEquals("other", access.cacheName());
        }
        Volume missing = service.acquireVolume("test,missing", "absent", null);
        assertTrue(missing.acquireCookie(new byte[] {1}, null, GRANULE).beginOperation().isEmpty());
    }

    static void awaitState(Cookie cookie, CookieState expected) {
        await("cookie state").until(cookie::state, state -> state == expected);
    }
}
