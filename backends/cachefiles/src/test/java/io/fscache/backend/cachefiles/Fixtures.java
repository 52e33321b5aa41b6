package io.fscache.backend.cachefiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers the cachefiles tests share. */
final class Fixtures {

    static final int G = 4096;
    static final String VOLUME = "test,server.example,vol1";
    static final byte[] COHERENCY = {1, 2, 3};

    private Fixtures() {
    }

    static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** Deterministic content; a shorter pattern with the same seed is a prefix of a longer one. */
    static byte[] pattern(long seed, int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static boolean write(CacheObject object, long position, byte[] data) throws Exception {
        return await(object.write(position, ByteBuffer.wrap(data)));
    }

    static byte[] read(CacheObject object, long position, int length) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(length);
        assertEquals(length, await(object.read(position, dst)));
        return dst.array();
    }

    /** The failure of a stage that must fail. */
    static Throwable failure(CompletionStage<?> stage) throws InterruptedException, TimeoutException {
        try {
            Object value = stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("stage completed with " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The files of an object of {@link #VOLUME} in the cache at {@code dir}. */
    static ObjectFiles files(Path dir, String volume, byte[] key) {
        ObjectNames.ObjectName name = ObjectNames.object(key);
        return new ObjectFiles(dir.resolve("cache").resolve(ObjectNames.volume(volume)).resolve(name.fanout()), name.file());
    }

    /** What an object's metadata on disk says, read without the cache (which would discard a mismatch). */
    static ObjectMetadata peek(ObjectFiles files) throws IOException, CorruptMetadataException {
        return MetadataCodec.decodeObject(Files.readAllBytes(files.meta()), G);
    }
}
