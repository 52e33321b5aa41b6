package io.fscache.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.KeyCollisionException;
import io.fscache.api.Volume;
import io.fscache.backend.memory.MemoryCache;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every API call's contract on bad input: a clear exception, and nothing corrupted afterwards. */
class ApiContractTest {

    private static final int GRANULE = 4096;

    private FsCacheService service;
    private Volume volume;

    @BeforeEach
    void setUp() {
        service = new FsCacheService();
        service.addCache(new MemoryCache("mem", 1 << 20, GRANULE));
        volume = service.acquireVolume("nfs,server.example,1");
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void volumeKeysAreCheckedAsTheKernelDoes() {
        assertRejected(IllegalArgumentException.class, "must not be empty", () -> service.acquireVolume(null));
        assertRejected(IllegalArgumentException.class, "must not be empty", () -> service.acquireVolume(""));
        assertRejected(IllegalArgumentException.class, "'/'", () -> service.acquireVolume("nfs,host,/export"));
        assertRejected(IllegalArgumentException.class, "printable", () -> service.acquireVolume("nfs,host\u0000"));
        assertRejected(IllegalArgumentException.class, "printable", () -> service.acquireVolume("nfs, host"));
        assertRejected(IllegalArgumentException.class, "254", () -> service.acquireVolume("v".repeat(255)));
        assertEquals("v".repeat(254), service.acquireVolume("v".repeat(254)).key());
        assertRejected(IllegalArgumentException.class, "255",
                () -> service.acquireVolume("ok", null, new byte[256]));
        assertRejected(IllegalArgumentException.class, "blank", () -> service.acquireVolume("ok", " ", null));
    }

    @Test
    void liveVolumeDuplicateIsRefusedAndCounted() {
        assertRejected(KeyCollisionException.class, "already acquired", () -> service.acquireVolume("nfs,server.example,1"));
        assertEquals(1, service.stats().get("Cookies", "vcol"));
        volume.relinquish(false);
        assertEquals("nfs,server.example,1", service.acquireVolume("nfs,server.example,1").key());
    }

    @Test
    void cookieKeysAuxAndSizesAreChecked() {
        assertRejected(IllegalArgumentException.class, "must not be empty", () -> volume.acquireCookie(null, null, 0));
        assertRejected(IllegalArgumentException.class, "must not be empty", () -> volume.acquireCookie(new byte[0], null, 0));
        assertRejected(IllegalArgumentException.class, "255", () -> volume.acquireCookie(new byte[256], null, 0));
        assertRejected(IllegalArgumentException.class, "255", () -> volume.acquireCookie(new byte[] {1}, new byte[256], 0));
        assertRejected(IllegalArgumentException.class, "negative", () -> volume.acquireCookie(new byte[] {1}, null, -1));
        Cookie max = volume.acquireCookie(new byte[255], new byte[255], 0);
        assertEquals(255, max.key().length);

        Cookie cookie = volume.acquireCookie(new byte[] {1}, null, 10);
        assertRejected(IllegalArgumentException.class, "negative", () -> cookie.resize(-5));
        assertRejected(IllegalArgumentException.class, "negative", () -> cookie.invalidate(null, -1));
        assertRejected(IllegalArgumentException.class, "-1", () -> cookie.update(null, -2));
        assertRejected(IllegalArgumentException.class, "255", () -> cookie.update(new byte[300], 1));
        assertRejected(IllegalStateException.class, "not in use", () -> cookie.unuse(null, -1));
        assertEquals(10, cookie.objectSize(), "failed calls change nothing");
    }

    @Test
    void keysAreCopiedNotShared() {
        byte[] key = {1, 2, 3};
        byte[] aux = {4};
        Cookie cookie = volume.acquireCookie(key, aux, 0);
        key[0] = 99;
        aux[0] = 99;
        assertEquals(1, cookie.key()[0]);
        assertEquals(4, cookie.aux()[0]);
        cookie.key()[1] = 99;
        assertEquals(2, cookie.key()[1]);
    }

    @Test
    void liveCookieDuplicateIsRefusedAndCounted() {
        volume.acquireCookie(new byte[] {1}, null, 0);
        assertRejected(KeyCollisionException.class, "is live", () -> volume.acquireCookie(new byte[] {1}, null, 0));
        assertEquals(1, service.stats().get("Cookies", "ccol"));
        volume.acquireCookie(new byte[] {1, 0}, null, 0);
    }

    @Test
    void relinquishedCookieRefusesEveryOperation() {
        Cookie cookie = volume.acquireCookie(new byte[] {1}, null, 0);
        cookie.relinquish(false);
        for (Executable call : new Executable[] {() -> cookie.use(false), () -> cookie.unuse(null, -1),
                () -> cookie.invalidate(null, 0), () -> cookie.resize(0), () -> cookie.update(null, 0),
                () -> cookie.relinquish(false), cookie::beginOperation}) {
            assertRejected(IllegalStateException.class, "relinquished", call);
        }
    }

    @Test
    void volumeWithLiveCookiesCannotBeRelinquished() {
        Cookie cookie = volume.acquireCookie(new byte[] {1}, null, 0);
        assertRejected(IllegalStateException.class, "live cookie", () -> volume.relinquish(false));
        // Nothing was changed by the refusal.
        cookie.use(false);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            assertEquals("mem", access.cacheName());
        }
        cookie.relinquish(false);
        volume.relinquish(true);
        assertRejected(IllegalStateException.class, "relinquished", () -> volume.acquireCookie(new byte[] {2}, null, 0));
        assertRejected(IllegalStateException.class, "relinquished", () -> volume.relinquish(false));
    }

    @Test
    void closedAccessRefusesIo() {
        Cookie cookie = volume.acquireCookie(new byte[] {1}, null, GRANULE);
        CacheAccess access = cookie.beginOperation().orElseThrow();
        access.close();
        access.close();
        assertRejected(IllegalStateException.class, "closed", () -> access.read(0, ByteBuffer.allocate(GRANULE)));
        assertRejected(IllegalStateException.class, "closed", () -> access.write(0, ByteBuffer.allocate(GRANULE)));
        assertRejected(IllegalArgumentException.class, "range", () -> access.prepareRead(-1, 10));
    }

    @Test
    void shutDownServiceRefusesNewVolumes() {
        service.close();
        assertRejected(IllegalStateException.class, "shut down", () -> service.acquireVolume("x"));
    }

    @Test
    void duplicateCacheNameIsRefused() {
        assertRejected(IllegalArgumentException.class, "already registered",
                () -> service.addCache(new MemoryCache("mem", 1 << 20, GRANULE)));
    }

    private static void assertRejected(Class<? extends Throwable> type, String messagePart, Executable call) {
        Throwable thrown = assertThrows(type, call);
        assertTrue(thrown.getMessage() != null && thrown.getMessage().contains(messagePart),
                "message should mention '" + messagePart + "': " + thrown.getMessage());
    }
}
