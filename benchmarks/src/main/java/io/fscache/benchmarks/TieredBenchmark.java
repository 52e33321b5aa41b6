package io.fscache.benchmarks;

import io.fscache.api.ReadSource;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.backend.tiered.PromotionPolicy;
import io.fscache.backend.tiered.TieredCache;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serving granules of a working set twice the memory tier's size under a Zipf(0.99) trace, from a
 * memory cache alone, a disk (cachefiles) cache alone, and a tiered cache of the two. A granule the
 * cache does not hold is read from the origin (a local file standing in for the server) and
 * written to the cache, as the netfs engine does. Backends are driven through the SPI directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TieredBenchmark {

    static final int GRANULE = 64 * 1024;
    static final int MEMORY_GRANULES = 64;
    static final int WORKING_SET = 2 * MEMORY_GRANULES;
    static final int TRACE_LENGTH = 1 << 20;

    private Path directory;
    private FileChannel origin;
    private int[] trace;
    private int next;
    private ByteBuffer buffer;
    private List<CacheBackend> caches;
    private CacheObject memoryObject;
    private CacheObject diskObject;
    private CacheObject tieredObject;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("fscache-tiered-bench");
        origin = openOrigin(directory);
        trace = ZipfTrace.generate(WORKING_SET, 0.99, TRACE_LENGTH, 42);
        buffer = ByteBuffer.allocateDirect(GRANULE);
        MemoryCache memory = new MemoryCache("memory", (long) MEMORY_GRANULES * GRANULE, GRANULE);
        CachefilesCache disk = disk(directory.resolve("disk"), "disk");
        TieredCache tiered = tiered(directory.resolve("tiered-disk"), PromotionPolicy.ON_FIRST_HIT);
        caches = List.of(memory, disk, tiered);
        memoryObject = open(memory);
        diskObject = open(disk);
        tieredObject = open(tiered);
        for (int granule = 0; granule < WORKING_SET; granule++) {
            for (CacheObject object : List.of(memoryObject, diskObject, tieredObject)) {
                serve(object, granule);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (CacheObject object : List.of(memoryObject, diskObject, tieredObject)) {
            object.close();
        }
        caches.forEach(CacheBackend::withdraw);
        origin.close();
        deleteTree(directory);
    }

    @Benchmark
    public int memoryAlone() throws IOException {
        return serve(memoryObject, nextGranule());
    }

    @Benchmark
    public int diskAlone() throws IOException {
        return serve(diskObject, nextGranule());
    }

    @Benchmark
    public int tiered() throws IOException {
        return serve(tieredObject, nextGranule());
    }

    private int nextGranule() {
        int granule = trace[next];
        next = (next + 1) & (TRACE_LENGTH - 1);
        return granule;
    }

    /** Serves one granule: from the cache if it holds it, else from the origin and into the cache. */
    private int serve(CacheObject object, int granule) throws IOException {
        long position = (long) granule * GRANULE;
        buffer.clear();
        if (object.prepareRead(position, GRANULE).source() == ReadSource.CACHE) {
            try {
                return object.read(position, buffer).toCompletableFuture().join();
            } catch (CompletionException evictedMeanwhile) {
                buffer.clear();
            }
        }
        int n = origin.read(buffer, position);
        object.write(position, buffer.flip()).toCompletableFuture().join();
        return n;
    }

    /**
     * The memory tier's hit ratio over the trace in a tiered cache, and that of a Caffeine cache of
     * the same number of granules fed the same trace. Its cache directory is made under {@code parent}
     * and deleted.
     */
    static double[] hitRatios(Path parent) throws IOException {
        Path directory = Files.createTempDirectory(parent, "fscache-tiered-ratio");
        try (FileChannel origin = openOrigin(directory)) {
            int[] trace = ZipfTrace.generate(WORKING_SET, 0.99, 200_000, 7);
            TieredCache tiered = tiered(directory.resolve("disk"), PromotionPolicy.ON_FIRST_HIT);
            CacheObject object = open(tiered);
            TieredBenchmark driver = new TieredBenchmark();
            driver.origin = origin;
            driver.buffer = ByteBuffer.allocateDirect(GRANULE);
            for (int granule = 0; granule < WORKING_SET; granule++) {
                driver.serve(object, granule);
            }
            long hitsBefore = tiered.counters().get("memory.hits");
            long missesBefore = tiered.counters().get("memory.misses");
            for (int granule : trace) {
                driver.serve(object, granule);
            }
            double hits = tiered.counters().get("memory.hits") - hitsBefore;
            double misses = tiered.counters().get("memory.misses") - missesBefore;
            object.close();
            tiered.withdraw();

            com.github.benmanes.caffeine.cache.Cache<Integer, Boolean> caffeine =
                    com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                            .maximumSize(MEMORY_GRANULES).executor(Runnable::run).build();
            long caffeineHits = 0;
            for (int granule : trace) {
                if (caffeine.getIfPresent(granule) != null) {
                    caffeineHits++;
                } else {
                    caffeine.put(granule, Boolean.TRUE);
                }
            }
            return new double[] {hits / (hits + misses), (double) caffeineHits / trace.length};
        } finally {
            deleteTree(directory);
        }
    }

    private static TieredCache tiered(Path diskDirectory, PromotionPolicy policy) throws IOException {
        MemoryCache memory = new MemoryCache("memory", (long) MEMORY_GRANULES * GRANULE, GRANULE);
        return new TieredCache("tiered", policy, List.of(memory, disk(diskDirectory, "disk")));
    }

    private static CachefilesCache disk(Path directory, String name) throws IOException {
        return new CachefilesCache(CachefilesSettings.builder(name, directory).granule(GRANULE).build());
    }

    private static CacheObject open(CacheBackend cache) throws IOException {
        return cache.openVolume("bench,tiered", new byte[0])
                .createObject(new byte[] {1}, new byte[0], (long) WORKING_SET * GRANULE);
    }

    private static FileChannel openOrigin(Path directory) throws IOException {
        byte[] bytes = new byte[WORKING_SET * GRANULE];
        new Random(1).nextBytes(bytes);
        Path file = directory.resolve("origin.bin");
        Files.write(file, bytes);
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
