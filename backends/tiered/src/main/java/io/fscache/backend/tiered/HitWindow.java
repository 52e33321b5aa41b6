package io.fscache.backend.tiered;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts one object's lower-tier hits per granule for a {@link PromotionPolicy} that needs more than
 * one. Bounded: past {@link #MAX_TRACKED} granules, expired counts are dropped, then all (a lost count
 * only delays a promotion).
 */
final class HitWindow {

    static final int MAX_TRACKED = 4096;

    private final int hits;
    private final long windowNanos;
    /** granule -> {count, start of window in nanos} */
    private final Map<Long, long[]> counts = new HashMap<>();

    HitWindow(PromotionPolicy policy) {
        this.hits = policy.hits();
        this.windowNanos = policy.window().toNanos();
    }

    /** Records a lower-tier hit on a granule; {@code true} when it is due for promotion. */
    boolean hit(long granule) {
        if (hits == 1) {
            return true;
        }
        long now = System.nanoTime();
        synchronized (counts) {
            long[] count = counts.get(granule);
            if (count == null || now - count[1] > windowNanos) {
                if (counts.size() >= MAX_TRACKED) {
                    counts.values().removeIf(c -> now - c[1] > windowNanos);
                    if (counts.size() >= MAX_TRACKED) {
                        counts.clear();
                    }
                }
                count = new long[] {0, now};
                counts.put(granule, count);
            }
            if (++count[0] >= hits) {
                counts.remove(granule);
                return true;
            }
            return false;
        }
    }
}
