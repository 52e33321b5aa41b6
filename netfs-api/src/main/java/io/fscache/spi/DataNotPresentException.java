package io.fscache.spi;

import java.io.IOException;

/**
 * Fails a {@link CacheObject#read} whose range is no longer present (evicted or culled since
 * {@link CacheObject#prepareRead} said it was). A miss, not a fault: the core does not count it
 * against the cache or discard the object.
 */
public class DataNotPresentException extends IOException {

    private static final long serialVersionUID = 1L;

    public DataNotPresentException(String message) {
        super(message);
    }
}
