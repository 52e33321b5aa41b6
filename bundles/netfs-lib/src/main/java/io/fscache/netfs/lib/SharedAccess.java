package io.fscache.netfs.lib;

import io.fscache.api.CacheAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cache access shared by one read and the server fetches it starts: each fetch must still hold
 * the access when it copies its data to the cache, after the read itself has returned. Closed when
 * the last holder releases it.
 */
final class SharedAccess {

    final CacheAccess access;
    private final AtomicInteger holders = new AtomicInteger(1);

    SharedAccess(CacheAccess access) {
        this.access = access;
    }

    SharedAccess retain() {
        holders.incrementAndGet();
        return this;
    }

    void release() {
        if (holders.decrementAndGet() == 0) {
            access.close();
        }
    }
}
