package io.fscache.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.CookieState;
import io.fscache.api.Volume;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache whose writes keep failing is taken out of service and withdrawn in the background, as
 * tasks on the core's worker pool: even a pool of one worker, which the withdrawal must not block
 * while it waits for the disposals that the same worker runs.
 */
class FailedCacheWithdrawalTest {

    private static final int GRANULE = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void aCacheFailingEveryWriteIsWithdrawnOnAOneWorkerPool() throws Exception {
        CachefilesCache failing = new CachefilesCache(CachefilesSettings.builder("disk", dir)
                .injectFaults(false, true, false).build());
        FsCacheSettings settings = FsCacheSettings.DEFAULTS.withWorkers(1).withErrorLimit(3);
        try (FsCacheService service = new FsCacheService(settings)) {
            service.addCache(failing);
            Volume volume = service.acquireVolume("9p,server,export");
            List<Cookie> cookies = new ArrayList<>();
            for (byte i = 0; i < 3; i++) {
                Cookie cookie = volume.acquireCookie(new byte[] {i}, new byte[] {1}, GRANULE);
                cookie.use(true);
                await().until(() -> cookie.state() == CookieState.ACTIVE);
                try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
                    access.write(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().handle((ok, e) -> null).join();
                }
                cookies.add(cookie);
            }

            await().until(() -> service.caches().isEmpty());
            // The backend was released too: its directory lock is free for a new instance.
            new CachefilesCache(CachefilesSettings.builder("disk", dir).build()).withdraw();
            cookies.forEach(cookie -> {
                cookie.unuse(null, -1);
                cookie.relinquish(false);
            });
            assertEquals(List.of(), service.caches());
        }
    }
}
