package io.fscache.backend.memory;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.backend.support.Buffers;
import io.fscache.backend.support.Granules;
import io.fscache.spi.CacheObject;
import io.fscache.spi.DataNotPresentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.roaringbitmap.RoaringBitmap;

/**
 * One generation of a cookie's content: its coherency data, size and content map. The granules
 * themselves live in the cache's index under this generation's id.
 *
 * <p>The content map and the state are guarded by this object's lock, which is held only for map
 * and field updates, never while copying data or calling into the index (Caffeine runs eviction
 * listeners, which take this lock, inside its own locks).
 *
 * <p>A granule's bit is set only after its slab is filled and in the index, and only if the slab is
 * still the one published then; whoever takes a slab out of the index clears the bit under this
 * lock, inside the index's atomic step for that granule. So the map never claims a granule the
 * index does not hold, and every granule the index holds is claimed.
 */
final class MemoryObject implements CacheObject {

    private static final CompletableFuture<Boolean> STORED = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Boolean> NOT_STORED = CompletableFuture.completedFuture(false);
    private static final CompletableFuture<Integer> NOTHING = CompletableFuture.completedFuture(0);

    private enum State {
        /** Found by lookups of its key. */
        ATTACHED,
        /** Replaced by {@link #invalidate}: serves I/O in flight until discarded. */
        DETACHED,
        /** Discarded, or forgotten once closed and empty. */
        GONE
    }

    private final MemoryCache cache;
    private final MemoryVolume volume;
    private final ObjectKey key;
    private final long id;
    private final Granules granules;
    private final int granuleSize;
    private final int shift;
    private final long mask;
    private final RoaringBitmap present = new RoaringBitmap();
    private volatile long size;
    private byte[] aux;
    private State state = State.ATTACHED;
    private boolean open = true;

    MemoryObject(MemoryCache cache, MemoryVolume volume, ObjectKey key, long id, byte[] aux, long size) {
        this.cache = cache;
        this.volume = volume;
        this.key = key;
        this.id = id;
        this.granules = cache.granules();
        this.granuleSize = granules.size;
        this.shift = granules.shift;
        this.mask = granules.mask;
        this.aux = aux.clone();
        this.size = size;
        cache.opened();
    }

    @Override
    public long objectSize() {
        return size;
    }

    @Override
    public ReadExtent prepareRead(long position, long length) {
        if (position < 0 || length <= 0) {
            throw new IllegalArgumentException("bad range: position " + position + ", length " + length);
        }
        ReadExtent extent;
        synchronized (this) {
            extent = granules.extent(present, size, position, length);
        }
        if (extent.source() == ReadSource.SERVER) {
            cache.missed(granules.spanned(position, extent.length()));
        }
        return extent;
    }

    @Override
    public CompletionStage<Integer> read(long position, ByteBuffer dst) {
        long limit = size;
        if (position >= limit || !dst.hasRemaining()) {
            return NOTHING;
        }
        int length = (int) Math.min(dst.remaining(), limit - position);
        int at = dst.position();
        int end = at + length;
        long pos = position;
        while (at < end) {
            long granule = pos >>> shift;
            int offset = (int) (pos & mask);
            int chunk = Math.min(granuleSize - offset, end - at);
            Slab slab = cache.lookup(new GranuleKey(id, granule));
            if (slab == null || !slab.copyTo(this, granule, offset, dst, at, chunk)) {
                cache.missed(1);
                return CompletableFuture.failedFuture(new DataNotPresentException(
                        "granule " + granule + " is not in memory cache " + cache.name()));
            }
            at += chunk;
            pos += chunk;
        }
        cache.hit(granules.spanned(position, length));
        dst.position(end);
        return CompletableFuture.completedFuture(length);
    }

    @Override
    public CompletionStage<Boolean> write(long position, ByteBuffer src) {
        return write(position, new ByteBuffer[] {src});
    }

