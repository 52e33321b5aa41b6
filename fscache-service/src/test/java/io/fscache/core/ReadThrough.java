package io.fscache.core;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.ReadSource;
import java.nio.ByteBuffer;

/** A file read through the core as netfs reads it, for tests with real caches behind the core. */
final class ReadThrough {

    private ReadThrough() {
    }

    /**
     * Reads the cookie's whole object, granule by granule: from the cache where it has the granule,
     * otherwise "from the server", storing what was fetched. Closes the file at the end.
     *
     * @return the bytes that came from the cache
     */
    static long read(Cookie cookie, int granule) {
        cookie.use(false);
        long fromCache = 0;
        try {
            for (long position = 0; position < cookie.objectSize(); position += granule) {
                try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
                    if (access.prepareRead(position, granule).source() == ReadSource.CACHE) {
                        fromCache += access.read(position, ByteBuffer.allocate(granule)).toCompletableFuture().join();
                    } else {
                        access.write(position, ByteBuffer.allocate(granule)).toCompletableFuture().join();
                    }
                }
            }
        } finally {
            cookie.unuse(null, -1);
        }
        return fromCache;
    }
}
