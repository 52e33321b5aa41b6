package io.fscache.api;

/** Where the bytes of a range of a file come from (the kernel's {@code netfs_io_source}). */
public enum ReadSource {
    /** The cache holds the range: read it with {@link CacheAccess#read}. */
    CACHE,
    /** The cache does not hold the range: read it from the server (and perhaps write it to the cache). */
    SERVER,
    /** The range lies at or beyond the object's size: it reads as zeros without asking anyone. */
    ZEROS
}