    @Override
    public CompletionStage<Boolean> write(long position, ByteBuffer[] srcs) {
        if ((position & mask) != 0) {
            throw new IllegalArgumentException("write at " + position + " is not granule-aligned");
        }
        long length = Buffers.remaining(srcs);
        long granule = position >>> shift;
        long done = 0;
        boolean all = true;
        while (done < length) {
            int chunk = (int) Math.min(granuleSize, length - done);
            if (granule > Granules.MAX_INDEX) {
                all = false;
                break;
            }
            Slab slab = cache.takeSlab();
            if (slab == null) {
                all = false;
                break;
            }
            long published = slab.fill(this, granule, srcs, chunk);
            GranuleKey granuleKey = new GranuleKey(id, granule);
            cache.store(granuleKey, slab);
            if (markPresent(granule, chunk, slab, published)) {
                cache.wrote();
            } else {
                cache.remove(granuleKey, slab);
                all = false;
            }
            done += chunk;
            granule++;
        }
        return all ? STORED : NOT_STORED;
    }

    @Override
    public synchronized Occupancy occupancy() {
        return granules.occupancy(present, size);
    }

    @Override
    public CacheObject invalidate(byte[] aux, long objectSize) throws IOException {
        synchronized (this) {
            if (state == State.ATTACHED) {
                state = State.DETACHED;
            }
        }
        return volume.attachNext(key, this, aux, objectSize);
    }

    @Override
    public void resize(long newSize) {
        RoaringBitmap dropped;
        synchronized (this) {
            long oldSize = size;
            if (newSize == oldSize) {
                return;
            }
            size = newSize;
            // A granule survives only if it is whole under both sizes: this drops everything beyond
            // a shrink, a shrink's partial last granule, and a grown object's old partial tail.
            dropped = cut(Math.min(oldSize, newSize) >>> shift);
        }
        removeAll(dropped);
    }

    @Override
    public void commit(byte[] aux, long objectSize) {
        resize(objectSize);
        byte[] copy = aux.clone();
        synchronized (this) {
            this.aux = copy;
        }
    }

    /** Keeps the content for later lookups; an object left empty is forgotten at once. */
    @Override
    public void close() {
        boolean forget;
        synchronized (this) {
            setClosed();
            forget = state == State.ATTACHED && present.isEmpty();
            if (forget) {
                state = State.GONE;
            }
        }
        if (forget) {
            volume.forget(key, this);
        }
    }

    @Override
    public void discard() {
        RoaringBitmap dropped;
        synchronized (this) {
            state = State.GONE;
            setClosed();
            dropped = cut(0);
        }
        volume.forget(key, this);
        removeAll(dropped);
    }

    /**
     * Opens this object for a lookup that expects {@code aux} and {@code objectSize}; discards it if
     * they differ (stale).
     *
     * @return whether the lookup found this object
     */
    boolean reopen(byte[] aux, long objectSize) {
        synchronized (this) {
            if (state != State.ATTACHED) {
                return false;
            }
            if (size == objectSize && Arrays.equals(this.aux, aux)) {
                if (!open) {
                    open = true;
                    cache.opened();
                }
                return true;
            }
        }
        discard();
        return false;
    }

    /** Caller holds the lock. */
    private void setClosed() {
        if (open) {
            open = false;
            cache.closed();
        }
    }

    /** Called for a slab of this object that has just left the index (evicted, replaced or removed). */
    void drop(Slab slab) {
        boolean forget;
        synchronized (this) {
            slab.kill();
            present.remove((int) slab.granule());
            forget = state == State.ATTACHED && !open && present.isEmpty();
            if (forget) {
                state = State.GONE;
            }
        }
        if (forget) {
            volume.forget(key, this);
        }
    }

    /** Marks a stored granule present unless its slab left the index meanwhile or the object no longer has it. */
    private synchronized boolean markPresent(long granule, int length, Slab slab, long published) {
        if (state == State.GONE || !slab.holds(published)) {
            return false;
        }
        long start = granule << shift;
        if (start + length != Math.min(start + granuleSize, size)) {
            return false; // beyond a concurrent shrink, or a short chunk that is not the tail
        }
        present.add((int) granule);
        return true;
    }

    /** Clears the bits from {@code first} on and returns them. Caller holds the lock. */
    private RoaringBitmap cut(long first) {
        if (first > Granules.MAX_INDEX) {
            return new RoaringBitmap();
        }
        RoaringBitmap dropped = present.clone();
        dropped.remove(0L, first);
        present.remove(first, Granules.MAX_INDEX + 1);
        return dropped;
    }

    private void removeAll(RoaringBitmap granules) {
        granules.forEach((int granule) -> cache.remove(new GranuleKey(id, granule)));
    }
}
