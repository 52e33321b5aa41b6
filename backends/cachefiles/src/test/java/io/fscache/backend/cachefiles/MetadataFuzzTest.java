package io.fscache.backend.cachefiles;

import static io.fscache.backend.cachefiles.Fixtures.COHERENCY;
import static io.fscache.backend.cachefiles.Fixtures.G;
import static io.fscache.backend.cachefiles.Fixtures.files;
import static io.fscache.spi.contract.BackendFixtures.VOLUME;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadSource;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Damaged metadata is never trusted: for every mutation a lookup answers empty (and the object's
 * files are gone) or an object whose every claimed granule reads back exactly what was written,
 * and never throws.
 */
class MetadataFuzzTest {

    private static final int CASES = 1300;
    private static final long SIZE = 3L * G + 100;
    private static final byte[] AUX = {'v', '1'};

    private enum Mutation {
        UNTOUCHED, TRUNCATED, BITS_FLIPPED, SWAPPED, FUTURE_VERSION, FOREIGN_MAGIC, GARBAGE, TRAILING_BYTES,
        MAP_BEYOND_SIZE, OTHER_GRANULE, OTHER_AUX, UNKNOWN_FLAGS, METADATA_MISSING, DATA_TRUNCATED
    }

    @TempDir
    Path dir;

    @Test
    void everyDamagedMetadataFileIsDiscardedNeverTrusted() throws Exception {
        CachefilesCache cache = new CachefilesCache(CachefilesSettings.builder("fuzz", dir).granule(G).build());
        try {
            BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
            byte[][] keys = {key("alpha"), {0, (byte) 0xFF, '/', '.', '.'}};
            byte[][] content = new byte[2][];
            byte[][] pristineMeta = new byte[2][];
            byte[][] pristineData = new byte[2][];
            ObjectFiles[] files = new ObjectFiles[2];
            for (int k = 0; k < 2; k++) {
                content[k] = pattern(k, (int) SIZE);
                CacheObject object = volume.createObject(keys[k], AUX, SIZE);
                assertTrue(write(object, 0, Arrays.copyOf(content[k], 2 * G)));
                assertTrue(write(object, 3L * G, Arrays.copyOfRange(content[k], 3 * G, (int) SIZE)));
                object.close();
                files[k] = files(dir, VOLUME, keys[k]);
                pristineMeta[k] = Files.readAllBytes(files[k].meta());
                pristineData[k] = Files.readAllBytes(files[k].data());
            }

            SplittableRandom random = new SplittableRandom(20260101);
            Mutation[] mutations = Mutation.values();
            for (int i = 0; i < CASES; i++) {
                Mutation mutation = mutations[i % mutations.length];
                for (int k = 0; k < 2; k++) {
                    Files.write(files[k].meta(), pristineMeta[k]);
                    Files.write(files[k].data(), pristineData[k]);
                }
                damage(mutation, files, pristineMeta, random);
                for (int k = 0; k < 2; k++) {
                    // Only the first object is damaged, except that a swap damages both.
                    boolean intact = mutation == Mutation.UNTOUCHED || (k == 1 && mutation != Mutation.SWAPPED);
                    Optional<CacheObject> lookedUp = volume.lookupObject(keys[k], AUX, SIZE);
                    String where = "case " + i + " " + mutation + " key " + k;
                    assertEquals(intact, lookedUp.isPresent(), where);
                    if (lookedUp.isPresent()) {
                        assertEquals(new Occupancy(3, 2L * G + 100), lookedUp.get().occupancy(), where);
                        assertServesOnly(lookedUp.get(), content[k], where);
                        lookedUp.get().close();
                    } else {
                        assertFalse(Files.exists(files[k].meta()), where + ": metadata left behind");
                        assertFalse(Files.exists(files[k].data()), where + ": data left behind");
                    }
                }
            }
            assertEquals(0L, cache.counters().get("ioErrors"));
        } finally {
            cache.withdraw();
        }
    }

