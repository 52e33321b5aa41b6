package io.fscache.benchmarks;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.ReadSource;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * Reading cached 256 KiB ranges from the memory backend through the core (begin an operation,
 * classify the range, read, close: what the netfs engine does per subrequest), against a plain
 * {@code ByteBuffer} copy of the same number of bytes from off-heap memory. Both rotate over the
 * same 16 ranges (4 MiB) into the same destination.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MemoryReadBenchmark {

    static final int RANGE = 256 * 1024;
    static final int RANGES = 16;

    private FsCacheService service;
    private Cookie cookie;
    private ByteBuffer source;
    private ByteBuffer destination;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        service = new FsCacheService();
        service.addCache(new MemoryCache("bench", 4L * RANGES * RANGE, RANGE));
        cookie = service.acquireVolume("bench,read").acquireCookie(new byte[] {1}, null, (long) RANGES * RANGE);
        cookie.use(false);
        byte[] bytes = new byte[RANGES * RANGE];
        ThreadLocalRandom.current().nextBytes(bytes);
        source = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            if (!access.write(0, ByteBuffer.wrap(bytes)).toCompletableFuture().join()) {
                throw new IllegalStateException("could not fill the cache");
            }
        }
        destination = ByteBuffer.allocateDirect(RANGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cookie.unuse(null, -1);
        cookie.relinquish(false);
        service.close();
    }

    @Benchmark
    public int cacheRead() {
        long position = (long) nextRange() * RANGE;
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            if (access.prepareRead(position, RANGE).source() != ReadSource.CACHE) {
                throw new IllegalStateException("range not cached");
            }
            destination.clear();
            return access.read(position, destination).toCompletableFuture().join();
        }
    }

    @Benchmark
    public int byteBufferCopy() {
        int position = nextRange() * RANGE;
        destination.clear();
        destination.put(0, source, position, RANGE);
        return destination.get(RANGE - 1);
    }

    private int nextRange() {
        next = (next + 1) % RANGES;
        return next;
    }
}
