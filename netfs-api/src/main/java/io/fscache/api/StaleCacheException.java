package io.fscache.api;

import java.io.IOException;

/**
 * Completes a cache read whose result must not be used: the cookie was invalidated, or its cache
 * withdrawn, after the {@link CacheAccess} was begun. The caller reads the range from the server.
 */
public class StaleCacheException extends IOException {

    private static final long serialVersionUID = 1L;

    public StaleCacheException(String message) {
        super(message);
    }
}
