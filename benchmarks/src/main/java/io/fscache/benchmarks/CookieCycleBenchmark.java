package io.fscache.benchmarks;

import io.fscache.api.Cookie;
import io.fscache.api.Volume;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rate of acquire + use + unuse + relinquish cycles on two threads, with a memory cache live so
 * that every use queues a lookup on the worker pool. Each cycle uses a fresh key, as opening many
 * different files does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class CookieCycleBenchmark {

    private final AtomicLong keys = new AtomicLong();
    private FsCacheService service;
    private Volume volume;

    @Setup(Level.Trial)
    public void setUp() {
        service = new FsCacheService();
        service.addCache(new MemoryCache("bench", 64L << 20, 256 * 1024));
        volume = service.acquireVolume("bench,cycle");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }

    @Benchmark
    public Cookie cycle(KeyState state) {
        Cookie cookie = volume.acquireCookie(state.nextKey(), null, 4096);
        cookie.use(false);
        cookie.unuse(null, -1);
        cookie.relinquish(false);
        return cookie;
    }

    /**
     * The same cycle with an operation begun and ended between use and unuse: this waits for the
     * lookup (a create in the memory cache) to finish, where the plain cycle lets a cookie that is
     * relinquished before its lookup ran be dropped without one, as the kernel does.
     */
    @Benchmark
    public Cookie cycleWithLookup(KeyState state) {
        Cookie cookie = volume.acquireCookie(state.nextKey(), null, 4096);
        cookie.use(false);
        cookie.beginOperation().orElseThrow().close();
        cookie.unuse(null, -1);
        cookie.relinquish(false);
        return cookie;
    }

    /** Per-thread key source: 8-byte keys, distinct across threads. */
    @State(Scope.Thread)
    public static class KeyState {
        private long next;
        private long base;

        @Setup(Level.Trial)
        public void setUp(CookieCycleBenchmark benchmark) {
            base = benchmark.keys.incrementAndGet() << 48;
        }

        byte[] nextKey() {
            long key = base | next++;
            return new byte[] {(byte) (key >>> 56), (byte) (key >>> 48), (byte) (key >>> 40), (byte) (key >>> 32),
                (byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
        }
    }
}
