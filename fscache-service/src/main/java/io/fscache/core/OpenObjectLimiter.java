package io.fscache.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the backing objects open across all caches. When no slot is free, the oldest idle cookie on
 * the LRU is closed early to make one, as the kernel does when it runs short of file descriptors.
 */
final class OpenObjectLimiter {

    private static final int VICTIM_ATTEMPTS = 8;

    private final AtomicInteger free;
    private final int max;
    private final CookieLru lru;

    OpenObjectLimiter(int max, CookieLru lru) {
        this.max = max;
        this.free = new AtomicInteger(max);
        this.lru = lru;
    }

    /**
     * Takes a slot for one open object, closing idle cookies if needed. Must run on a worker
     * thread: closing a victim commits it to its cache.
     *
     * @return false if every open object is in use, so the caller goes uncached this time
     */
    boolean acquire() {
        for (int attempt = 0; attempt <= VICTIM_ATTEMPTS; attempt++) {
            int n = free.get();
            while (n > 0) {
                if (free.compareAndSet(n, n - 1)) {
                    return true;
                }
                n = free.get();
            }
            CookieImpl victim = lru.pollOldest();
            if (victim == null) {
                return false;
            }
            victim.discardToFreeSlot();
        }
        return false;
    }

    void release() {
        free.incrementAndGet();
    }

    /** Objects open now. */
    int inUse() {
        return max - free.get();
    }
}
