package io.fscache.spi.contract;

import static io.fscache.spi.contract.BackendFixtures.AUX;
import static io.fscache.spi.contract.BackendFixtures.OTHER_VOLUME;
import static io.fscache.spi.contract.BackendFixtures.VOLUME;
import static io.fscache.spi.contract.BackendFixtures.VOLUME_COHERENCY;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.write;
import static io.fscache.spi.contract.BackendFixtures.writeAndClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Volumes and keys: a discarded volume or one reopened with other coherency data loses its
 * objects, volumes are independent, and binary keys are exact bytes the backend copies.
 */
public abstract class VolumeContract {

    @BackendTest
    void discardedVolumeLosesAllItsObjects(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        writeAndClose(volume, "a", AUX, 2L * g, 19);
        writeAndClose(volume, "b", AUX, g, 20);

        volume.discard();

        BackendVolume reopened = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        assertEquals(Optional.empty(), reopened.lookupObject(key("a"), AUX, 2L * g));
        assertEquals(Optional.empty(), reopened.lookupObject(key("b"), AUX, g));
    }

    @BackendTest
    void volumeReopenedWithOtherCoherencyLosesItsContent(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        writeAndClose(volume, "a", AUX, g, 21);
        volume.close();

        byte[] otherCoherency = {9, 9};
        BackendVolume reopened = backend.openVolume(VOLUME, otherCoherency);
        assertEquals(Optional.empty(), reopened.lookupObject(key("a"), AUX, g));

        byte[] content = writeAndClose(reopened, "a", AUX, g, 22);
        reopened.close();
        BackendVolume same = backend.openVolume(VOLUME, otherCoherency);
        assertArrayEquals(content, readAndClose(same, "a", g));
    }

    @BackendTest
    void sameObjectKeyInTwoVolumesIsIndependent(CacheBackend backend, BackendVolume one) throws Exception {
        int g = backend.granuleSize();
        BackendVolume two = backend.openVolume(OTHER_VOLUME, VOLUME_COHERENCY);
        byte[] inOne = writeAndClose(one, "file", AUX, g, 24);
        byte[] inTwo = writeAndClose(two, "file", AUX, g, 25);

        assertArrayEquals(inOne, readAndClose(one, "file", g));
        assertArrayEquals(inTwo, readAndClose(two, "file", g));

        one.discard();
        assertArrayEquals(inTwo, readAndClose(two, "file", g));
    }

    @BackendTest
    void binaryKeysAreExactAndIndependent(CacheBackend backend, BackendVolume volume) throws Exception {
        int g = backend.granuleSize();
        byte[] random = new byte[255];
        new SplittableRandom(23).nextBytes(random);
        byte[] lastByteDiffers = random.clone();
        lastByteDiffers[254] ^= 1;
        byte[] firstByteDiffers = random.clone();
        firstByteDiffers[0] ^= (byte) 0x80;
        List<byte[]> keys = List.of(
                new byte[] {0},
                new byte[] {'/'},
                new byte[] {'.', '.'},
                new byte[] {0, '/', 0},
                new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x80, (byte) 0xC3},
                random, lastByteDiffers, firstByteDiffers);

        for (int i = 0; i < keys.size(); i++) {
            byte[] callersKey = keys.get(i).clone();
            CacheObject object = volume.createObject(callersKey, AUX, g);
            Arrays.fill(callersKey, (byte) 'x'); // the backend must have copied it
            assertTrue(write(object, 0, pattern(100 + i, g)));
            object.close();
        }

        for (int i = 0; i < keys.size(); i++) {
            CacheObject object = volume.lookupObject(keys.get(i).clone(), AUX, g)
                    .orElseThrow(() -> new AssertionError("key not found"));
            assertArrayEquals(pattern(100 + i, g), read(object, 0, g, false), "content of key " + i);
            object.close();
        }
        assertEquals(Optional.empty(), volume.lookupObject(new byte[] {0, 0}, AUX, g));
        assertEquals(Optional.empty(), volume.lookupObject(new byte[] {'x'}, AUX, g));
    }

    private static byte[] readAndClose(BackendVolume volume, String name, int length) throws Exception {
        CacheObject object = volume.lookupObject(key(name), AUX, length).orElseThrow();
        try {
            return read(object, 0, length, false);
        } finally {
            object.close();
        }
    }
}
