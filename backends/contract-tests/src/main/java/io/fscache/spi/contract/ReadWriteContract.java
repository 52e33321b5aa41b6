package io.fscache.spi.contract;

import static io.fscache.spi.contract.BackendFixtures.AUX;
import static io.fscache.spi.contract.BackendFixtures.await;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.write;
import static io.fscache.spi.contract.BackendFixtures.writeAndClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.Occupancy;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A new backend's shape, lookups, exact bytes written and read back, the buffers' positions, and
 * the counters. Every test runs once per {@link BackendSpec} (see {@link BackendExtension}).
 */
public abstract class ReadWriteContract {

    @BackendTest
    void newBackendHasTheSpecsShapeAndIsEmpty(BackendSpec spec, CacheBackend backend) {
        assertEquals(spec.granuleSize(), backend.granuleSize());
        assertEquals(spec.capacity(), backend.capacity());
        assertEquals(0, backend.usage());
    }

    @BackendTest
    void lookupOfAbsentKeyIsEmpty(BackendVolume volume) throws Exception {
        assertEquals(Optional.empty(), volume.lookupObject(key("absent"), AUX, 1000));
    }

    @BackendTest
    void wholeGranulesAndTailReadBackIdentical(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        long size = 3L * g + 123;
        CacheObject object = volume.createObject(key("file"), AUX, size);
        byte[] content = pattern(1, (int) size);

        assertEquals(size, object.objectSize());
        assertTrue(write(object, 0, Arrays.copyOfRange(content, 0, 2 * g)));
        assertTrue(write(object, 2L * g, Arrays.copyOfRange(content, 2 * g, (int) size)));

        assertEquals(new Occupancy(4, size), object.occupancy());
        assertArrayEquals(content, read(object, 0, (int) size, false));
        assertArrayEquals(content, read(object, 0, (int) size, true));
        assertArrayEquals(Arrays.copyOfRange(content, g - 7, 2 * g + 9), read(object, g - 7, g + 16, false));
        assertArrayEquals(Arrays.copyOfRange(content, 3 * g, (int) size), read(object, 3L * g, 123, true));
        object.close();
    }

    @BackendTest
    void aGatheringWriteStoresItsBuffersInOrder(CacheBackend backend, BackendVolume volume) throws Exception {
        // As a server reply arrives: in socket reads of any size, direct memory, cut across granules.
        int g = backend.granuleSize();
        long size = 2L * g + 321;
        CacheObject object = volume.createObject(key("file"), AUX, size);
        byte[] content = pattern(7, (int) size);
        int[] cuts = {0, g / 4, g - 1, g + g / 2 + 3, 2 * g + 100, (int) size};
        ByteBuffer[] pieces = new ByteBuffer[cuts.length];
        for (int i = 0; i + 1 < cuts.length; i++) {
            pieces[i] = ByteBuffer.allocateDirect(cuts[i + 1] - cuts[i]).put(content, cuts[i], cuts[i + 1] - cuts[i]).flip();
        }
        pieces[cuts.length - 1] = ByteBuffer.allocate(0);

        assertTrue(await(object.write(0, pieces)));

        for (ByteBuffer piece : pieces) {
            assertEquals(0, piece.remaining(), "each buffer consumed");
        }
        assertEquals(new Occupancy(3, size), object.occupancy());
        assertArrayEquals(content, read(object, 0, (int) size, false));
        object.close();
    }

    @BackendTest
    void readIsClampedToObjectSize(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        long size = g + 100;
        CacheObject object = volume.createObject(key("file"), AUX, size);
        byte[] content = pattern(2, (int) size);
        assertTrue(write(object, 0, content));

        ByteBuffer dst = ByteBuffer.allocate((int) size + 500);
        dst.position(10);
        int n = await(object.read(50, dst));

        assertEquals(size - 50, n);
        assertEquals(10 + size - 50, dst.position());
        assertArrayEquals(Arrays.copyOfRange(content, 50, (int) size), Arrays.copyOfRange(dst.array(), 10, dst.position()));
        object.close();
    }

    @BackendTest
    void writeAdvancesTheSourceBuffer(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        CacheObject object = volume.createObject(key("file"), AUX, 2L * g);
        byte[] content = pattern(3, 2 * g);
        ByteBuffer src = ByteBuffer.allocateDirect(2 * g + 20);
        src.position(20);
        src.put(content).position(20);

        assertTrue(await(object.write(0, src)));
        assertEquals(2 * g + 20, src.position());
        assertArrayEquals(content, read(object, 0, 2 * g, false));
        object.close();
    }

    @BackendTest
    void countersIncludeTheDocumentedKeys(CacheBackend backend, BackendVolume volume, Backends backends) throws Exception {
        writeAndClose(volume, "file", AUX, backend.granuleSize(), 26);

        Map<String, Long> counters = backend.counters();

        assertNotNull(counters);
        assertTrue(counters.keySet().containsAll(backends.documentedCounters()),
                "counters " + counters.keySet() + " lack some of " + backends.documentedCounters());
        counters.forEach((name, value) -> assertTrue(value != null && value >= 0, name + " = " + value));
    }
}
