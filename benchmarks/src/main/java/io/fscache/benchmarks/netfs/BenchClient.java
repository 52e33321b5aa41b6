package io.fscache.benchmarks.netfs;

import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.NetfsMounts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A client as an application has one: the real core with one cache (memory, or cachefiles in a
 * directory of its own), the protocol's real client, and one mount through {@code java.nio.file}.
 * Closing unmounts (flushing written data), closes the core, the protocol client and, for
 * cachefiles, withdraws the cache and deletes its directory.
 */
final class BenchClient implements AutoCloseable {

    /** The caches a client can have, each holding 256 KiB granules. */
    enum Cache { MEMORY, CACHEFILES }

    static final int GRANULE = 256 * 1024;

    final NetworkFilesystem filesystem;
    final FileSystem fs;
    private final FsCacheService fscache = new FsCacheService(FsCacheSettings.DEFAULTS);
    private final NetfsMounts mounts = new NetfsMounts(fscache);
    private final Path cacheDirectory;

    /**
     * @param capacity bytes the cache must hold (the memory cache's budget; cachefiles takes the disk's)
     * @param cacheDirectory the cachefiles cache's directory, made and deleted by this client; unused for memory
     * @param engineOptions mount options for the engine ({@code mode}, {@code racy.window}, ...),
     *        added to the target's
     */
    BenchClient(Target target, Path export, Cache cache, long capacity, Path cacheDirectory,
            Map<String, String> engineOptions) throws IOException {
        this(target.filesystem(), target.uri(export), target.options(), cache, capacity, cacheDirectory, engineOptions);
    }

    BenchClient(NetworkFilesystem filesystem, URI uri, Map<String, String> protocolOptions, Cache cache, long capacity,
            Path cacheDirectory, Map<String, String> engineOptions) throws IOException {
        this.filesystem = filesystem;
        this.cacheDirectory = cache == Cache.CACHEFILES ? cacheDirectory : null;
        if (cache == Cache.MEMORY) {
            fscache.addCache(new MemoryCache("memory", capacity + (64L << 20), GRANULE));
        } else {
            fscache.addCache(new CachefilesCache(CachefilesSettings.builder("disk", cacheDirectory).granule(GRANULE).build()));
        }
        mounts.addFilesystem(NetfsUri.scheme(uri), filesystem);
        Map<String, String> options = new HashMap<>(protocolOptions);
        options.putAll(engineOptions);
        fs = mounts.mount("bench", uri, options);
    }

    Path path(String path) {
        return fs.getPath(path);
    }

    /** Waits until the cache holds {@code bytes} of the file (the cache store runs after the reader has the bytes). */
    void awaitCached(String path, long bytes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (((Number) Files.getAttribute(fs.getPath(path), "fscache:cachedBytes")).longValue() < bytes) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " not cached after 120 s");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            mounts.close();
            fscache.close();
            if (filesystem instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            if (cacheDirectory != null) {
                Scratch.delete(cacheDirectory);
            }
        }
    }
}
