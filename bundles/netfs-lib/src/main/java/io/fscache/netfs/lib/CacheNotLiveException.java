package io.fscache.netfs.lib;

/**
 * A mount names a cache that is not live: refused now, though the cache may come up later (a
 * configured mount at boot, before its cache's bundle), so a mount kept in a configuration retries.
 */
public final class CacheNotLiveException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    CacheNotLiveException(String message) {
        super(message);
    }
}
