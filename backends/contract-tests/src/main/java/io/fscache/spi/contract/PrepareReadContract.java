package io.fscache.spi.contract;

import static io.fscache.spi.contract.BackendFixtures.AUX;
import static io.fscache.spi.contract.BackendFixtures.assertReadFails;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;

/**
 * {@code prepareRead}: runs of equal answers (cache, server, zeros beyond the size), and reads of
 * absent ranges failing rather than serving bytes.
 */
public abstract class PrepareReadContract {

    @BackendTest
    void prepareReadReportsRunsOfEqualAnswers(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        long size = 6L * g + 100;
        CacheObject object = volume.createObject(key("file"), AUX, size);
        // present: 0, 1, 3 and the tail 6; absent: 2, 4, 5
        assertTrue(write(object, 0, pattern(4, 2 * g)));
        assertTrue(write(object, 3L * g, pattern(5, g)));
        assertTrue(write(object, 6L * g, pattern(6, 100)));

        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), object.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), object.prepareRead(0, size));
        assertEquals(new ReadExtent(ReadSource.CACHE, 100), object.prepareRead(0, 100));
        assertEquals(new ReadExtent(ReadSource.CACHE, g + g / 2), object.prepareRead(g / 2, 10L * g));
        assertEquals(new ReadExtent(ReadSource.SERVER, g), object.prepareRead(2L * g, size));
        assertEquals(new ReadExtent(ReadSource.SERVER, 10), object.prepareRead(2L * g + 5, 10));
        assertEquals(new ReadExtent(ReadSource.SERVER, g - 5), object.prepareRead(2L * g + 5, 10L * g));
        assertEquals(new ReadExtent(ReadSource.CACHE, g), object.prepareRead(3L * g, size));
        assertEquals(new ReadExtent(ReadSource.SERVER, 2L * g), object.prepareRead(4L * g, size));
        assertEquals(new ReadExtent(ReadSource.CACHE, 100), object.prepareRead(6L * g, size));
        assertEquals(new ReadExtent(ReadSource.CACHE, 60), object.prepareRead(6L * g + 40, g));
        assertEquals(new ReadExtent(ReadSource.ZEROS, 10), object.prepareRead(size, 10));
        assertEquals(new ReadExtent(ReadSource.ZEROS, 5), object.prepareRead(size + 3L * g, 5));
        object.close();
    }

    @BackendTest
    void prepareReadOfAnEmptyObjectSaysServerUpToTheSize(CacheBackend backend, BackendVolume volume) throws Exception {
        long size = 5L * backend.granuleSize() + 1;
        CacheObject object = volume.createObject(key("file"), AUX, size);

        assertEquals(Occupancy.EMPTY, object.occupancy());
        assertEquals(new ReadExtent(ReadSource.SERVER, size), object.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.SERVER, 1), object.prepareRead(size - 1, 1000));
        object.close();
    }

    @BackendTest
    void readOfAbsentRangeFailsRatherThanServingBytes(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        CacheObject object = volume.createObject(key("file"), AUX, 3L * g);
        assertTrue(write(object, 0, pattern(7, g)));

        assertReadFails(object, g, g);
        assertReadFails(object, 0, 2 * g);
        assertReadFails(object, g + 17, 100);
        assertArrayEquals(pattern(7, g), read(object, 0, g, false));
        object.close();
    }
}
