package io.fscache.spi.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import io.fscache.spi.DataNotPresentException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keys, content and I/O helpers the contract tests share, and backends' own tests may use. They
 * call the SPI as the core does and check what the SPI promises of buffers (a stored write consumes
 * its source; a read fills exactly the bytes it reports).
 */
public final class BackendFixtures {

    /** A printable volume key as the core builds them: filesystem, server, volume id. */
    public static final String VOLUME = "test,server.example,vol1";
    /** A second volume of the same server. */
    public static final String OTHER_VOLUME = "test,server.example,vol2";
    /** Every volume key a contract test may use: {@link BackendExtension} discards them all after each test. */
    public static final List<String> VOLUMES = List.of(VOLUME, OTHER_VOLUME);
    /** The coherency data of {@link #VOLUME} as {@link BackendExtension} opens it. */
    public static final byte[] VOLUME_COHERENCY = {1, 2, 3, 4};
    /** A cookie's coherency data, and another one. */
    public static final byte[] AUX = "change=1".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] OTHER_AUX = "change=2".getBytes(StandardCharsets.US_ASCII);
    /** How long a stage may take before the test fails: a hung backend, not a slow one. */
    public static final long TIMEOUT_SECONDS = 30;

    private BackendFixtures() {
    }

    /** A cookie key from a name. */
    public static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** Deterministic pseudo-random content; a shorter pattern with the same seed is a prefix of a longer one. */
    public static byte[] pattern(long seed, int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code data} at {@code position} and returns the stage's answer; checks the buffer was consumed when stored. */
    public static boolean write(CacheObject object, long position, byte[] data) throws Exception {
        ByteBuffer src = ByteBuffer.wrap(data);
        boolean stored = await(object.write(position, src));
        if (stored) {
            assertFalse(src.hasRemaining(), "a stored write leaves the buffer consumed");
        }
        return stored;
    }

    /** Reads exactly {@code length} bytes, checking the count and the buffer position. */
    public static byte[] read(CacheObject object, long position, int length, boolean direct) throws Exception {
        ByteBuffer dst = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
        assertEquals(length, await(object.read(position, dst)));
        assertEquals(length, dst.position());
        byte[] bytes = new byte[length];
        dst.flip().get(bytes);
        return bytes;
    }

    /** Reads exactly {@code length} bytes into a heap buffer. */
    public static byte[] read(CacheObject object, long position, int length) throws Exception {
        return read(object, position, length, false);
    }

    /** Creates an object of {@code size} bytes, writes it whole with {@code pattern(seed)}, closes it; returns the content. */
    public static byte[] writeAndClose(BackendVolume volume, String name, byte[] aux, long size, long seed) throws Exception {
        CacheObject object = volume.createObject(key(name), aux, size);
        byte[] content = pattern(seed, (int) size);
        assertTrue(write(object, 0, content));
        object.close();
        return content;
    }

    /** Asserts that reading the range fails as "not present" and does not complete normally. */
    public static void assertReadFails(CacheObject object, long position, int length) throws Exception {
        Throwable failure = failure(object.read(position, ByteBuffer.allocate(length)));
        assertInstanceOf(DataNotPresentException.class, failure,
                "read of [" + position + ", +" + length + ") of an absent range");
    }

    /** The failure of a stage that must fail; a stage that completes normally fails the test. */
    public static Throwable failure(CompletionStage<?> stage) throws InterruptedException, TimeoutException {
        try {
            Object value = stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return fail("stage completed with " + value + " where it had to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /**
     * The value of a stage, waiting at most {@link #TIMEOUT_SECONDS}. A failed stage rethrows its
     * cause when that is an exception the test may expect (an {@code IOException}, say) and fails
     * the test otherwise.
     */
    public static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new AssertionError("stage failed", e.getCause());
        }
    }
}
