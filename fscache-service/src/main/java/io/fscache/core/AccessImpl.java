package io.fscache.core;

import io.fscache.api.CacheAccess;
import io.fscache.api.Futures;
import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.api.StaleCacheException;
import io.fscache.spi.DataNotPresentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An open operation: pins the cache (its access count), the object generation and the
 * invalidation count seen at begin. The access ends when it is closed and its last read or write
 * has completed.
 */
final class AccessImpl implements CacheAccess {

    private final CookieImpl cookie;
    private final BoundObject bound;
    private final long generation;
    private final Stats stats;
    /** One for "open", one per read or write in flight. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    AccessImpl(CookieImpl cookie, BoundObject bound, long generation) {
        this.cookie = cookie;
        this.bound = bound;
        this.generation = generation;
        this.stats = cookie.service().counters();
    }

    @Override
    public String cacheName() {
        return bound.cache.name;
    }

    @Override
    public int granuleSize() {
        return bound.cache.granuleSize;
    }

    @Override
    public long objectSize() {
        return cookie.objectSize();
    }

    @Override
    public boolean isStale() {
        return bound.isDetached() || cookie.invalidationCount() != generation;
    }

    @Override
    public Occupancy occupancy() {
        return isStale() ? Occupancy.EMPTY : bound.object.occupancy();
    }

    @Override
    public ReadExtent prepareRead(long position, long length) {
        if (position < 0 || length <= 0) {
            throw new IllegalArgumentException("bad range: position " + position + ", length " + length);
        }
        long size = cookie.objectSize();
        if (position >= size) {
            return new ReadExtent(ReadSource.ZEROS, length);
        }
        long clamped = Math.min(length, size - position);
        if (isStale()) {
            return new ReadExtent(ReadSource.SERVER, clamped);
        }
        ReadExtent extent = bound.object.prepareRead(position, clamped);
        // The cookie's size is the truth; where the object thinks the file ends earlier, the
        // server has the bytes.
        return extent.source() == ReadSource.ZEROS ? new ReadExtent(ReadSource.SERVER, extent.length()) : extent;
    }

    @Override
    public CompletionStage<Integer> read(long position, ByteBuffer dst) {
        ensureOpen();
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        CompletableFuture<Integer> result = new CompletableFuture<>();
        if (isStale()) {
            stats.staleReads.increment();
            result.completeExceptionally(staleException());
            return result;
        }
        pending.incrementAndGet();
        issue(() -> bound.object.read(position, dst)).whenComplete((n, failure) -> {
            try {
                if (failure != null) {
                    result.completeExceptionally(readFailure(Futures.unwrap(failure)));
                } else if (isStale()) {
                    stats.staleReads.increment();
                    result.completeExceptionally(staleException());
                } else {
                    stats.reads.increment();
                    stats.readBytes.add(n);
                    bound.cache.noteSuccess();
                    result.complete(n);
                }
            } finally {
                endOne();
            }
        });
        return result;
    }

    @Override
    public CompletionStage<Boolean> write(long position, ByteBuffer src) {
        return write(position, src.remaining(), () -> bound.object.write(position, src));
    }

    @Override
    public CompletionStage<Boolean> write(long position, ByteBuffer[] srcs) {
        long length = 0;
        for (ByteBuffer src : srcs) {
            length += src.remaining();
        }
        return write(position, Math.toIntExact(length), () -> bound.object.write(position, srcs));
    }

    private CompletionStage<Boolean> write(long position, int length, Supplier<CompletionStage<Boolean>> write) {
        ensureOpen();
        checkWriteRange(position, length);
        if (isStale()) {
            stats.droppedWrites.increment();
            return CompletableFuture.completedFuture(false);
        }
        pending.incrementAndGet();
        return issue(write).handle((stored, failure) -> {
            try {
                if (failure != null) {
                    cookie.reportIoError(bound, Futures.unwrap(failure));
                    return false;
                }
                if (!stored) {
                    stats.noWriteSpace.increment();
                    return false;
                }
                if (isStale()) {
                    // Landed in a detached generation: harmless, but not stored for anyone.
                    stats.droppedWrites.increment();
                    return false;
                }
                stats.writes.increment();
                stats.writeBytes.add(length);
                bound.cache.noteSuccess();
                return true;
            } finally {
                endOne();
            }
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            endOne();
        }
    }

    private void checkWriteRange(long position, int length) {
        int granule = bound.cache.granuleSize;
        long size = cookie.objectSize();
        long end = position + length;
        if (position < 0 || position % granule != 0) {
            throw new IllegalArgumentException("cache write must start on a granule boundary (" + granule
                    + " bytes): position " + position);
        }
        if (length == 0 || end > size || (length % granule != 0 && end != size)) {
            throw new IllegalArgumentException("cache write must cover whole granules of " + granule
                    + " bytes or end at the object size " + size + ": position " + position + ", length " + length);
        }
    }

    private IOException readFailure(Throwable cause) {
        if (cause instanceof DataNotPresentException notPresent) {
            // Evicted or culled since prepareRead: a miss, not a fault.
            return notPresent;
        }
        cookie.reportIoError(bound, cause);
        return cause instanceof IOException io ? io : new IOException("cache read failed", cause);
    }

    private StaleCacheException staleException() {
        return new StaleCacheException("cookie " + cookie.debugId() + " was invalidated or its cache withdrawn");
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("cache access is closed");
        }
    }

    private void endOne() {
        if (pending.decrementAndGet() == 0) {
            cookie.endAccess();
            bound.release();
            bound.cache.endAccess();
        }
    }

    /** Calls the backend, turning a synchronous throw into a failed stage. */
    private static <T> CompletionStage<T> issue(Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
