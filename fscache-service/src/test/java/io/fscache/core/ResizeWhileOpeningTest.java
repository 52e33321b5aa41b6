package io.fscache.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.ReadSource;
import io.fscache.backend.memory.MemoryCache;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A file resized while its cookie's object is being opened (looked up, created, or opened as an
 * invalidation's next generation) stores at its new size once the object is there. Such a resize
 * finds nothing bound, so only the cookie's size changed; the object must catch up before it is
 * published.
 *
 * <p>What broke: a file created through a mount (AFS, in CI) was written before its lookup ended.
 * The writer's resize to 1 MiB reached only the cookie, the memory object stayed at size 0, and
 * every granule the writer then stored was refused as beyond the object's end: the file this mount
 * had just written was fetched from the server again.
 */
class ResizeWhileOpeningTest {

    private static final int GRANULE = 16 * 1024;
    private static final long SIZE = 4L * GRANULE;

    private FsCacheService service;
    private InstrumentedBackend backend;

    @BeforeEach
    void start() {
        service = new FsCacheService(FsCacheSettings.DEFAULTS);
        backend = new InstrumentedBackend(new MemoryCache("mem", 64L * GRANULE, GRANULE), false);
        service.addCache(backend);
    }

    @AfterEach
    void tearDown() {
        backend.lookups.open();
        backend.invalidations.open();
        service.close();
    }

    @Test
    void aFileResizedDuringItsLookupStoresAtItsNewSize() {
        Cookie cookie = service.acquireVolume("resize").acquireCookie(new byte[] {1}, new byte[] {0}, 0);
        backend.lookups.close();
        cookie.use(true);
        await("the lookup is under way").until(backend.lookups::held, held -> held == 1);

        cookie.resize(SIZE);
        backend.lookups.open();

        assertStoresWhole(cookie, SIZE, 1);
    }

    @Test
    void aFileResizedDuringAnInvalidationStoresAtItsNewSize() {
        Cookie cookie = service.acquireVolume("resize").acquireCookie(new byte[] {1}, new byte[] {0}, SIZE);
        cookie.use(true);
        assertStoresWhole(cookie, SIZE, 1);
        backend.invalidations.close();
        cookie.invalidate(new byte[] {2}, SIZE);
        await("the invalidation is under way").until(backend.invalidations::held, held -> held == 1);

        cookie.resize(2 * SIZE);
        backend.invalidations.open();

        assertStoresWhole(cookie, 2 * SIZE, 2);
    }

    /** Writes {@code size} bytes of {@code fill} through one access and reads them back from the cache. */
    private static void assertStoresWhole(Cookie cookie, long size, int fill) {
        byte[] bytes = new byte[(int) size];
        Arrays.fill(bytes, (byte) fill);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            assertEquals(size, access.objectSize());
            assertTrue(access.write(0, ByteBuffer.wrap(bytes)).toCompletableFuture().join(),
                    "the cache stored every granule of " + size + " bytes");
            assertEquals(ReadSource.CACHE, access.prepareRead(0, size).source());
            ByteBuffer read = ByteBuffer.allocate((int) size);
            assertEquals((int) size, access.read(0, read).toCompletableFuture().join());
            assertArrayEquals(bytes, read.array());
        }
    }
}
