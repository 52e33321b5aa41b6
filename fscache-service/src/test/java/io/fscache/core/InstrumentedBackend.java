package io.fscache.core;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real backend to observe what the core does to it: objects open now and at most, objects
 * closed while I/O was in flight on them, and optionally reads completed after a random delay on
 * another thread so that they are in flight when invalidations and withdrawals happen. Its gates hold
 * lookups, invalidations or commits in progress, so a test can keep a cookie's machine in a state;
 * {@link #failReads} makes reads fail as a broken disk would.
 */
final class InstrumentedBackend implements CacheBackend {

    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    final AtomicInteger closedUnderIo = new AtomicInteger();
    final AtomicInteger withdrawn = new AtomicInteger();
    final AtomicInteger culls = new AtomicInteger();
    final Gate lookups = new Gate();
    final Gate invalidations = new Gate();
    final Gate commits = new Gate();
    volatile boolean failReads;
    /** Run as the core releases the backend, before the backend releases anything. */
    volatile Runnable onWithdraw = () -> { };
    private final CacheBackend real;
    private final boolean delayReads;

    InstrumentedBackend(CacheBackend real, boolean delayReads) {
        this.real = real;
        this.delayReads = delayReads;
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
    public int cull() {
        culls.incrementAndGet();
        return real.cull();
    }

    @Override
    public void withdraw() {
        withdrawn.incrementAndGet();
        onWithdraw.run();
        real.withdraw();
    }

    @Override
    public BackendVolume openVolume(String volumeKey, byte[] coherency) throws IOException {
        BackendVolume volume = real.openVolume(volumeKey, coherency);
        return new BackendVolume() {
            @Override
            public Optional<CacheObject> lookupObject(byte[] key, byte[] aux, long objectSize) throws IOException {
                lookups.pass();
                return volume.lookupObject(key, aux, objectSize).map(InstrumentedBackend.this::opened);
            }

            @Override
            public CacheObject createObject(byte[] key, byte[] aux, long objectSize) throws IOException {
                return opened(volume.createObject(key, aux, objectSize));
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

    private CacheObject opened(CacheObject object) {
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        return new Instrumented(object);
    }

    private final class Instrumented implements CacheObject {

        private final CacheObject object;
        private final AtomicInteger inFlight = new AtomicInteger();

        Instrumented(CacheObject object) {
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
            if (failReads) {
                return CompletableFuture.failedFuture(new IOException("injected read error"));
            }
            inFlight.incrementAndGet();
            CompletionStage<Integer> read = object.read(position, dst);
            if (!delayReads) {
                return read.whenComplete((n, e) -> inFlight.decrementAndGet());
            }
            CompletableFuture<Integer> later = new CompletableFuture<>();
            read.whenComplete((n, e) -> CompletableFuture.delayedExecutor(
                    ThreadLocalRandom.current().nextInt(50, 500), TimeUnit.MICROSECONDS).execute(() -> {
                        inFlight.decrementAndGet();
                        if (e != null) {
                            later.completeExceptionally(e);
                        } else {
                            later.complete(n);
                        }
                    }));
            return later;
        }

        @Override
        public CompletionStage<Boolean> write(long position, ByteBuffer src) {
            inFlight.incrementAndGet();
            return object.write(position, src).whenComplete((ok, e) -> inFlight.decrementAndGet());
        }

        @Override
        public Occupancy occupancy() {
            return object.occupancy();
        }

        @Override
        public CacheObject invalidate(byte[] aux, long objectSize) throws IOException {
            invalidations.pass();
            return opened(object.invalidate(aux, objectSize));
        }

        @Override
        public void resize(long newSize) throws IOException {
            object.resize(newSize);
        }

        @Override
        public void commit(byte[] aux, long objectSize) throws IOException {
            commits.pass();
            object.commit(aux, objectSize);
        }

        @Override
        public void close() {
            ended();
            object.close();
        }

        @Override
        public void discard() {
            ended();
            object.discard();
        }

        private void ended() {
            if (inFlight.get() != 0) {
                closedUnderIo.incrementAndGet();
            }
            open.decrementAndGet();
        }
    }

    /** Holds the calls of one kind while closed: {@link #held()} of them wait until {@link #open()}. */
    static final class Gate {

        private final AtomicInteger held = new AtomicInteger();
        private volatile CountDownLatch latch;

        void close() {
            latch = new CountDownLatch(1);
        }

        void open() {
            CountDownLatch closed = latch;
            latch = null;
            if (closed != null) {
                closed.countDown();
            }
        }

        /** Calls waiting at the gate now. */
        int held() {
            return held.get();
        }

        void pass() throws IOException {
            CountDownLatch closed = latch;
            if (closed == null) {
                return;
            }
            held.incrementAndGet();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted at a test's gate");
            } finally {
                held.decrementAndGet();
            }
        }
    }
}