    @Test
    void theCodecRoundTripsAndSaysWhatIsWrong() throws Exception {
        RoaringBitmap map = RoaringBitmap.bitmapOf(0, 1, 3);
        byte[] bytes = MetadataCodec.encodeObject(new ObjectMetadata(G, SIZE, 2L * G, AUX, key("k"), map));

        ObjectMetadata decoded = MetadataCodec.decodeObject(bytes, G);
        assertEquals(SIZE, decoded.size());
        assertEquals(2L * G, decoded.zeroPoint());
        assertArrayEquals(AUX, decoded.aux());
        assertArrayEquals(key("k"), decoded.key());
        assertEquals(map, decoded.map());

        assertRejected("checksum mismatch", Arrays.copyOf(bytes, bytes.length + 1));
        assertRejected("checksum mismatch", flip(bytes, 40));
        assertRejected("format version 2 is newer than 1", reseal(bytes, b -> b.putShort(4, (short) 2)));
        assertRejected("foreign magic 46534356", reseal(bytes, b -> b.putInt(0, MetadataCodec.VOLUME_MAGIC)));
        assertRejected("granule size 8192 is not the cache's 4096", reseal(bytes, b -> b.putInt(8, 2 * G)));
        assertRejected("content map claims granules beyond the object size 8192",
                MetadataCodec.encodeObject(new ObjectMetadata(G, 2L * G, 0, AUX, key("k"), map)));
    }

    private static void damage(Mutation mutation, ObjectFiles[] files, byte[][] meta, SplittableRandom random)
            throws Exception {
        Path target = files[0].meta();
        byte[] bytes = meta[0];
        switch (mutation) {
            case UNTOUCHED -> {
            }
            case TRUNCATED -> Files.write(target, Arrays.copyOf(bytes, random.nextInt(bytes.length)));
            case BITS_FLIPPED -> {
                byte[] flipped = bytes.clone();
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    flipped = flip(flipped, random.nextInt(flipped.length * 8));
                }
                Files.write(target, flipped);
            }
            case SWAPPED -> {
                Files.write(files[0].meta(), meta[1]);
                Files.write(files[1].meta(), meta[0]);
            }
            case FUTURE_VERSION -> Files.write(target,
                    reseal(bytes, b -> b.putShort(4, (short) (2 + random.nextInt(0xFFFE)))));
            case FOREIGN_MAGIC -> Files.write(target, reseal(bytes, b -> b.putInt(0, random.nextInt())));
            case GARBAGE -> {
                byte[] garbage = new byte[random.nextInt(2 * bytes.length)];
                random.nextBytes(garbage);
                Files.write(target, garbage);
            }
            case TRAILING_BYTES -> {
                byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(16));
                Files.write(target, seal(longer));
            }
            case MAP_BEYOND_SIZE, OTHER_GRANULE, OTHER_AUX -> {
                ObjectMetadata m = MetadataCodec.decodeObject(bytes, G);
                RoaringBitmap map = m.map().clone();
                int granule = G;
                byte[] aux = m.aux();
                if (mutation == Mutation.MAP_BEYOND_SIZE) {
                    map.add(4 + random.nextInt(1000));
                } else if (mutation == Mutation.OTHER_GRANULE) {
                    granule = 2 * G;
                } else {
                    aux = new byte[] {'v', '2'};
                }
                Files.write(target, MetadataCodec.encodeObject(new ObjectMetadata(granule, m.size(), m.zeroPoint(),
                        aux, m.key(), map)));
            }
            case UNKNOWN_FLAGS -> Files.write(target, reseal(bytes, b -> b.putShort(6, (short) (1 + random.nextInt(0xFFFF)))));
            case METADATA_MISSING -> Files.delete(target);
            case DATA_TRUNCATED -> Files.write(files[0].data(), Arrays.copyOf(Files.readAllBytes(files[0].data()),
                    random.nextInt(3 * G + 100)));
            default -> throw new AssertionError(mutation);
        }
    }

    /** Every granule the object claims reads back the original bytes. */
    private static void assertServesOnly(CacheObject object, byte[] content, String where) throws Exception {
        for (long position = 0; position < content.length; position += G) {
            int length = (int) Math.min(G, content.length - position);
            if (object.prepareRead(position, length).source() == ReadSource.CACHE) {
                assertArrayEquals(Arrays.copyOfRange(content, (int) position, (int) position + length),
                        read(object, position, length), where + " at " + position);
            }
        }
    }

    private static void assertRejected(String reason, byte[] bytes) {
        CorruptMetadataException e = assertThrows(CorruptMetadataException.class, () -> MetadataCodec.decodeObject(bytes, G));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] flipped = bytes.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return flipped;
    }

    private interface Edit {
        void apply(ByteBuffer buffer);
    }

    /** Edits the body and recomputes the checksum, so the edit itself is what decoding must catch. */
    private static byte[] reseal(byte[] bytes, Edit edit) {
        byte[] copy = bytes.clone();
        edit.apply(ByteBuffer.wrap(copy));
        return seal(copy);
    }

    private static byte[] seal(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }
}
