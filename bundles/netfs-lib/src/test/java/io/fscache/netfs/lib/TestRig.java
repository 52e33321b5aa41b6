package io.fscache.netfs.lib;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.IoLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test's world: a {@link LocalNetworkFilesystem} server with an export {@code "export"}, the
 * real FS-Cache core with a real memory cache named {@code "mem"}, and the netfs engine's
 * {@link NetfsMounts} over them.
 */
final class TestRig implements AutoCloseable {

    static final String EXPORT = "export";
    static final URI EXPORT_URI = URI.create("local://server/" + EXPORT);

    final LocalNetworkFilesystem server;
    final FsCacheService fscache;
    final MemoryCache cache;
    final NetfsMounts mounts;

    /** A 64 MiB memory cache of 64 KiB granules; the server reads and writes up to 64 KiB per RPC. */
    TestRig(Path dir) throws IOException {
        this(dir, 64 * 1024, new IoLimits(64 * 1024, 64 * 1024, 4));
    }

    TestRig(Path dir, int granule, IoLimits limits) throws IOException {
        Files.createDirectories(dir.resolve(EXPORT));
        server = new LocalNetworkFilesystem(dir);
        server.limits(limits);
        fscache = new FsCacheService(FsCacheSettings.DEFAULTS.withLruTimeout(Duration.ofSeconds(2)));
        cache = new MemoryCache("mem", 64L << 20, granule);
        fscache.addCache(cache);
        mounts = new NetfsMounts(fscache);
        mounts.addFilesystem(LocalNetworkFilesystem.SCHEME, server);
    }

    /** Mounts the export; options as name, value pairs. */
    FileSystem mount(String name, String... options) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return mounts.mount(name, EXPORT_URI, map);
    }

    /**
     * Writes {@code size} random bytes to a file on the server (bypassing every client), last
     * modified an hour ago: an old file, whose data is not racy when fetched (see FileNode).
     */
    byte[] serverFile(String path, int size, long seed) throws IOException {
        byte[] bytes = TestFiles.random(size, seed);
        Path file = server.serverFile(EXPORT, path);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        TestFiles.age(file);
        return bytes;
    }

    byte[] serverBytes(String path) throws IOException {
        return Files.readAllBytes(server.serverFile(EXPORT, path));
    }

    long stat(String line, String counter) {
        return fscache.stats().get(line, counter);
    }

    @Override
    public void close() {
        mounts.close();
        fscache.close();
        server.close();
    }
}
