package io.fscache.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.CacheAccess;
import io.fscache.api.CacheInfo;
import io.fscache.api.Cookie;
import io.fscache.api.FsCache;
import io.fscache.api.Volume;
import io.fscache.backend.memory.MemoryCache;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A volume that names no cache uses the live cache of the highest priority, ties by name, whatever
 * order the caches came up in. The boot order used to decide it (issue 13: {@code memory} on one
 * boot, {@code disk} after a rebuild).
 */
class CachePriorityTest {

    private static final int GRANULE = 64 * 1024;

    // Used to fail: the first cache registered (low) took the volume whatever its priority.
    @Test
    void theHighestPriorityCacheWinsWhicheverRegisteredFirst() {
        for (boolean lowFirst : new boolean[] {true, false}) {
            try (FsCacheService service = new FsCacheService()) {
                MemoryCache low = new MemoryCache("low", 16L * GRANULE, GRANULE);
                MemoryCache high = new MemoryCache("high", 16L * GRANULE, GRANULE);
                if (lowFirst) {
                    service.addCache(low, 0);
                    service.addCache(high, 10);
                } else {
                    service.addCache(high, 10);
                    service.addCache(low, 0);
                }
                assertEquals(List.of("high", "low"), service.liveCaches());
                assertEquals("high", cacheOfANewCookie(service), "low registered first: " + lowFirst);
            }
        }
    }

    // Used to fail: the first cache registered (zeta) took the volume.
    @Test
    void equalPrioritiesAreRankedByName() {
        try (FsCacheService service = new FsCacheService()) {
            service.addCache(new MemoryCache("zeta", 16L * GRANULE, GRANULE), 5);
            service.addCache(new MemoryCache("alpha", 16L * GRANULE, GRANULE), 5);
            service.addCache(new MemoryCache("beta", 16L * GRANULE, GRANULE));
            assertEquals(List.of("alpha", "zeta", "beta"), service.liveCaches());
            assertEquals("alpha", cacheOfANewCookie(service));
        }
    }

    @Test
    void aWithdrawnCacheLeavesTheNextInRankAndComesBackWithItsPriority() {
        try (FsCacheService service = new FsCacheService()) {
            service.addCache(new MemoryCache("memory", 16L * GRANULE, GRANULE), 0);
            service.addCache(new MemoryCache("disk", 16L * GRANULE, GRANULE), 10);
            service.withdraw("disk");
            assertEquals(List.of("memory"), service.liveCaches());
            assertEquals("memory", cacheOfANewCookie(service));
            assertTrue(service.caches().stream().anyMatch(c -> c.name().equals("disk") && c.priority() == 10),
                    "listed withdrawn with its priority: " + service.caches());

            service.restore("disk");
            assertEquals(List.of("disk", "memory"), service.liveCaches());
            assertEquals(10, service.caches().stream().filter(c -> c.name().equals("disk")).findFirst()
                    .map(CacheInfo::priority).orElseThrow());
        }
    }

    // What README says of files in use while their cache is withdrawn and restored (a user found a
    // mount staying on the lower cache, and nothing said why).
    @Test
    void aFileInUseStaysOnTheNextCacheAndNewFilesGoBackToTheRestoredOne() {
        try (FsCacheService service = new FsCacheService()) {
            service.addCache(new MemoryCache("memory", 16L * GRANULE, GRANULE), 0);
            service.addCache(new MemoryCache("disk", 16L * GRANULE, GRANULE), 10);
            Volume volume = service.acquireVolume("9p,server,export");
            Cookie inUse = volume.acquireCookie(new byte[] {1}, null, GRANULE);
            inUse.use(true);
            assertEquals("disk", write(service, inUse, "01"));
            service.withdraw("disk");
            assertEquals("memory", write(service, inUse, "01"), "moved by the withdrawal");
            service.restore("disk");
            assertEquals("memory", write(service, inUse, "01"), "in use: stays");
            Cookie fresh = volume.acquireCookie(new byte[] {2}, null, GRANULE);
            fresh.use(true);
            assertEquals("disk", write(service, fresh, "02"), "a new file: the restored cache");
        }
    }

    /** Writes one granule through {@code cookie}, in use; the cache it landed in. */
    private static String write(FsCacheService service, Cookie cookie, String keyHex) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (CacheAccess access = cookie.beginOperation().orElse(null)) {
                return access != null && access.write(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().join();
            }
        });
        return service.cookies().stream().filter(c -> c.keyHex().equals(keyHex)).reduce((first, last) -> last)
                .orElseThrow().cacheName();
    }

    /** Acquires a fresh volume naming no cache and writes one granule through a new cookie; the cache it landed in. */
    private static String cacheOfANewCookie(FsCache fscache) {
        Cookie cookie = fscache.acquireVolume("9p,server,export-" + System.nanoTime()).acquireCookie(new byte[] {1}, null, GRANULE);
        cookie.use(true);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            assertTrue(access.write(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().join());
        }
        String cache = ((FsCacheService) fscache).cookies().stream().filter(c -> c.keyHex().equals("01"))
                .reduce((first, last) -> last).orElseThrow().cacheName();
        cookie.unuse(null, -1);
        cookie.relinquish(false);
        return cache;
    }
}
