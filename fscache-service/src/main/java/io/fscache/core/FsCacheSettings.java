package io.fscache.core;

import java.time.Duration;

/**
 * Tunables of the core.
 *
 * @param lruTimeout how long an unused cookie keeps its backing object open before it is committed
 *        and closed (the kernel's cookie LRU; default 10 s)
 * @param maxOpenObjects the most backing objects open at once across all caches; beyond it, idle
 *        cookies are closed early, and if none is idle a new lookup goes uncached
 * @param workers threads in the shared worker pool that runs the cookie state machines
 * @param errorLimit consecutive cache I/O errors after which a cache is taken out of service
 */
public record FsCacheSettings(Duration lruTimeout, int maxOpenObjects, int workers, int errorLimit) {

    /** The defaults: 10 s LRU, 1024 open objects, two to four workers, 16 errors. */
    public static final FsCacheSettings DEFAULTS = new FsCacheSettings(Duration.ofSeconds(10), 1024,
            Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())), 16);

    public FsCacheSettings {
        if (lruTimeout == null || lruTimeout.isNegative()) {
            throw new IllegalArgumentException("lruTimeout must be zero or positive: " + lruTimeout);
        }
        if (maxOpenObjects < 1) {
            throw new IllegalArgumentException("maxOpenObjects must be at least 1: " + maxOpenObjects);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        if (errorLimit < 1) {
            throw new IllegalArgumentException("errorLimit must be at least 1: " + errorLimit);
        }
    }

    public FsCacheSettings withLruTimeout(Duration timeout) {
        return new FsCacheSettings(timeout, maxOpenObjects, workers, errorLimit);
    }

    public FsCacheSettings withMaxOpenObjects(int max) {
        return new FsCacheSettings(lruTimeout, max, workers, errorLimit);
    }

    public FsCacheSettings withWorkers(int count) {
        return new FsCacheSettings(lruTimeout, maxOpenObjects, count, errorLimit);
    }

    public FsCacheSettings withErrorLimit(int limit) {
        return new FsCacheSettings(lruTimeout, maxOpenObjects, workers, limit);
    }
}
