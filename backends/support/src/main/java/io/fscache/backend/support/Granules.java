package io.fscache.backend.support;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * Granule arithmetic for one granule size, over a content map (one bit per granule held) and an
 * object size: pure functions, so callers decide the locking. Granule indexes are content-map bits
 * kept non-negative; granules beyond {@link #MAX_INDEX} are never cached. Shared by the backends
 * (memory, cachefiles), so they answer {@code prepareRead} alike.
 */
public final class Granules {

    /** The highest granule index a content map holds. */
    public static final long MAX_INDEX = Integer.MAX_VALUE;
    /** The allocation unit a short tail granule is charged in. */
    private static final int BLOCK = 4096;

    /** The granule size in bytes, a power of two. */
    public final int size;
    /** {@code log2(size)}: a position's granule is {@code position >>> shift}. */
    public final int shift;
    /** {@code size - 1}: a position's offset in its granule is {@code position & mask}. */
    public final long mask;

    /** Arithmetic for granules of {@code size} bytes, a power of two. */
    public Granules(int size) {
        this.size = size;
        this.shift = Integer.numberOfTrailingZeros(size);
        this.mask = size - 1L;
    }

    /** {@code prepareRead}'s answer for a map and object size. */
    public ReadExtent extent(RoaringBitmap map, long objectSize, long position, long length) {
        if (position >= objectSize) {
            return new ReadExtent(ReadSource.ZEROS, length);
        }
        long end = objectSize;
        long granule = position >>> shift;
        boolean cached = granule <= MAX_INDEX && map.contains((int) granule);
        if (granule <= MAX_INDEX) {
            long next = cached ? map.nextAbsentValue((int) granule) : map.nextValue((int) granule);
            if (next >= 0) {
                end = Math.min(end, next << shift);
            }
        }
        return new ReadExtent(cached ? ReadSource.CACHE : ReadSource.SERVER, Math.min(end - position, length));
    }

    /** How many granules the non-empty range [position, position + length) touches. */
    public long spanned(long position, long length) {
        return ((position + length - 1) >>> shift) - (position >>> shift) + 1;
    }

    /** Whether every granule of a non-empty range is in the map. */
    public boolean allPresent(RoaringBitmap map, long position, int length) {
        long first = position >>> shift;
        long last = (position + length - 1) >>> shift;
        return last <= MAX_INDEX && map.contains(first, last + 1);
    }

    public Occupancy occupancy(RoaringBitmap map, long objectSize) {
        long granules = map.getLongCardinality();
        if (granules == 0) {
            return Occupancy.EMPTY;
        }
        long bytes = granules << shift;
        if (hasPartialTail(map, objectSize)) {
            bytes -= size - (objectSize & mask);
        }
        return new Occupancy(granules, bytes);
    }

    /** Bytes charged for the granules of a map: whole granules, a short tail rounded up to 4 KiB blocks. */
    public long charge(RoaringBitmap map, long objectSize) {
        long bytes = map.getLongCardinality() << shift;
        if (hasPartialTail(map, objectSize)) {
            bytes -= size - roundToBlock(objectSize & mask);
        }
        return bytes;
    }

    /** The charge of a write of {@code bytes} from a granule boundary. */
    public long chargeFor(int bytes) {
        return ((long) (bytes >>> shift) << shift) + roundToBlock(bytes & mask);
    }

    /** The end of the bytes a map claims: a data file shorter than this cannot be trusted. */
    public long claimedEnd(RoaringBitmap map, long objectSize) {
        return map.isEmpty() ? 0 : Math.min(objectSize, (Integer.toUnsignedLong(map.last()) + 1) << shift);
    }

    /**
     * The prefix of a write at a granule boundary made of whole granules, or of the tail ending at
     * the object size: what can be marked. Anything after is beyond a shrink, or a short chunk
     * that is not the tail.
     */
    public int acceptedLength(long position, int length, long objectSize) {
        int accepted = 0;
        while (accepted < length) {
            long start = position + accepted;
            int chunk = Math.min(size, length - accepted);
            if ((start >>> shift) > MAX_INDEX || start + chunk != Math.min(start + size, objectSize)) {
                break;
            }
            accepted += chunk;
        }
        return accepted;
    }

    /** The number of granules {@code bytes} from a granule boundary touch. */
    public long count(long bytes) {
        return (bytes + mask) >>> shift;
    }

    private boolean hasPartialTail(RoaringBitmap map, long objectSize) {
        long last = objectSize >>> shift;
        return (objectSize & mask) != 0 && last <= MAX_INDEX && map.contains((int) last);
    }

    private static long roundToBlock(long bytes) {
        return (bytes + BLOCK - 1) / BLOCK * BLOCK;
    }
}
