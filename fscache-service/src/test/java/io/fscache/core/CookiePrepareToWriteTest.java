package io.fscache.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.CookieState;
import io.fscache.api.Volume;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Cookie.use(true)} tells the cache to expect writes, as the kernel's {@code fscache_use_cookie}
 * does with {@code will_modify}: cachefiles then persists its objects with the local-write flag (bit 0
 * of the metadata flags, big-endian u16 at offset 6), until the core commits the file's coherency data.
 */
class CookiePrepareToWriteTest {

    private static final int GRANULE = 256 * 1024;

    @TempDir
    Path dir;

    // Broke as: use(true) was stored in a field nobody read; the backend was never told.
    @Test
    void aCookieUsedForWritingMarksItsObjectUntilTheCoreCommits() throws IOException {
        CachefilesCache cache = new CachefilesCache(CachefilesSettings.builder("disk", dir).build());
        try (FsCacheService service = new FsCacheService()) {
            service.addCache(cache);
            Volume volume = service.acquireVolume("9p,server,export");
            Cookie cookie = volume.acquireCookie(new byte[] {1}, new byte[] {1}, GRANULE);
            cookie.use(true);
            writeFirstGranule(cookie);
            await().until(() -> flags() == 1); // the sweep persists within about a second, marked

            cookie.unuse(new byte[] {2}, GRANULE);
            cookie.relinquish(false);
            await().until(() -> cookie.state() == CookieState.DROPPED);
            assertEquals(0, flags(), "the commit at disposal cleared the mark");
        }
    }

    @Test
    void aCookieUsedOnlyForReadingLeavesItsObjectUnmarked() throws IOException {
        CachefilesCache cache = new CachefilesCache(CachefilesSettings.builder("disk", dir).build());
        try (FsCacheService service = new FsCacheService()) {
            service.addCache(cache);
            Cookie cookie = service.acquireVolume("9p,server,export").acquireCookie(new byte[] {1}, new byte[] {1}, GRANULE);
            cookie.use(false);
            writeFirstGranule(cookie);
            await().until(() -> flags() >= 0);
            assertEquals(0, flags());
            cookie.unuse(null, -1);
            cookie.relinquish(false);
        }
    }

    private static void writeFirstGranule(Cookie cookie) {
        await().until(() -> cookie.state() == CookieState.ACTIVE);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            access.write(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().join();
        }
    }

    /** The flags of the one object's metadata file, or -1 while there is none. */
    private int flags() {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> meta = files.filter(f -> f.getFileName().toString().endsWith(".meta")).toList();
            if (meta.isEmpty()) {
                return -1;
            }
            return ByteBuffer.wrap(Files.readAllBytes(meta.get(0))).getShort(6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
