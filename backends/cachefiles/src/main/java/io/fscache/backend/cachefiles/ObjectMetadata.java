package io.fscache.backend.cachefiles;

import org.roaringbitmap.RoaringBitmap;

/**
 * What an object's metadata side file records; see {@link MetadataCodec} for the format.
 *
 * @param granule the granule size the content map counts in
 * @param size the object size
 * @param zeroPoint the size below which the server may hold data: the object size when last
 *        committed, lowered by shrinking resizes since (kept as the kernel's cachefiles keeps it;
 *        the SPI has no use for it yet)
 * @param aux the coherency data
 * @param key the cookie key, so a lookup can check the file belongs to it
 * @param map the granules present, each durably in the data file
 * @param localWrite written locally since the last commit of coherency data: a lookup distrusts it
 *        (the kernel's {@code CACHEFILES_CONTENT_DIRTY}, set by {@code prepareToWrite})
 */
record ObjectMetadata(int granule, long size, long zeroPoint, byte[] aux, byte[] key, RoaringBitmap map,
        boolean localWrite) {

    /** Metadata without the local-write mark. */
    ObjectMetadata(int granule, long size, long zeroPoint, byte[] aux, byte[] key, RoaringBitmap map) {
        this(granule, size, zeroPoint, aux, key, map, false);
    }
}
