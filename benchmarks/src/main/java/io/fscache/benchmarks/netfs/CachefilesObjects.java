package io.fscache.benchmarks.netfs;

import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Goal 6(a), objects: a cachefiles directory holding 100 000 objects of one 4 KiB granule each
 * (made through the backend SPI, as the core would). Reopening it (a new instance loads the index
 * from every metadata file): bar under 2 s, beside reading every metadata file plainly. Culling half
 * of them ({@code cull()} with the object thresholds at 50/40/0 % of 100 000 slots): objects per
 * second, against deleting the remaining objects' files plainly; bar a third of that (the issue sets
 * none; a cull renames each object's two files into the graveyard before deleting them).
 */
final class CachefilesObjects {

    private static final int GRANULE = 4096;
    private static final String VOLUME = "bench,objects";

    private CachefilesObjects() {
    }

    static List<Figure> run(BenchRun run) throws IOException {
        int count = run.scale(100_000, 2_000);
        Path dir = run.scratch().root().resolve("cachefiles-objects");
        try {
            CachefilesSettings plain = CachefilesSettings.builder("objects", dir).granule(GRANULE).build();
            BenchRun.log("cachefiles alone: making " + count + " objects");
            populate(plain, count);
            BenchRun.log("cachefiles alone: reopening, then culling half");
            long start = System.nanoTime();
            CachefilesCache reopened = new CachefilesCache(plain);
            long reopen = System.nanoTime() - start;
            long loaded = reopened.counters().get("objects");
            reopened.withdraw();
            if (loaded != count) {
                throw new IllegalStateException("the reopened cache holds " + loaded + " objects of " + count);
            }
            start = System.nanoTime();
            readMetadata(dir);
            long plainRead = System.nanoTime() - start;
            List<Figure> figures = new ArrayList<>();
            figures.add(new Figure("6a", "cachefiles reopen with " + count + " objects", Figure.millis(reopen),
                    "reading every metadata file " + Figure.millis(plainRead), String.format("%.2f", (double) reopen / plainRead),
                    "< 2 s", reopen < 2e9));
            CachefilesCache culling = new CachefilesCache(CachefilesSettings.builder("objects", dir).granule(GRANULE)
                    .maxObjects(count).objectThresholds(50, 40, 0).build());
            start = System.nanoTime();
            culling.cull();
            long cullNanos = System.nanoTime() - start;
            long culled = culling.counters().get("culled");
            culling.withdraw();
            start = System.nanoTime();
            long deleted = deleteObjects(dir);
            long deleteNanos = System.nanoTime() - start;
            double cullRate = culled / (cullNanos / 1e9);
            double deleteRate = deleted / (deleteNanos / 1e9);
            figures.add(Figure.atLeast("6a", "cachefiles cull of " + culled + " objects", String.format("%.0f objects/s", cullRate),
                    "plain deletion of " + deleted + " objects " + String.format("%.0f objects/s", deleteRate),
                    cullRate / deleteRate, 0.33));
            return figures;
        } finally {
            Scratch.delete(dir);
        }
    }

    /** Objects {@code 0..count-1}, each one granule, committed and closed. */
    private static void populate(CachefilesSettings settings, int count) throws IOException {
        CachefilesCache cache = new CachefilesCache(settings);
        // Creation waits on fsync: many threads at once share the journal's commits.
        ForkJoinPool makers = new ForkJoinPool(32);
        try {
            BackendVolume volume = cache.openVolume(VOLUME, new byte[0]);
            makers.submit(() -> IntStream.range(0, count).parallel().forEach(i -> make(volume, i))).get();
            volume.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("making the objects failed: " + e.getCause(), e.getCause());
        } finally {
            makers.shutdown();
            cache.withdraw();
        }
    }

    private static void make(BackendVolume volume, int i) {
        byte[] key = ("object-" + i).getBytes(StandardCharsets.US_ASCII);
        try {
            CacheObject object = volume.createObject(key, new byte[0], GRANULE);
            if (!object.write(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().join()) {
                throw new IllegalStateException("object " + i + " could not be written");
            }
            object.commit(new byte[0], GRANULE);
            object.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readMetadata(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".meta")).toList()) {
                Files.readAllBytes(file);
            }
        }
    }

    /** Deletes every object's data and metadata file; returns how many objects there were. */
    private static long deleteObjects(Path dir) throws IOException {
        List<Path> metadata;
        try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
            metadata = files.filter(f -> f.getFileName().toString().endsWith(".meta")).toList();
        }
        for (Path meta : metadata) {
            String name = meta.getFileName().toString();
            Files.delete(meta);
            Files.deleteIfExists(meta.resolveSibling(name.substring(0, name.length() - ".meta".length())));
        }
        return metadata.size();
    }
}
