package io.fscache.backend.tiered;

import io.fscache.api.Futures;
import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.spi.CacheObject;
import io.fscache.spi.DataNotPresentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * One generation of a file in a {@link TieredCache}: an object in each tier, highest first, the
 * last one in the durable tier. Reads come from the highest tier holding each granule and fall
 * through on a miss or failure; writes go to the durable tier first and, once it stored them, to
 * the tiers above (so upper tiers never hold what the durable tier refused).
 *
 * <p>Promotion races with writes: a promotion copies a granule read from a lower tier into upper
 * tiers, and must never land after a newer write of that granule. Every write bumps {@link #epoch}
 * before writing upper tiers and waits for promotions already registered on its granules; a
 * promotion registers only if no write bumped the epoch since it started reading.
 */
final class TieredObject implements CacheObject {

    private final TieredCache cache;
    private final List<TierObject> tiers;
    private final int granule;
    private final HitWindow hits;
    private final Gate promotions = new Gate();
    private volatile long size;

    private final Object lock = new Object();
    private long epoch;
    private final Map<Long, CompletableFuture<Void>> promoting = new HashMap<>();
    private final Map<Long, Boolean> queued = new HashMap<>();

    TieredObject(TieredCache cache, List<TierObject> tiers, long size) {
        this.cache = cache;
        this.tiers = List.copyOf(tiers);
        this.granule = cache.granuleSize();
        this.hits = new HitWindow(cache.policy());
        this.size = size;
    }

    @Override
    public long objectSize() {
        return size;
    }

    /** CACHE where any usable tier holds the granule: the union of the tiers' runs. */
    @Override
    public ReadExtent prepareRead(long position, long length) {
        ReadExtent extent = union(position, length);
        if (extent.source() == ReadSource.SERVER) {
            cache.countMisses((position + extent.length() - 1) / granule - position / granule + 1);
        }
        return extent;
    }

    private ReadExtent union(long position, long length) {
        long end = Math.min(size, position + Math.min(length, Long.MAX_VALUE - position));
        if (position >= end) {
            return new ReadExtent(ReadSource.ZEROS, length);
        }
        ReadSource source = null;
        long cursor = position;
        while (cursor < end) {
            boolean cached = false;
            long cachedRun = 0;
            long serverRun = end - cursor;
            for (TierObject tier : tiers) {
                ReadExtent extent = tier.prepareRead(cursor, end - cursor);
                if (extent == null) {
                    continue;
                }
                if (extent.source() == ReadSource.CACHE) {
                    cached = true;
                    cachedRun = Math.max(cachedRun, extent.length());
                } else {
                    serverRun = Math.min(serverRun, extent.length());
                }
            }
            ReadSource here = cached ? ReadSource.CACHE : ReadSource.SERVER;
            if (source != null && here != source) {
                break;
            }
            source = here;
            cursor += Math.min(cached ? cachedRun : serverRun, end - cursor);
        }
        return new ReadExtent(source, cursor - position);
    }

    @Override
    public CompletionStage<Integer> read(long position, ByteBuffer dst) {
        int length = (int) Math.max(0, Math.min(dst.remaining(), size - position));
        if (length == 0) {
            return CompletableFuture.completedFuture(0);
        }
        ByteBuffer target = dst.slice(dst.position(), length);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        readRun(position, position, position + length, target, 0, result);
        return result.thenApply(n -> {
            dst.position(dst.position() + n);
            return n;
        });
    }

    /**
     * Reads {@code [cursor, end)} into {@code target} (which starts at {@code start}), trying tiers
     * from index {@code from} down. Each tier fills only its own slice, so a failed tier's partial
     * bytes are overwritten by the tier that then serves the range.
     */
    private void readRun(long start, long cursor, long end, ByteBuffer target, int from,
            CompletableFuture<Integer> result) {
        if (cursor >= end) {
            result.complete((int) (end - start));
            return;
        }
        for (int i = from; i < tiers.size(); i++) {
            TierObject tier = tiers.get(i);
            ReadExtent extent = tier.prepareRead(cursor, end - cursor);
            if (extent == null || extent.source() != ReadSource.CACHE) {
                tier.tier.stats.misses.increment();
                continue;
            }
            int length = (int) extent.length();
            int index = i;
            tier.read(cursor, target.slice((int) (cursor - start), length)).whenComplete((n, failure) -> {
                if (failure == null && n == length) {
                    long granules = (cursor + length - 1) / granule - cursor / granule + 1;
                    tier.tier.stats.hits.add(granules);
                    cache.countHits(granules);
                    considerPromotion(index, cursor, length);
                    readRun(start, cursor + length, end, target, 0, result);
                } else {
                    tier.tier.stats.misses.increment();
                    readRun(start, cursor, end, target, index + 1, result);
                }
            });
            return;
        }
        cache.countMisses(1);
        result.completeExceptionally(new DataNotPresentException(
                "no tier of " + cache.name() + " holds [" + cursor + ", " + end + ")"));
    }

    private void considerPromotion(int served, long position, int length) {
        if (served == 0) {
            return;
        }
        for (long g = position / granule; g <= (position + length - 1) / granule; g++) {
            if (hits.hit(g)) {
                long index = g;
                synchronized (lock) {
                    if (queued.putIfAbsent(index, Boolean.TRUE) != null) {
                        continue;
                    }
                }
                long startEpoch = currentEpoch();
                if (!cache.promoter().submit(() -> promote(index, served, startEpoch))) {
                    unqueue(index);
                }
            }
        }
    }

    /** Copies one whole granule from tier {@code source} to every usable tier above it; runs on the promoter. */
    private void promote(long index, int source, long startEpoch) {
        if (!promotions.enter()) {
            unqueue(index);
            return; // the object is closing
        }
        try {
            long position = index * granule;
            int length = (int) Math.min(granule, size - position);
            if (length <= 0) {
                return;
            }
            ByteBuffer data = ByteBuffer.allocate(length);
            if (tiers.get(source).read(position, data).get() != length) {
                return;
            }
            data.flip();
            CompletableFuture<Void> done = new CompletableFuture<>();
            synchronized (lock) {
                if (epoch != startEpoch) {
                    return; // a write may have changed the granule since we read it
                }
                promoting.put(index, done);
            }
            try {
                for (int i = source - 1; i >= 0; i--) {
                    TierObject upper = tiers.get(i);
                    if (upper.usable() && upper.write(position, data.duplicate()).get()) {
                        upper.tier.stats.promotions.increment();
                        cache.countPromotion();
                    }
                }
            } finally {
                synchronized (lock) {
                    promoting.remove(index, done);
                }
                done.complete(null);
            }
        } catch (ExecutionException e) {
            // A tier failed or left: the promotion is dropped, the data stays where it was.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            unqueue(index);
            promotions.exit();
        }
    }

    private long currentEpoch() {
        synchronized (lock) {
            return epoch;
        }
    }

    private void unqueue(long index) {
        synchronized (lock) {
            queued.remove(index);
        }
    }

    @Override
    public CompletionStage<Boolean> write(long position, ByteBuffer src) {
        return write(position, new ByteBuffer[] {src});
    }

    /** Each tier stores its own views of the buffers; their positions move only once all is stored. */
    @Override
    public CompletionStage<Boolean> write(long position, ByteBuffer[] srcs) {
        return writeFrom(tiers.size() - 1, position, srcs).thenApply(stored -> {
            if (stored) {
                for (ByteBuffer src : srcs) {
                    src.position(src.limit());
                }
            }
            return stored;
        });
    }

    private static ByteBuffer[] views(ByteBuffer[] srcs) {
        ByteBuffer[] views = new ByteBuffer[srcs.length];
        for (int i = 0; i < srcs.length; i++) {
            views[i] = srcs[i].duplicate();
        }
        return views;
    }

    /** Writes the durable tier (the lowest usable one at or above {@code lowest}), then the tiers above. */
    private CompletableFuture<Boolean> writeFrom(int lowest, long position, ByteBuffer[] srcs) {
        int durable = lowest;
        while (durable >= 0 && !tiers.get(durable).usable()) {
            durable--;
        }
        if (durable < 0) {
            return CompletableFuture.completedFuture(false);
        }
        int index = durable;
        return tiers.get(index).write(position, views(srcs)).handle((stored, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                return cause instanceof TierGoneException
                        ? writeFrom(index - 1, position, srcs)
                        : CompletableFuture.<Boolean>failedFuture(cause);
            }
            return stored ? writeUpper(index, position, srcs) : CompletableFuture.completedFuture(false);
        }).thenCompose(stage -> stage);
    }

    private CompletableFuture<Boolean> writeUpper(int durable, long position, ByteBuffer[] srcs) {
        if (durable == 0) {
            return CompletableFuture.completedFuture(true);
        }
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        synchronized (lock) {
            epoch++;
            long length = 0;
            for (ByteBuffer src : srcs) {
                length += src.remaining();
            }
            long last = (position + Math.max(length, 1) - 1) / granule;
            for (long g = position / granule; g <= last; g++) {
                CompletableFuture<Void> promotion = promoting.get(g);
                if (promotion != null) {
                    pending.add(promotion);
                }
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            List<CompletableFuture<Boolean>> writes = new ArrayList<>();
            for (int i = 0; i < durable; i++) {
                TierObject upper = tiers.get(i);
                if (upper.usable()) {
                    // An upper tier refusing or failing only means it does not hold the data.
                    writes.add(upper.write(position, views(srcs)).exceptionally(failure -> false));
                }
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(ignored2 -> true);
        });
    }

    /** Union of the tiers' holdings, measured with {@link #union}. */
    @Override
    public Occupancy occupancy() {
        long end = size;
        long granules = 0;
        long bytes = 0;
        for (long cursor = 0; cursor < end; ) {
            ReadExtent extent = union(cursor, end - cursor);
            if (extent.source() == ReadSource.CACHE) {
                bytes += extent.length();
                granules += (extent.length() + granule - 1) / granule;
            }
            cursor += extent.length();
        }
        return new Occupancy(granules, bytes);
    }

    @Override
    public CacheObject invalidate(byte[] aux, long objectSize) throws IOException {
        bumpEpoch();
        List<TierObject> next = new ArrayList<>(tiers.size());
        IOException durableFailure = forEach(tier -> next.add(
                new TierObject(tier.tier, tier.tier.call(() -> tier.object().invalidate(aux, objectSize)))));
        if (durableFailure != null) {
            next.forEach(o -> o.release(true));
            throw durableFailure;
        }
        if (next.isEmpty()) {
            throw new IOException("tiered cache " + cache.name() + " has no live tier for the next generation");
        }
        Collections.reverse(next); // forEach went from the durable tier up
        return new TieredObject(cache, next, objectSize);
    }

    @Override
    public void resize(long newSize) throws IOException {
        bumpEpoch();
        size = newSize;
        throwIfFailed(forEach(tier -> tier.tier.call(() -> {
            tier.object().resize(newSize);
            return null;
        })));
    }

    /** Every tier is told: the durable one marks its object, the others ignore it as they choose. */
    @Override
    public void prepareToWrite() throws IOException {
        throwIfFailed(forEach(tier -> tier.tier.call(() -> {
            tier.object().prepareToWrite();
            return null;
        })));
    }

    @Override
    public void commit(byte[] aux, long objectSize) throws IOException {
        size = objectSize;
        throwIfFailed(forEach(tier -> tier.tier.call(() -> {
            tier.object().commit(aux, objectSize);
            return null;
        })));
    }

    @Override
    public void close() {
        release(false);
    }

    @Override
    public void discard() {
        release(true);
    }

    private void release(boolean discard) {
        promotions.closeAndDrain();
        tiers.forEach(tier -> tier.release(discard));
    }

    private void bumpEpoch() {
        synchronized (lock) {
            epoch++;
        }
    }

    /** A state change applied to one tier's object. */
    private interface TierChange {
        void apply(TierObject tier) throws IOException;
    }

    /**
     * Applies a change to every usable tier. A failing upper tier is distrusted (left out from now
     * on and discarded at close); the durable tier's failure is returned for the caller to throw.
     */
    private IOException forEach(TierChange change) {
        IOException durableFailure = null;
        for (int i = tiers.size() - 1, durable = -1; i >= 0; i--) {
            TierObject tier = tiers.get(i);
            if (!tier.usable()) {
                continue;
            }
            try {
                change.apply(tier);
                durable = durable < 0 ? i : durable;
            } catch (TierGoneException e) {
                // Withdrawn meanwhile: the tier below (or the next one up) is the durable one now.
            } catch (IOException e) {
                tier.distrust();
                if (durable < 0) {
                    durable = i;
                    durableFailure = e;
                }
            }
        }
        return durableFailure;
    }

    private static void throwIfFailed(IOException failure) throws IOException {
        if (failure != null) {
            throw failure;
        }
    }
}
