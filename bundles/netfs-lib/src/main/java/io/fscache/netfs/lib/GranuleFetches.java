package io.fscache.netfs.lib;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * The fetches in flight of one file by cache granule: at most one current fetch per granule, so
 * concurrent readers of a cold granule share one server read. A fetch made stale by a write may be
 * replaced; a fetch gives back only the granules it still holds. Thread-safe without a lock.
 *
 * <p>Kept apart from {@link ReadEngine}, which launches the fetches, so that the claim itself can
 * be model-checked (GranuleFetchesLincheckTest) without the server and cache I/O around it.
 */
final class GranuleFetches {

    private final ConcurrentHashMap<Long, Fetch> byGranule = new ConcurrentHashMap<>();

    /** The fetch that holds {@code granule}, current or not, or null. */
    Fetch get(long granule) {
        return byGranule.get(granule);
    }

    /**
     * Claims for {@code fetch} the granules from {@code first} on while they start before
     * {@code maxEnd}, extending the fetch over each (its end capped at {@code fileSize}). Stops at a
     * granule a current fetch holds, or one {@code onServer} no longer confirms (the cache got it
     * between the caller's look and the claim). Claims nothing if the first granule is taken.
     *
     * @param isCurrent whether a fetch of that write generation still sees the server's data
     */
    void claim(Fetch fetch, long first, int granuleSize, long maxEnd, long fileSize, LongPredicate isCurrent,
            LongPredicate onServer) {
        for (long granule = first; granule * granuleSize < maxEnd; granule++) {
            Fetch existing = byGranule.putIfAbsent(granule, fetch);
            if (existing != null && (isCurrent.test(existing.generation) || !byGranule.replace(granule, existing, fetch))) {
                break;
            }
            if (!onServer.test(granule)) {
                byGranule.remove(granule, fetch);
                break;
            }
            fetch.extendTo(Math.min((granule + 1) * granuleSize, fileSize));
        }
    }

    /** Gives back the granules {@code fetch} still holds: later readers go to the cache or fetch again. */
    void release(Fetch fetch, int granuleSize) {
        for (long granule = fetch.start / granuleSize; granule * granuleSize < fetch.end(); granule++) {
            byGranule.remove(granule, fetch);
        }
    }
}
