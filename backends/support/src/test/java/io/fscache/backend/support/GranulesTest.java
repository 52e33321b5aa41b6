package io.fscache.backend.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** The arithmetic under the content maps, at its edges. */
class GranulesTest {

    private static final int G = 65536;
    private final Granules granules = new Granules(G);

    @Test
    void aShortTailIsChargedInWholeBlocksAndCountedExactly() {
        RoaringBitmap map = RoaringBitmap.bitmapOf(0, 2);
        long size = 2L * G + 100;

        assertEquals(G + 4096, granules.charge(map, size));
        assertEquals(new Occupancy(2, G + 100), granules.occupancy(map, size));
        assertEquals(size, granules.claimedEnd(map, size));
        assertEquals(2L * G, granules.charge(map, 3L * G), "the same granules whole under a larger size");
        assertEquals(G + 8192, granules.chargeFor(G + 4097));
        assertEquals(2L * G, granules.chargeFor(2 * G));
    }

    @Test
    void onlyWholeGranulesAndTheTrueTailAreAccepted() {
        long size = 2L * G + 100;
        assertEquals(2 * G + 100, granules.acceptedLength(0, 2 * G + 100, size));
        assertEquals(2 * G, granules.acceptedLength(0, 2 * G + 50, size), "a short chunk that is not the tail");
        assertEquals(0, granules.acceptedLength(2L * G, G, size), "a whole granule where the tail is short");
        assertEquals(0, granules.acceptedLength(3L * G, G, size), "beyond the size");
        long huge = (Granules.MAX_INDEX + 2) * G;
        assertEquals(G, granules.acceptedLength(Granules.MAX_INDEX * G, 2 * G, huge), "no granule beyond the map's bits");
    }

    @Test
    void extentsAreRunsOfEqualAnswersClampedToSizeAndLength() {
        RoaringBitmap map = RoaringBitmap.bitmapOf(0, 1, 3);
        long size = 4L * G;
        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * G), granules.extent(map, size, 0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.SERVER, G - 1), granules.extent(map, size, 2L * G + 1, 10L * G));
        assertEquals(new ReadExtent(ReadSource.CACHE, G), granules.extent(map, size, 3L * G, 10L * G));
        assertEquals(new ReadExtent(ReadSource.ZEROS, 7), granules.extent(map, size, size, 7));
        long huge = (Granules.MAX_INDEX + 5) * G;
        RoaringBitmap last = RoaringBitmap.bitmapOf((int) Granules.MAX_INDEX);
        assertEquals(new ReadExtent(ReadSource.CACHE, G), granules.extent(last, huge, Granules.MAX_INDEX * G, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.SERVER, 4L * G), granules.extent(last, huge, (Granules.MAX_INDEX + 1) * G, Long.MAX_VALUE));
    }

    @Test
    void presenceOfARangeNeedsEveryGranule() {
        RoaringBitmap map = RoaringBitmap.bitmapOf(0, 1, 3);
        assertTrue(granules.allPresent(map, 10, 2 * G - 10));
        assertFalse(granules.allPresent(map, 10, 2 * G));
        assertFalse(granules.allPresent(map, Granules.MAX_INDEX * G + G, 1));
    }
}
