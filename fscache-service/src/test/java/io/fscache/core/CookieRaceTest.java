package io.fscache.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.KeyCollisionException;
import io.fscache.api.ReadSource;
import io.fscache.api.StaleCacheException;
import io.fscache.api.Volume;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.spi.DataNotPresentException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stress tests of the races between use, I/O, invalidate, withdraw, LRU discard and relinquish.
 * Each runs many threads for many rounds over the real memory backend and checks every byte.
 */
class CookieRaceTest {

    private static final int GRANULE = 16 * 1024;

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private FsCacheService service;

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.close();
        }
    }

    /**
     * Invalidation while reads are in flight: a read that completes after an invalidation is stale,
     * and an access begun after an invalidation never sees data older than it.
     */
    @Test
    void invalidateWhileReadsAreInFlight() throws Exception {
        service = new FsCacheService();
        InstrumentedBackend backend = new InstrumentedBackend(new MemoryCache("mem", 256L * GRANULE, GRANULE), true);
        service.addCache(backend);
        int granules = 4;
        long size = (long) granules * GRANULE;
        Cookie cookie = service.acquireVolume("race,inval").acquireCookie(new byte[] {1}, aux(0), size);
        cookie.use(true);

        AtomicLong serverVersion = new AtomicLong();
        AtomicLong invalidatedTo = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        LongAdder goodReads = new LongAdder();
        LongAdder staleReads = new LongAdder();
        LongAdder accesses = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            threads.add(start(() -> {
                while (!done.get()) {
                    long floor = invalidatedTo.get();
                    Optional<CacheAccess> maybe = cookie.beginOperation();
                    if (maybe.isEmpty()) {
                        continue;
                    }
                    accesses.increment();
                    try (CacheAccess access = maybe.get()) {
                        int granule = ThreadLocalRandom.current().nextInt(granules);
                        long position = (long) granule * GRANULE;
                        if (access.prepareRead(position, GRANULE).source() == ReadSource.CACHE) {
                            ByteBuffer dst = ByteBuffer.allocate(GRANULE);
                            try {
                                access.read(position, dst).toCompletableFuture().join();
                            } catch (CompletionException e) {
                                if (e.getCause() instanceof StaleCacheException) {
                                    staleReads.increment();
                                    continue;
                                }
                                if (e.getCause() instanceof DataNotPresentException) {
                                    continue; // another thread refilled the granule under us: a miss
                                }
                                throw e;
                            }
                            long version = Bytes.versionOf(dst.flip(), granule);
                            if (version < floor) {
                                throw new AssertionError("read version " + version + " after invalidation to " + floor);
                            }
                            goodReads.increment();
                        } else {
                            // Fetch "from the server" after the access began, as the netfs does.
                            long version = serverVersion.get();
                            access.write(position, Bytes.pattern(GRANULE, version, granule)).toCompletableFuture().join();
                        }
                    }
                }
            }));
        }
        for (int round = 1; round <= 2000; round++) {
            serverVersion.set(round);
            cookie.invalidate(aux(round), size);
            invalidatedTo.set(round);
            // Let the readers and writers begin a few accesses on this generation before the next.
            for (long seen = accesses.sum(); accesses.sum() < seen + 4 && failures.isEmpty();) {
                Thread.yield();
            }
        }
        done.set(true);
        joinAll(threads);

        assertNoFailures();
        assertTrue(goodReads.sum() > 100, "reads were served from the cache: " + goodReads.sum());
        assertTrue(staleReads.sum() > 0, "some reads were in flight across an invalidation");
        assertEquals(0, backend.closedUnderIo.get(), "no object closed or discarded under I/O");
        cookie.unuse(null, -1);
        cookie.relinquish(false);
    }

    /**
     * A cache withdrawn while 16 threads read and write: the withdrawal completes, no caller sees an
     * exception, later operations get no cache, then bind to a newly added cache.
     */
    @Test
    void withdrawWhileSixteenThreadsDoIo() throws Exception {
        service = new FsCacheService();
        InstrumentedBackend first = new InstrumentedBackend(new MemoryCache("first", 512L * GRANULE, GRANULE), true);
        service.addCache(first);
        Volume volume = service.acquireVolume("race,withdraw");
        int granules = 8;
        long size = (long) granules * GRANULE;
        List<Cookie> cookies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cookies.add(volume.acquireCookie(new byte[] {(byte) i}, aux(1), size));
        }
        AtomicBoolean withdrawn = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        LongAdder firstCacheAccesses = new LongAdder();
        LongAdder secondCacheAccesses = new LongAdder();
        LongAdder bytesChecked = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!done.get()) {
                    boolean afterWithdrawal = withdrawn.get();
                    Cookie cookie = cookies.get(random.nextInt(cookies.size()));
                    cookie.use(random.nextBoolean());
                    try {
                        Optional<CacheAccess> maybe = cookie.beginOperation();
                        if (maybe.isPresent()) {
                            try (CacheAccess access = maybe.get()) {
                                if (afterWithdrawal && "first".equals(access.cacheName())) {
                                    throw new AssertionError("an operation begun after withdrawal got the withdrawn cache");
                                }
                                if ("second".equals(access.cacheName())) {
                                    secondCacheAccesses.increment();
                                } else {
                                    firstCacheAccesses.increment();
                                }
                                bytesChecked.add(readOrFill(access, random.nextInt(granules), 1));
                            }
                        }
                    } finally {
                        cookie.unuse(null, -1);
                    }
                }
            }));
        }
        awaitProgress(() -> firstCacheAccesses.sum() >= 1000);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> service.withdrawCache("first"));
        withdrawn.set(true);
        assertEquals(1, first.withdrawn.get());
        assertEquals(0, first.open.get(), "every object of the withdrawn cache closed");
        assertEquals(0, first.closedUnderIo.get());
        for (int round = 0; round < 100; round++) {
            for (Cookie cookie : cookies) {
                assertTrue(cookie.beginOperation().isEmpty(), "no cache is live, so no operation gets one");
            }
        }
        service.addCache(new InstrumentedBackend(new MemoryCache("second", 512L * GRANULE, GRANULE), true));
        awaitProgress(() -> secondCacheAccesses.sum() >= 1000);
        done.set(true);
        joinAll(threads);

        assertNoFailures();
        assertTrue(secondCacheAccesses.sum() >= 1000, "cookies re-bound to the new cache: " + secondCacheAccesses.sum());
        assertTrue(bytesChecked.sum() > 0);
    }

    /**
     * Relinquish-with-retire racing re-acquisition of the same key: the new cookie either collides
     * (the old one is still live) or waits, and never finds the retired data.
     */
    @Test
    void relinquishWithRetireRacesReacquire() throws Exception {
        service = new FsCacheService();
        service.addCache(new MemoryCache("mem", 64L * GRANULE, GRANULE));
        Volume volume = service.acquireVolume("race,retire");
        byte[] key = {7, 7, 7};
        Cookie current = volume.acquireCookie(key, aux(1), GRANULE);
        fill(current, 0);
        LongAdder collisions = new LongAdder();
        for (int round = 1; round <= 1500; round++) {
            Cookie leaving = current;
            CountDownLatch go = new CountDownLatch(1);
            Thread relinquisher = start(() -> {
                go.await();
                leaving.relinquish(true);
            });
            go.countDown();
            Cookie next = null;
            while (next == null) {
                try {
                    next = volume.acquireCookie(key, aux(1), GRANULE);
                } catch (KeyCollisionException e) {
                    collisions.increment();
                    Thread.onSpinWait();
                }
            }
            relinquisher.join();
            try (CacheAccess access = next.beginOperation().orElseThrow()) {
                assertEquals(ReadSource.SERVER, access.prepareRead(0, GRANULE).source(),
                        "round " + round + ": retired data must not be found");
            }
            fill(next, round);
            current = next;
        }
        assertNoFailures();
        assertEquals(collisions.sum(), service.stats().get("Cookies", "ccol"));
        current.relinquish(true);
        volume.relinquish(false);
    }

    /** The LRU discarding idle cookies while other threads use them again. */
    @Test
    void lruDiscardRacesUse() throws Exception {
        service = new FsCacheService(FsCacheSettings.DEFAULTS.withLruTimeout(Duration.ZERO));
        InstrumentedBackend backend = new InstrumentedBackend(new MemoryCache("mem", 256L * GRANULE, GRANULE), true);
        service.addCache(backend);
        Volume volume = service.acquireVolume("race,lru");
        int granules = 4;
        List<Cookie> cookies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cookies.add(volume.acquireCookie(new byte[] {(byte) i}, aux(1), (long) granules * GRANULE));
        }
        AtomicBoolean done = new AtomicBoolean();
        LongAdder cachedReads = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!done.get()) {
                    Cookie cookie = cookies.get(random.nextInt(cookies.size()));
                    cookie.use(false);
                    try {
                        Optional<CacheAccess> maybe = cookie.beginOperation();
                        if (maybe.isPresent()) {
                            try (CacheAccess access = maybe.get()) {
                                if (readOrFill(access, random.nextInt(granules), 1) > 0) {
                                    cachedReads.increment();
                                }
                            }
                        }
                    } finally {
                        cookie.unuse(null, -1);
                    }
                }
            }));
        }
        awaitProgress(() -> service.stats().get("LRU", "exp") > 100 && cachedReads.sum() > 100);
        done.set(true);
        joinAll(threads);

        assertNoFailures();
        assertTrue(service.stats().get("LRU", "exp") > 100, "objects were closed by the LRU: " + service.stats());
        assertTrue(cachedReads.sum() > 100, "data survived LRU closes: " + cachedReads.sum());
        assertEquals(0, backend.closedUnderIo.get());
        await("idle objects all closed").until(backend.open::get, open -> open == 0);
    }

    /** 100 000 cookies through a cap of 64 open objects: the cap is never exceeded. */
    @Test
    void openObjectCapHoldsForOneHundredThousandCookies() throws Exception {
        int cap = 64;
        service = new FsCacheService(FsCacheSettings.DEFAULTS.withMaxOpenObjects(cap));
        InstrumentedBackend backend = new InstrumentedBackend(new MemoryCache("mem", 4096L * 4096, 4096), false);
        service.addCache(backend);
        Volume volume = service.acquireVolume("race,cap");
        int threadsCount = 8;
        int perThread = 100_000 / threadsCount;
        LongAdder cached = new LongAdder();
        List<List<Cookie>> owned = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < threadsCount; t++) {
            int base = t * perThread;
            List<Cookie> mine = new ArrayList<>();
            owned.add(mine);
            threads.add(start(() -> {
                for (int i = 0; i < perThread; i++) {
                    int id = base + i;
                    Cookie cookie = volume.acquireCookie(new byte[] {(byte) (id >> 24), (byte) (id >> 16),
                        (byte) (id >> 8), (byte) id}, null, 4096);
                    mine.add(cookie);
                    cookie.use(true);
                    Optional<CacheAccess> maybe = cookie.beginOperation();
                    if (maybe.isPresent()) {
                        try (CacheAccess access = maybe.get()) {
                            if (access.write(0, Bytes.pattern(4096, 1, 0)).toCompletableFuture().join()) {
                                cached.increment();
                            }
                        }
                    }
                    cookie.unuse(null, -1);
                    if (service.openObjects() > cap) {
                        throw new AssertionError("open objects " + service.openObjects() + " > cap " + cap);
                    }
                }
            }));
        }
        joinAll(threads);
        assertNoFailures();
        assertTrue(backend.maxOpen.get() <= cap, "backend saw " + backend.maxOpen.get() + " open objects");
        assertTrue(cached.sum() > 90_000, "most cookies were cached despite the cap: " + cached.sum());
        assertTrue(service.stats().get("LRU", "drp") > 90_000, service.stats().toString());
        owned.forEach(list -> list.forEach(cookie -> cookie.relinquish(false)));
        volume.relinquish(false);
        assertEquals(0, service.stats().get("Cookies", "n"));
    }

    // ---- helpers ----

    /** Reads a granule and checks it if cached, else fills it; returns the bytes checked. */
    private static int readOrFill(CacheAccess access, int granule, long version) {
        long position = (long) granule * GRANULE;
        if (access.prepareRead(position, GRANULE).source() == ReadSource.CACHE) {
            ByteBuffer dst = ByteBuffer.allocate(GRANULE);
            try {
                access.read(position, dst).toCompletableFuture().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof StaleCacheException || e.getCause() instanceof DataNotPresentException) {
                    return 0;
                }
                throw e;
            }
            long read = Bytes.versionOf(dst.flip(), granule);
            if (read != version) {
                throw new AssertionError("granule " + granule + " read back as version " + read);
            }
            return GRANULE;
        }
        access.write(position, Bytes.pattern(GRANULE, version, granule)).toCompletableFuture().join();
        return 0;
    }

    private static void fill(Cookie cookie, long version) {
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            assertTrue(access.write(0, Bytes.pattern(GRANULE, version, 0)).toCompletableFuture().join());
        }
    }

    private static byte[] aux(long version) {
        return ByteBuffer.allocate(8).putLong(version).array();
    }

    private interface Body {
        void run() throws Exception;
    }

    private Thread start(Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        thread.setDaemon(true); // a test that fails waiting leaves no thread behind to hold the JVM
        thread.start();
        return thread;
    }

    /** Waits until the workers made {@code progress}, or one of them failed (which {@link #assertNoFailures} reports). */
    private void awaitProgress(Callable<Boolean> progress) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !failures.isEmpty() || progress.call());
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(60_000);
            if (thread.isAlive()) {
                throw new AssertionError("a test thread hung");
            }
        }
    }

    private void assertNoFailures() {
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " failure(s), first: " + failures.peek());
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
