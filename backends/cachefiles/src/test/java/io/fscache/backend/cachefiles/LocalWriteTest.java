package io.fscache.backend.cachefiles;

import static io.fscache.backend.cachefiles.Fixtures.COHERENCY;
import static io.fscache.backend.cachefiles.Fixtures.G;
import static io.fscache.backend.cachefiles.Fixtures.files;
import static io.fscache.backend.cachefiles.Fixtures.peek;
import static io.fscache.spi.contract.BackendFixtures.VOLUME;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prepareToWrite}, the kernel's prepare-to-write: data written while a file is open for writing
 * is trusted after a restart only once the core has committed the file's coherency data after it.
 */
class LocalWriteTest {

    private static final byte[] AUX = {1};

    @TempDir
    Path dir;

    private CachefilesCache cache;

    @AfterEach
    void withdraw() {
        if (cache != null) {
            cache.withdraw();
        }
    }

    // Broke as: the core dropped Cookie.use(true)'s promise, so granules written locally and persisted
    // by the one-second sweep were served after a crash though the core never committed them.
    @Test
    void anObjectWrittenAndNeverCommittedIsNotTrustedByTheNextInstance() throws Exception {
        CacheObject object = open().lookupObject(key("f"), AUX, 2L * G).orElseThrow();
        object.prepareToWrite();
        assertTrue(peek(files(dir, VOLUME, key("f"))).localWrite(), "the mark is durable before any write");
        assertTrue(write(object, 0, pattern(2, G)));
        object.close(); // what a crash leaves at worst: written, persisted, never committed by the core

        assertEquals(Optional.empty(), reopen().lookupObject(key("f"), AUX, 2L * G));
    }

    @Test
    void theCoresCommitClearsTheMark() throws Exception {
        CacheObject object = open().lookupObject(key("f"), AUX, 2L * G).orElseThrow();
        object.prepareToWrite();
        assertTrue(write(object, G, pattern(3, G)));
        object.commit(new byte[] {2}, 2L * G);
        assertFalse(peek(files(dir, VOLUME, key("f"))).localWrite());
        object.close();

        CacheObject again = reopen().lookupObject(key("f"), new byte[] {2}, 2L * G).orElseThrow();
        assertArrayEquals(pattern(1, G), read(again, 0, G));
        assertArrayEquals(pattern(3, G), read(again, G, G));
    }

    @Test
    void aNewObjectCarriesTheMarkFromItsFirstPersist() throws Exception {
        CacheObject object = open().createObject(key("new"), AUX, G);
        object.prepareToWrite();
        assertTrue(write(object, 0, pattern(4, G)));
        object.close();

        assertEquals(Optional.empty(), reopen().lookupObject(key("new"), AUX, G));
    }

    /** A cache with one committed object {@code f} of two granules, the first one cached. */
    private BackendVolume open() throws Exception {
        cache = new CachefilesCache(CachefilesSettings.builder("c", dir).granule(G).build());
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        CacheObject object = volume.createObject(key("f"), AUX, 2L * G);
        assertTrue(write(object, 0, pattern(1, G)));
        object.commit(AUX, 2L * G);
        object.close();
        return volume;
    }

    private BackendVolume reopen() throws Exception {
        cache.withdraw();
        cache = new CachefilesCache(CachefilesSettings.builder("c", dir).granule(G).build());
        return cache.openVolume(VOLUME, COHERENCY);
    }
}
