package io.fscache.api;

import java.util.Map;

/**
 * One line of the caches listing.
 *
 * @param debugId a small number identifying the cache in logs and listings
 * @param name the cache's name
 * @param state {@code "ACTIVE"}, {@code "WITHDRAWING"}, {@code "FAILED"}, or {@code "WITHDRAWN"} for a
 *        cache {@linkplain FsCacheMonitor#withdraw withdrawn at runtime} (then {@code debugId} is 0)
 * @param priority the cache's rank for volumes that name no cache: they use the live cache with the
 *        highest priority, ties by name (since 1.2)
 * @param granuleSize the cache's granule size in bytes
 * @param capacity the cache's capacity in bytes ({@code -1} if unbounded)
 * @param usage bytes in use
 * @param volumes volumes bound to this cache
 * @param objects backing objects open in this cache
 * @param accesses operations in progress on this cache
 * @param counters the backend's own counters (hits, misses, evictions...), by name
 */
public record CacheInfo(int debugId, String name, String state, int priority, int granuleSize, long capacity,
        long usage, int volumes, int objects, int accesses, Map<String, Long> counters) {

    public CacheInfo {
        counters = Map.copyOf(counters);
    }

    /** A cache of priority 0, as listed before priorities existed. */
    public CacheInfo(int debugId, String name, String state, int granuleSize, long capacity, long usage,
            int volumes, int objects, int accesses, Map<String, Long> counters) {
        this(debugId, name, state, 0, granuleSize, capacity, usage, volumes, objects, accesses, counters);
    }
}
