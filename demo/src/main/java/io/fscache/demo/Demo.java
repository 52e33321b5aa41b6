package io.fscache.demo;

import io.fscache.api.CacheAccess;
import io.fscache.api.CacheInfo;
import io.fscache.api.Cookie;
import io.fscache.api.CookieInfo;
import io.fscache.api.ReadSource;
import io.fscache.api.Volume;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A tour of the core on the command line: a local file plays the part of a file on a server. It
 * is read twice through a memory cache, the way the netfs engine reads (granule by granule: from
 * the cache where present, else from the "server", copying what came from the server into the
 * cache), and the statistics and listings show where the bytes came from.
 */
public final class Demo {

    private static final int GRANULE = 256 * 1024;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0]) : sampleFile();
        if (!Files.isRegularFile(file)) {
            System.err.println("demo: not a regular file: " + file);
            System.exit(2);
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        long size = attributes.size();
        byte[] coherency = ByteBuffer.allocate(16).putLong(attributes.lastModifiedTime().toMillis()).putLong(size).array();

        try (FsCacheService fscache = new FsCacheService()) {
            fscache.addCache(new MemoryCache("memory", 256L << 20, GRANULE));
            Volume volume = fscache.acquireVolume("demo,localhost,files");
            Cookie cookie = volume.acquireCookie(file.toAbsolutePath().toString().getBytes(), coherency, size);
            cookie.use(false);
            for (int pass = 1; pass <= 2; pass++) {
                long started = System.nanoTime();
                String digest = readThroughCache(cookie, file, size);
                System.out.printf("pass %d: read %,d bytes in %.1f ms, sha-256 %s%n", pass, size,
                        (System.nanoTime() - started) / 1e6, digest);
            }
            cookie.unuse(null, -1);

            System.out.println();
            System.out.print(fscache.stats());
            System.out.println();
            System.out.println("CACHE    NAME       STATE        USAGE  OBJS  COUNTERS");
            for (CacheInfo cache : fscache.caches()) {
                System.out.printf("%08x %-10s %-8s %9d %5d  %s%n", cache.debugId(), cache.name(), cache.state(),
                        cache.usage(), cache.objects(), cache.counters());
            }
            System.out.println("COOKIE   VOLUME   STATE      USE ACC CACHE      SIZE        KEY");
            for (CookieInfo c : fscache.cookies()) {
                System.out.printf("%08x %08x %-10s %3d %3d %-10s %-11d %s%n", c.debugId(), c.volumeDebugId(), c.state(),
                        c.users(), c.accesses(), c.cacheName(), c.objectSize(), c.keyHex());
            }
            cookie.relinquish(false);
            volume.relinquish(false);
        }
    }

    /** Reads the whole file granule by granule, as the netfs engine will; returns its digest. */
    private static String readThroughCache(Cookie cookie, Path file, long size) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocateDirect(GRANULE);
        try (FileChannel server = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long position = 0; position < size; position += GRANULE) {
                int length = (int) Math.min(GRANULE, size - position);
                readGranule(cookie, server, position, buffer.clear().limit(length));
                digest.update(buffer.flip());
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /** One granule: from the cache if it has it, else from the "server", then into the cache. */
    private static void readGranule(Cookie cookie, FileChannel server, long position, ByteBuffer buffer)
            throws IOException {
        Optional<CacheAccess> cache = cookie.beginOperation();
        try {
            int length = buffer.remaining();
            boolean cached = cache.isPresent()
                    && cache.get().prepareRead(position, length).source() == ReadSource.CACHE
                    && readCache(cache.get(), position, buffer);
            if (!cached) {
                buffer.clear().limit(length);
                while (buffer.hasRemaining() && server.read(buffer, position + buffer.position()) > 0) {
                    // a short read continues
                }
                if (cache.isPresent()) {
                    cache.get().write(position, buffer.duplicate().flip());
                }
            }
        } finally {
            cache.ifPresent(CacheAccess::close);
        }
    }

    private static boolean readCache(CacheAccess access, long position, ByteBuffer buffer) {
        try {
            access.read(position, buffer).toCompletableFuture().join();
            return true;
        } catch (RuntimeException e) {
            return false; // stale or evicted: the server has it
        }
    }

    private static Path sampleFile() throws IOException {
        Path file = Files.createTempFile("fscache-demo", ".bin");
        file.toFile().deleteOnExit();
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(42).nextBytes(chunk);
        for (int i = 0; i < 8; i++) {
            Files.write(file, chunk, StandardOpenOption.APPEND);
        }
        System.out.println("demo: no file given, using an 8 MiB sample: " + file);
        return file;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
