package io.fscache.benchmarks.netfs;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.ReadSource;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.core.FsCacheService;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Goal 6(a), reads: the cachefiles cache alone, through the core as the engine uses it (begin an
 * operation, classify the range, read, close), against {@code FileChannel} reads of the very data
 * file that holds the object. Sequential 256 KiB reads over the whole object (bar 0.9 at the median
 * of the pairs); random 4 KiB reads, p50 and p99 (bar 2x, which the issue leaves open).
 */
final class CachefilesReads {

    private static final int RANGE = 256 * 1024;

    private CachefilesReads() {
    }

    static List<Figure> run(BenchRun run) throws IOException {
        long size = run.size();
        ByteBuffer bytes = Passes.load(BenchRun.writeRandom(run.directory("cachefiles-source").resolve("object.bin"), size));
        Path dir = run.scratch().root().resolve("cachefiles-reads");
        try (FsCacheService core = new FsCacheService()) {
            core.addCache(new CachefilesCache(CachefilesSettings.builder("bench", dir).granule(RANGE).build()));
            Cookie cookie = core.acquireVolume("bench,cachefiles").acquireCookie(new byte[] {1}, null, size);
            cookie.use(false);
            try {
                BenchRun.log("cachefiles alone: storing " + (size >> 20) + " MiB, then reads against its data file");
                for (long position = 0; position < size; position += BenchRun.CHUNK) {
                    ByteBuffer chunk = bytes.slice((int) position, (int) Math.min(BenchRun.CHUNK, size - position));
                    try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
                        if (!access.write(position, chunk).toCompletableFuture().join()) {
                            throw new IllegalStateException("the cache refused to store " + position);
                        }
                    }
                }
                ByteBuffer dst = ByteBuffer.allocateDirect(RANGE);
                try (FileChannel file = FileChannel.open(dataFile(dir, size))) {
                    Pairs pairs = Pairs.measure(run.scale(11, 3), size, () -> cacheRead(cookie, size, RANGE, dst),
                            () -> fileRead(file, size, dst));
                    RandomReads.Result random = RandomReads.measure(run, size, run.scale(20_000, 1_000),
                            (position, buffer) -> read(cookie, position, buffer), RandomReads.pread(file));
                    return List.of(pairs.figure("6a", "cachefiles alone, 256 KiB sequential reads through the core",
                                    "FileChannel on its data file", 0.9),
                            random.p50("6a", "cachefiles alone, 4 KiB random", "pread of its data file", 2.0),
                            random.p99("6a", "cachefiles alone, 4 KiB random", "pread of its data file", 2.0));
                }
            } finally {
                cookie.unuse(null, -1);
                cookie.relinquish(false);
            }
        } finally {
            Scratch.delete(dir);
        }
    }

    private static long cacheRead(Cookie cookie, long size, int range, ByteBuffer dst) throws IOException {
        for (long position = 0; position < size; position += range) {
            read(cookie, position, dst.clear().limit((int) Math.min(range, size - position)));
        }
        return size;
    }

    private static void read(Cookie cookie, long position, ByteBuffer dst) throws IOException {
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            if (access.prepareRead(position, dst.remaining()).source() != ReadSource.CACHE) {
                throw new IllegalStateException("not cached at " + position);
            }
            access.read(position, dst).toCompletableFuture().join();
        }
    }

    private static long fileRead(FileChannel file, long size, ByteBuffer dst) throws IOException {
        for (long position = 0; position < size; position += dst.capacity()) {
            dst.clear();
            while (dst.hasRemaining() && file.read(dst, position + dst.position()) > 0) {
                // a short read continues
            }
        }
        return size;
    }

    /**
     * The data file holding the object: the cache's one file of that size that is not metadata (in
     * {@code tmp/} until its first commit publishes it by a rename, which keeps it the same file).
     */
    private static Path dataFile(Path dir, long size) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().endsWith(".meta"))
                    .max(Comparator.comparingLong(file -> file.toFile().length()))
                    .filter(file -> file.toFile().length() == size)
                    .orElseThrow(() -> new IllegalStateException("no data file of " + size + " bytes under " + dir));
        }
    }
}
