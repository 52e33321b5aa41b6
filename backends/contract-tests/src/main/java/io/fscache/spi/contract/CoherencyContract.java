package io.fscache.spi.contract;

import static io.fscache.spi.contract.BackendFixtures.AUX;
import static io.fscache.spi.contract.BackendFixtures.OTHER_AUX;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.write;
import static io.fscache.spi.contract.BackendFixtures.writeAndClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.Occupancy;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import java.util.Optional;

/**
 * Closing and looking up again: an object is found with its content exactly while its coherency
 * data and size match what the lookup expects, and a stale one is dropped.
 */
public abstract class CoherencyContract {

    @BackendTest
    void closedObjectIsFoundAgainWithItsContent(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        long size = 2L * g + 300;
        CacheObject object = volume.createObject(key("file"), AUX, size);
        byte[] content = pattern(8, (int) size);
        assertTrue(write(object, 0, content));
        object.close();

        CacheObject again = volume.lookupObject(key("file"), AUX, size).orElseThrow();

        assertEquals(size, again.objectSize());
        assertEquals(new Occupancy(3, size), again.occupancy());
        assertArrayEquals(content, read(again, 0, (int) size, false));
        again.close();
    }

    @BackendTest
    void lookupWithOtherAuxIsStaleAndDropsTheOldData(CacheBackend backend, BackendVolume volume) throws Exception {
        long size = 2L * backend.granuleSize();
        writeAndClose(volume, "file", AUX, size, 9);

        assertEquals(Optional.empty(), volume.lookupObject(key("file"), OTHER_AUX, size));
        assertEquals(Optional.empty(), volume.lookupObject(key("file"), AUX, size));
        assertEquals(Optional.empty(), volume.lookupObject(key("file"), new byte[0], size));
    }

    @BackendTest
    void lookupWithOtherSizeIsStaleAndDropsTheOldData(CacheBackend backend, BackendVolume volume) throws Exception {
        long size = 2L * backend.granuleSize();
        writeAndClose(volume, "file", AUX, size, 10);

        assertEquals(Optional.empty(), volume.lookupObject(key("file"), AUX, size + 1));
        assertEquals(Optional.empty(), volume.lookupObject(key("file"), AUX, size));
    }

    @BackendTest
    void committedCoherencyIsWhatLookupChecks(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        CacheObject object = volume.createObject(key("file"), AUX, 2L * g);
        byte[] content = pattern(11, 2 * g);
        assertTrue(write(object, 0, content));

        object.commit(OTHER_AUX, 2L * g);
        object.close();
        CacheObject again = volume.lookupObject(key("file"), OTHER_AUX, 2L * g).orElseThrow();

        assertArrayEquals(content, read(again, 0, 2 * g, false));
        // A commit that grows the object keeps the whole granules it holds.
        again.commit(AUX, 3L * g);
        again.close();
        CacheObject grown = volume.lookupObject(key("file"), AUX, 3L * g).orElseThrow();
        assertEquals(3L * g, grown.objectSize());
        assertEquals(new Occupancy(2, 2L * g), grown.occupancy());
        assertArrayEquals(content, read(grown, 0, 2 * g, false));
        grown.close();
    }
}
