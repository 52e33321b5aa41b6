package io.fscache.api;

/**
 * How much of an object a cache holds.
 *
 * @param cachedGranules granules present
 * @param cachedBytes bytes present (whole granules, the last one clamped to the object size)
 */
public record Occupancy(long cachedGranules, long cachedBytes) {

    /** Nothing cached. */
    public static final Occupancy EMPTY = new Occupancy(0, 0);
}
