package io.fscache.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.api.Cookie;
import io.fscache.api.Volume;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.backend.tiered.PromotionPolicy;
import io.fscache.backend.tiered.TieredCache;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cache withdrawn at runtime that is a tier of a tiered cache leaves that cache too, and comes back with it. */
class TierWithdrawnAtRuntimeTest {

    private static final int GRANULE = 256 * 1024;
    private static final long FILE = 4L << 20;

    private final MemoryCache fast = new MemoryCache("fast", 64L << 20, GRANULE);
    private final MemoryCache slow = new MemoryCache("slow", 64L << 20, GRANULE);
    private final TieredCache tier = new TieredCache("tier", PromotionPolicy.ON_FIRST_HIT, List.of(fast, slow));
    private final FsCacheService service = new FsCacheService();

    @AfterEach
    void close() {
        service.close();
        fast.withdraw();
        slow.withdraw();
    }

    // Broke as (a fresh user's try): after fscache:cache-withdraw fast, the tiered cache over fast and
    // slow went on reading and writing fast (its counters kept fast.bytes), as the core holds a cache
    // withdrawn at runtime for a restore and its service stays registered.
    @Test
    void aTierWithdrawnAtRuntimeIsNotUsedByItsTieredCacheUntilRestored() {
        service.addCache(fast);
        service.addCache(slow);
        service.addCache(tier, 10);
        Volume volume = service.acquireVolume("9p,server,export");
        Cookie one = volume.acquireCookie(new byte[] {1}, new byte[] {1}, FILE);
        Cookie two = volume.acquireCookie(new byte[] {2}, new byte[] {1}, FILE);
        assertEquals(0, ReadThrough.read(one, GRANULE), "fetched, and stored in every tier");
        await().until(() -> fast.usage() >= FILE);
        long fastHeld = fast.usage();

        service.withdraw("fast");
        assertEquals(0, tier.counters().get("fast.bytes"), "out of the tiered cache: " + tier.counters());
        assertEquals(0, ReadThrough.read(two, GRANULE), "a new file is fetched");
        assertEquals(FILE, ReadThrough.read(two, GRANULE), "and stored in the tier left: read again from the cache");
        assertEquals(fastHeld, fast.usage(), "nothing reached the withdrawn tier");

        service.restore("fast");
        assertEquals(fast.usage(), tier.counters().get("fast.bytes"), "back in the tiered cache: " + tier.counters());
        // A file opened while the tier was out keeps the tiers it was opened with; a new one uses it.
        Cookie three = volume.acquireCookie(new byte[] {3}, new byte[] {1}, FILE);
        assertEquals(0, ReadThrough.read(three, GRANULE));
        await().until(() -> fast.usage() >= fastHeld + FILE);
        for (Cookie cookie : List.of(one, two, three)) {
            cookie.relinquish(false);
        }
    }

    // Broke as: a tiered cache added after fscache:cache-withdraw fast took fast as a tier, since its
    // service was there, and stored in it.
    @Test
    void aTieredCacheAddedWhileATierIsWithdrawnLeavesItOutUntilRestored() {
        service.addCache(fast);
        service.addCache(slow);
        service.withdraw("fast");
        service.addCache(tier, 10);
        Volume volume = service.acquireVolume("9p,server,export");
        Cookie one = volume.acquireCookie(new byte[] {1}, new byte[] {1}, FILE);
        assertEquals(0, ReadThrough.read(one, GRANULE), "fetched");
        assertEquals(FILE, ReadThrough.read(one, GRANULE), "and stored in the tier in service");
        assertEquals(0, fast.usage(), "nothing reached the withdrawn tier: " + tier.counters());

        service.restore("fast");
        Cookie two = volume.acquireCookie(new byte[] {2}, new byte[] {1}, FILE);
        assertEquals(0, ReadThrough.read(two, GRANULE));
        await().until(() -> fast.usage() >= FILE);
        for (Cookie cookie : List.of(one, two)) {
            cookie.relinquish(false);
        }
    }
}
