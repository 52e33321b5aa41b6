package io.fscache.api;

/**
 * The answer to {@link CacheAccess#prepareRead}: the range starting at the requested position that
 * comes from one {@link ReadSource}.
 *
 * @param source where the bytes come from
 * @param length how many bytes, from the requested position, come from {@code source}; at least 1
 *        and at most the requested length
 */
public record ReadExtent(ReadSource source, long length) {

    public ReadExtent {
        if (source == null) {
            throw new IllegalArgumentException("source is null");
        }
        if (length <= 0) {
            throw new IllegalArgumentException("extent length must be positive: " + length);
        }
    }
}
