package io.fscache.spi.contract;

import static io.fscache.spi.contract.BackendFixtures.AUX;
import static io.fscache.spi.contract.BackendFixtures.OTHER_AUX;
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
import java.util.Optional;

/**
 * Invalidation starts an empty generation while the old one serves the reads in flight, and a
 * discarded object is gone.
 */
public abstract class InvalidationContract {

    @BackendTest
    void invalidateStartsAnEmptyGenerationWhileTheOldOneStaysReadable(CacheBackend backend, BackendVolume volume)
            throws Exception {
        int g = backend.granuleSize();
        CacheObject old = volume.createObject(key("file"), AUX, 2L * g);
        byte[] oldContent = pattern(12, 2 * g);
        assertTrue(write(old, 0, oldContent));

        CacheObject next = old.invalidate(OTHER_AUX, 3L * g);

        assertEquals(3L * g, next.objectSize());
        assertEquals(Occupancy.EMPTY, next.occupancy());
        assertEquals(new ReadExtent(ReadSource.SERVER, 3L * g), next.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), old.prepareRead(0, Long.MAX_VALUE));
        assertArrayEquals(oldContent, read(old, 0, 2 * g, false));

        byte[] newContent = pattern(13, g);
        assertTrue(write(next, 0, newContent));
        assertArrayEquals(oldContent, read(old, 0, 2 * g, false));
        old.discard();
        next.close();

        CacheObject found = volume.lookupObject(key("file"), OTHER_AUX, 3L * g).orElseThrow();
        assertEquals(new Occupancy(1, g), found.occupancy());
        assertArrayEquals(newContent, read(found, 0, g, false));
        assertEquals(new ReadExtent(ReadSource.SERVER, 2L * g), found.prepareRead(g, Long.MAX_VALUE));
        assertReadFails(found, g, g);
        found.close();
    }

    @BackendTest
    void discardedObjectIsGone(CacheBackend backend, BackendVolume volume) throws Exception {
        long size = 2L * backend.granuleSize();
        CacheObject object = volume.createObject(key("file"), AUX, size);
        assertTrue(write(object, 0, pattern(18, (int) size)));

        object.discard();

        assertEquals(Optional.empty(), volume.lookupObject(key("file"), AUX, size));
    }
}
