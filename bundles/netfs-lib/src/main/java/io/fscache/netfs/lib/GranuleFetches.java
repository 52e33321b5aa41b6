package io.fscache.netfs.lib;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * The fetches in flight of one file by cache granule: at most one current fetch per granule, so
 * concurrent readers of a cold granule share one server read. A fetch made stale by a write may be
 * replaced; a fetch gives back only the granules it still holds. Thread-safe without a lock.
 *
 * <p>Kept apart from {@link FetchTable}, which launches the fetches, so that the claim itself can
 * be model-checked (GranuleFetchesLincheckTest) without the server and cache I/O around it.
 */
final class GranuleFetches {

    private final ConcurrentHashMap<Long, Fetch> byGranule = new ConcurrentHashMap<>();

    /** Whether no fetch holds any granule. */
    boolean isEmpty() {
        return byGranule.isEmpty();
    }

    /** The fetch that holds {@code granule}, current or not, or null. */
    Fetch get(long granule) {
        return byGranule.get(granule);
    }

    /**
     * Claims for {@code fetch} the granules from {@code first} on while they start before
     * {@code maxEnd}, extending the fetch over each (its end capped at {@code fileSize}). Stops at a
     * granule a current fetch holds; claims nothing if the first granule is taken.
     *
     * @param isCurrent whether a fetch of that write generation still sees the server's data
     */
    void claim(Fetch fetch, long first, int granuleSize, long maxEnd, long fileSize, LongPredicate isCurrent) {
        for (long granule = first; granule * granuleSize < maxEnd; granule++) {
            Fetch existing = byGranule.putIfAbsent(granule, fetch);
            if (existing != null && (isCurrent.test(existing.generation) || !byGranule.replace(granule, existing, fetch))) {
                break;
            }
            fetch.extendTo(Math.min((granule + 1) * granuleSize, fileSize));
        }
    }

    /**
     * Gives back the granules of {@code fetch} from the one containing {@code newEnd} on (all of them
     * if {@code newEnd} is its start), and ends the fetch there; before it is launched.
     */
    void shrink(Fetch fetch, long newEnd, int granuleSize) {
        if (newEnd >= fetch.end()) {
            return;
        }
        long keptEnd = Math.max(fetch.start, (newEnd + granuleSize - 1) / granuleSize * granuleSize);
        for (long granule = keptEnd / granuleSize; granule * granuleSize < fetch.end(); granule++) {
            byGranule.remove(granule, fetch);
        }
        fetch.extendTo(Math.min(keptEnd, fetch.end()));
    }

    /** Gives back the granules {@code fetch} still holds: later readers go to the cache or fetch again. */
    void release(Fetch fetch, int granuleSize) {
        for (long granule = fetch.start / granuleSize; granule * granuleSize < fetch.end(); granule++) {
            byGranule.remove(granule, fetch);
        }
    }
}
