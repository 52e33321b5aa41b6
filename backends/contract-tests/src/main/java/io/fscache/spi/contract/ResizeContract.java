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
import java.util.Arrays;

/** {@code resize}: a granule survives only if it is whole under both the old and the new size. */
public abstract class ResizeContract {

    @BackendTest
    void shrinkingDropsGranulesBeyondAndAPartialLastOne(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        CacheObject object = volume.createObject(key("file"), AUX, 4L * g);
        byte[] content = pattern(14, 4 * g);
        assertTrue(write(object, 0, content));
        assertEquals(new Occupancy(4, 4L * g), object.occupancy());

        object.resize(2L * g + g / 2);

        assertEquals(2L * g + g / 2, object.objectSize());
        assertEquals(new Occupancy(2, 2L * g), object.occupancy());
        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), object.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.SERVER, g / 2), object.prepareRead(2L * g, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.ZEROS, 10), object.prepareRead(2L * g + g / 2, 10));
        assertArrayEquals(Arrays.copyOf(content, 2 * g), read(object, 0, 2 * g, false));

        object.resize(g);

        assertEquals(new Occupancy(1, g), object.occupancy());
        assertEquals(new ReadExtent(ReadSource.CACHE, g), object.prepareRead(0, Long.MAX_VALUE));
        assertArrayEquals(Arrays.copyOf(content, g), read(object, 0, g, false));
        object.close();
    }

    @BackendTest
    void shrinkingIntoTheTailGranuleDropsIt(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        long size = 2L * g + 100;
        CacheObject object = volume.createObject(key("file"), AUX, size);
        assertTrue(write(object, 0, pattern(15, (int) size)));
        assertEquals(new Occupancy(3, size), object.occupancy());

        object.resize(size - 50);

        assertEquals(new Occupancy(2, 2L * g), object.occupancy());
        assertEquals(new ReadExtent(ReadSource.SERVER, 50), object.prepareRead(2L * g, Long.MAX_VALUE));
        assertReadFails(object, 2L * g, 50);
        object.close();
    }

    @BackendTest
    void growingKeepsPresentGranules(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        CacheObject object = volume.createObject(key("file"), AUX, 2L * g);
        byte[] content = pattern(16, 2 * g);
        assertTrue(write(object, 0, content));

        object.resize(5L * g);

        assertEquals(5L * g, object.objectSize());
        assertEquals(new Occupancy(2, 2L * g), object.occupancy());
        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), object.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.SERVER, 3L * g), object.prepareRead(2L * g, Long.MAX_VALUE));
        assertArrayEquals(content, read(object, 0, 2 * g, false));

        byte[] more = pattern(17, g);
        assertTrue(write(object, 4L * g, more));
        assertEquals(new Occupancy(3, 3L * g), object.occupancy());
        assertArrayEquals(more, read(object, 4L * g, g, false));
        object.close();
    }
}
