package io.fscache.netfs.lib;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A real backend (the memory cache) with cache-side faults injected: the next reads fail, or the
 * next read or write is held until released (so that an invalidation can happen while a read is in
 * flight, or a close while a store is).
 */
final class FaultyCache implements CacheBackend {

    private final CacheBackend real;
    private final AtomicInteger failReads = new AtomicInteger();
    private final AtomicReference<Supplier<IOException>> failure = new AtomicReference<>();
    private final AtomicReference<CountDownLatch[]> hold = new AtomicReference<>();
    private final AtomicReference<CountDownLatch[]> holdWrite = new AtomicReference<>();
    private volatile boolean refuseWrites;
    final AtomicInteger failedReads = new AtomicInteger();
    final AtomicInteger refusedWrites = new AtomicInteger();

    FaultyCache(CacheBackend real) {
        this.real = real;
    }

    /** The next {@code count} reads fail with a fresh exception from {@code error}. */
    void failNextReads(int count, Supplier<IOException> error) {
        failure.set(error);
        failReads.set(count);
    }

    /** Refuses every write (as a full cache does) while set. */
    void refuseWrites(boolean refuse) {
        refuseWrites = refuse;
    }

    /**
     * Holds the next read until {@code release} opens; {@code started} opens when it is held.
     */
    void holdNextRead(CountDownLatch started, CountDownLatch release) {
        hold.set(new CountDownLatch[] {started, release});
    }

    /**
     * Holds the next write (a store of fetched bytes) on its thread until {@code release} opens;
     * {@code started} opens when it is held.
     */
    void holdNextWrite(CountDownLatch started, CountDownLatch release) {
        holdWrite.set(new CountDownLatch[] {started, release});
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public int granuleSize() {
        return real.granuleSize();
    }

    @Override
    public long capacity() {
        return real.capacity();
    }

    @Override
    public long usage() {
        return real.usage();
    }

    @Override
    public Map<String, Long> counters() {
        return real.counters();
    }

    @Override
    public BackendVolume openVolume(String volumeKey, byte[] coherency) throws IOException {
        BackendVolume volume = real.openVolume(volumeKey, coherency);
        return new BackendVolume() {
            @Override
            public Optional<CacheObject> lookupObject(byte[] key, byte[] aux, long objectSize) throws IOException {
                return volume.lookupObject(key, aux, objectSize).map(FaultyObject::new);
            }

            @Override
            public CacheObject createObject(byte[] key, byte[] aux, long objectSize) throws IOException {
                return new FaultyObject(volume.createObject(key, aux, objectSize));
            }

            @Override
            public void close() {
                volume.close();
            }

            @Override
            public void discard() {
                volume.discard();
            }
        };
    }

    @Override
    public void withdraw() {
        real.withdraw();
    }

    private final class FaultyObject implements CacheObject {

        private final CacheObject object;

        FaultyObject(CacheObject object) {
            this.object = object;
        }

        @Override
        public long objectSize() {
            return object.objectSize();
        }

        @Override
        public ReadExtent prepareRead(long position, long length) {
            return object.prepareRead(position, length);
        }

        @Override
        public CompletionStage<Integer> read(long position, ByteBuffer dst) {
            if (failReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failedReads.incrementAndGet();
                return CompletableFuture.failedFuture(failure.get().get());
            }
            CountDownLatch[] latches = hold.getAndSet(null);
            if (latches != null) {
                return CompletableFuture.supplyAsync(() -> {
                    latches[0].countDown();
                    try {
                        latches[1].await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return object.read(position, dst).toCompletableFuture().join();
                });
            }
            return object.read(position, dst);
        }

        @Override
        public CompletionStage<Boolean> write(long position, ByteBuffer src) {
            if (refuseWrites) {
                refusedWrites.incrementAndGet();
                return CompletableFuture.completedFuture(false);
            }
            CountDownLatch[] latches = holdWrite.getAndSet(null);
            if (latches != null) {
                latches[0].countDown();
                try {
                    latches[1].await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return object.write(position, src);
        }

        @Override
        public Occupancy occupancy() {
            return object.occupancy();
        }

        @Override
        public CacheObject invalidate(byte[] aux, long objectSize) throws IOException {
            return new FaultyObject(object.invalidate(aux, objectSize));
        }

        @Override
        public void resize(long newSize) throws IOException {
            object.resize(newSize);
        }

        @Override
        public void commit(byte[] aux, long objectSize) throws IOException {
            object.commit(aux, objectSize);
        }

        @Override
        public void close() {
            object.close();
        }

        @Override
        public void discard() {
            object.discard();
        }
    }
}
