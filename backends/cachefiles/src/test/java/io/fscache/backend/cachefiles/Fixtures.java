package io.fscache.backend.cachefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers the cachefiles tests share, beside the contract's {@link io.fscache.spi.contract.BackendFixtures}. */
final class Fixtures {

    static final int G = 4096;
    static final byte[] COHERENCY = {1, 2, 3};

    private Fixtures() {
    }

    /** The files of an object of {@code volume} in the cache at {@code dir}. */
    static ObjectFiles files(Path dir, String volume, byte[] key) {
        ObjectNames.ObjectName name = ObjectNames.object(key);
        return new ObjectFiles(dir.resolve("cache").resolve(ObjectNames.volume(volume)).resolve(name.fanout()), name.file());
    }

    /** What an object's metadata on disk says, read without the cache (which would discard a mismatch). */
    static ObjectMetadata peek(ObjectFiles files) throws IOException, CorruptMetadataException {
        return MetadataCodec.decodeObject(Files.readAllBytes(files.meta()), G);
    }
}
