package io.fscache.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.Cookie;
import io.fscache.api.Volume;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.backend.tiered.PromotionPolicy;
import io.fscache.backend.tiered.TieredCache;
import io.fscache.spi.CacheBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache full of objects nobody uses, which the core's cookie LRU still keeps open (10 s by
 * default): a new file must get room at once, not when the LRU delay has run out.
 */
class IdleObjectCullingTest {

    private static final int GRANULE = 256 * 1024;
    private static final long LIMIT = 8L << 20;

    @TempDir
    Path dir;

    // Broke as: 8 MiB cachefiles cache, a 16 MiB file read and closed, then a new 2 MiB file read
    // twice: both reads went to the server (usage 8 MiB, nothing culled: the idle object was open).
    @Test
    void aCachefilesCacheFullOfIdleObjectsStoresANewFileAtOnce() throws Exception {
        CachefilesCache cache = new CachefilesCache(CachefilesSettings.builder("disk", dir).sizeLimit(LIMIT).build());
        assertSecondReadOfNewFileComesFromCache(cache);
    }

    // The memory cache evicts granules whatever objects are open: the same sequence must pass.
    @Test
    void aMemoryCacheFullOfIdleObjectsStoresANewFileAtOnce() throws Exception {
        assertSecondReadOfNewFileComesFromCache(new MemoryCache("memory", LIMIT, GRANULE));
    }

    // The same over a tiered cache: its idle objects hold the disk tier's open, so the disk tier
    // must be able to have the tiered cache's idle objects closed.
    @Test
    void aTieredCacheOverAFullDiskStoresANewFileAtOnce() throws Exception {
        CachefilesCache disk = new CachefilesCache(CachefilesSettings.builder("disk", dir).sizeLimit(LIMIT).build());
        MemoryCache memory = new MemoryCache("memory", LIMIT / 2, GRANULE);
        try {
            assertSecondReadOfNewFileComesFromCache(new TieredCache("tiered", PromotionPolicy.ON_FIRST_HIT, List.of(memory, disk)));
        } finally {
            disk.withdraw();
            memory.withdraw();
        }
    }

    private static void assertSecondReadOfNewFileComesFromCache(CacheBackend cache) {
        try (FsCacheService service = new FsCacheService()) {
            service.addCache(cache);
            Volume volume = service.acquireVolume("9p,server,export");
            Cookie big = volume.acquireCookie(new byte[] {1}, new byte[] {1}, 16L << 20);
            ReadThrough.read(big, GRANULE);
            assertTrue(cache.usage() <= LIMIT, "usage " + cache.usage() + " within the limit");

            Cookie small = volume.acquireCookie(new byte[] {2}, new byte[] {1}, 2L << 20);
            ReadThrough.read(small, GRANULE);
            long readsBefore = service.stats().get("IO", "rd");
            assertEquals(2L << 20, ReadThrough.read(small, GRANULE), "the second read of the new file comes from the cache");
            assertEquals(readsBefore + 8, service.stats().get("IO", "rd"));
            assertTrue(cache.usage() <= LIMIT, "usage " + cache.usage() + " within the limit");
            big.relinquish(false);
            small.relinquish(false);
        }
    }
}
