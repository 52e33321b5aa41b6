package io.fscache.spi.contract;

import io.fscache.spi.CacheProperties;
import java.util.stream.Stream;

/**
 * One cell of the contract matrix: the shape of the backend a test runs against.
 *
 * @param granuleSize the granule size in bytes, as {@link CacheProperties#checkGranule} allows
 * @param capacity the byte budget; need not be a multiple of the granule size
 */
public record BackendSpec(int granuleSize, long capacity) {

    public BackendSpec {
        CacheProperties.checkGranule(granuleSize);
        if (capacity < granuleSize) {
            throw new IllegalArgumentException("capacity " + capacity + " is below one granule of " + granuleSize);
        }
    }

    /** The default matrix: granules of 4 KiB and 256 KiB, each with room for 256 granules and with a tight, ragged budget. */
    public static Stream<BackendSpec> matrix() {
        return Stream.of(4096, 256 * 1024).flatMap(g -> Stream.of(
                new BackendSpec(g, 256L * g),
                new BackendSpec(g, 16L * g + g / 2)));
    }

    /** How many whole granules fit in the capacity. */
    public long granules() {
        return capacity / granuleSize;
    }

    @Override
    public String toString() {
        return "granule " + (granuleSize / 1024) + " KiB, capacity " + granules() + " granules"
                + (capacity % granuleSize == 0 ? "" : " + " + capacity % granuleSize + " bytes");
    }
}
