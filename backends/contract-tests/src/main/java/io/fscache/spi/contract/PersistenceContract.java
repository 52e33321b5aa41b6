package io.fscache.spi.contract;

import static io.fscache.spi.contract.BackendFixtures.AUX;
import static io.fscache.spi.contract.BackendFixtures.VOLUME;
import static io.fscache.spi.contract.BackendFixtures.VOLUME_COHERENCY;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.writeAndClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import java.util.Optional;

/** Withdrawal releases the usage; a new instance on the same storage finds the content exactly when the backend persists. */
public abstract class PersistenceContract {

    @BackendTest
    void withdrawAfterClosingEverythingReleasesUsage(CacheBackend backend, BackendVolume volume, Backends backends)
            throws Exception {
        int g = backend.granuleSize();
        writeAndClose(volume, "a", AUX, 3L * g, 27);
        writeAndClose(volume, "b", AUX, g, 28);
        volume.close();
        assertTrue(backend.usage() > 0, "usage after writing: " + backend.usage());

        backends.withdraw(backend);

        assertEquals(0, backend.usage());
    }

    @BackendTest
    void contentSurvivesANewInstanceExactlyWhenTheBackendPersists(CacheBackend first, BackendVolume volume,
            Backends backends) throws Exception {
        int g = first.granuleSize();
        byte[] content = writeAndClose(volume, "file", AUX, 2L * g, 29);
        volume.close();
        backends.withdraw(first);

        CacheBackend second = backends.start();
        Optional<CacheObject> found = second.openVolume(VOLUME, VOLUME_COHERENCY).lookupObject(key("file"), AUX, 2L * g);

        if (backends.persistsAcrossInstances()) {
            CacheObject object = found.orElseThrow();
            assertArrayEquals(content, read(object, 0, 2 * g, false));
            object.close();
        } else {
            assertEquals(Optional.empty(), found);
        }
    }
}
