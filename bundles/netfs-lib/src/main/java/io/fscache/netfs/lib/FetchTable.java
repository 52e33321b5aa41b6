package io.fscache.netfs.lib;

import io.fscache.api.CacheAccess;
import io.fscache.api.Futures;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The server fetches of one file (the kernel's read collection plus its copy to the cache): at most
 * one current fetch per cache granule, so concurrent readers of a cold range share one server read.
 *
 * <p>A fetch reads whole granules, at most one protocol read size of them, into the protocol's own
 * receive buffers where it lends them ({@link io.fscache.netfs.ReceivingFile}), else into a buffer of
 * the engine's; its readers copy from those as soon as all the bytes are in, and then, if no write
 * has begun since the fetch did ({@link FileNode#beginStore}), the bytes are written to the cache on
 * the export's store thread ({@link CacheStores}), never on the protocol's I/O thread.
 * The fetch holds a reference on the {@link ReadRequest} that launched it, whose cache access must
 * stay open until that store has completed; its granules are given back to the table only then, so
 * a later reader finds them in the cache or in flight, never in between.
 *
 * <p>Thread-safe; one per file, shared by its open handles.
 */
final class FetchTable {

    /** Finished fetches remembered for {@link #finishedSince}. */
    private static final int RECENT = 16;

    private final FileNode node;
    private final FetchBuffers buffers;
    private final CacheStores stores;
    private final GranuleFetches byGranule = new GranuleFetches();
    /** How many fetches have left the table; the last {@link #RECENT} of them are in {@link #recent}. */
    private final AtomicLong finished = new AtomicLong();
    private final AtomicReferenceArray<Finished> recent = new AtomicReferenceArray<>(RECENT);

    /** A fetch that left the table as the {@code sequence}th, and the range it held. */
    private record Finished(long sequence, long start, long end) {
    }

    /**
     * @param buffers where cached fetches take their buffers and give them back
     * @param stores where their bytes are copied to the cache
     */
    FetchTable(FileNode node, FetchBuffers buffers, CacheStores stores) {
        this.node = node;
        this.buffers = buffers;
        this.stores = stores;
    }

    /**
     * A stamp to take before looking at the table and the cache: a {@link #claim} with it knows
     * whether a fetch left the table (its data now in the cache) since the look.
     */
    long stamp() {
        return finished.get();
    }

    /**
     * Where the range [from, to) stops being free of current fetches: {@code to}, or the start of the
     * first granule after {@code from}'s that a current fetch holds. A look in the cache goes no
     * further, so the backend counts as missing only granules this reader may fetch.
     */
    long unclaimedEnd(long from, long to, int granuleSize) {
        if (byGranule.isEmpty()) {
            return to;
        }
        for (long granule = from / granuleSize + 1; granule * granuleSize < to; granule++) {
            if (current(granule) != null) {
                return granule * granuleSize;
            }
        }
        return to;
    }

    /** The fetch in flight for {@code granule} whose data is still the server's, or {@code null}. */
    Fetch current(long granule) {
        Fetch fetch = byGranule.get(granule);
        return fetch != null && isCurrent(fetch) ? fetch : null;
    }

    /** Whether the fetch's data is still what the server has (no write began since it did). */
    boolean isCurrent(Fetch fetch) {
        return node.isCurrent(fetch.generation);
    }

    /**
     * Claims and launches one fetch from {@code granule} on, over the granules that start before
     * {@code limit} (which the caller's {@code prepareRead} found on the server), at most one fetch's
     * worth, stopping at a granule another current fetch holds.
     *
     * <p>Another reader's fetch of the same granules may have completed, and left its data in the
     * cache, between the caller's look and this claim: if such a fetch left the table since
     * {@code stamp}, the claimed range is looked up in the cache once more and what the cache now
     * holds is given back.
     *
     * @param stamp {@link #stamp()} as taken before the caller looked
     * @param forReader the caller will copy from the fetch: it gets a reader's reference ({@link Fetch#acquire})
     * @return the fetch, or {@code null} if another current fetch holds {@code granule} or the cache
     *         now holds it: look again
     */
    Fetch claim(ReadRequest owner, long granule, long limit, long stamp, boolean forReader) {
        CacheAccess access = owner.access();
        int granuleSize = access.granuleSize();
        long serverSize = node.serverSize();
        long start = granule * granuleSize;
        long fetchSize = Math.max(granuleSize, (long) (owner.server().maxRead() / granuleSize) * granuleSize);
        long maxEnd = Math.min(Math.min(limit, start + fetchSize), serverSize);
        Fetch fetch = new Fetch(start, node.readGeneration());
        byGranule.claim(fetch, granule, granuleSize, maxEnd, serverSize, node::isCurrent);
        if (fetch.end() > start && finishedSince(stamp, start, fetch.end())) {
            ReadExtent again = access.prepareRead(start, fetch.end() - start);
            long stillMissing = again.source() == ReadSource.SERVER ? start + again.length() : start;
            byGranule.shrink(fetch, stillMissing, granuleSize);
        }
        if (fetch.end() == start) {
            // Readers may have found the fetch in the table while it held the granule: it ends having
            // fetched nothing, so they read the range themselves instead of waiting forever.
            fetch.arrived.complete(null);
            fetch.release();
            return null;
        }
        if (forReader) {
            fetch.acquire();
        }
        node.touched();
        launch(fetch, (int) fetchSize, owner.retain(), true);
        return fetch;
    }

    /**
     * Starts fetches for [from, to) ahead of a reader, skipping what the cache holds or what is in
     * flight. Best effort: a range that cannot be claimed is left to the reader. Without a cache the
     * fetches are the reader's alone and never enter the table.
     *
     * @return the fetches started, in file order, each with a reader's reference for the caller
     */
    List<Fetch> prefetch(ReadRequest owner, long from, long to) {
        List<Fetch> started = new ArrayList<>();
        long end = Math.min(to, node.serverSize());
        CacheAccess access = owner.access();
        long at = from;
        while (at < end) {
            long stamp = stamp();
            if (access == null) {
                Fetch fetch = new Fetch(at, node.readGeneration());
                fetch.extendTo(Math.min(end, at + owner.server().maxRead()));
                fetch.acquire();
                launch(fetch, owner.server().maxRead(), owner.retain(), false);
                started.add(fetch);
                at = fetch.end();
                continue;
            }
            int granuleSize = access.granuleSize();
            long granuleEnd = (at / granuleSize + 1) * granuleSize;
            if (current(at / granuleSize) != null) {
                at = granuleEnd;
                continue;
            }
            ReadExtent extent = access.prepareRead(at, unclaimedEnd(at, end, granuleSize) - at);
            if (extent.source() == ReadSource.ZEROS) {
                break;
            }
            long extentEnd = at + extent.length();
            if (extent.source() == ReadSource.CACHE) {
                at = extentEnd;
                continue;
            }
            while (at < extentEnd) {
                Fetch fetch = claim(owner, at / granuleSize, extentEnd, stamp, true);
                if (fetch == null) {
                    at = (at / granuleSize + 1) * granuleSize;
                    break;
                }
                started.add(fetch);
                at = fetch.end();
            }
        }
        return started;
    }

    /**
     * Reads the fetch's range from the server, hands the bytes to its readers, then copies them to the
     * cache if they are whole and no write has made them stale.
     *
     * @param capacity the size of a cached fetch's buffer, if the protocol does not lend its own
     *        (buffers of one size are reused)
     */
    private void launch(Fetch fetch, int capacity, ReadRequest owner, boolean registered) {
        int length = Math.toIntExact(fetch.end() - fetch.start);
        owner.server().fetch(fetch.start, length, registered ? buffers : null, capacity).whenComplete((received, failure) -> {
            if (failure != null) {
                // Out of the table before its readers hear: a read begun after they did found the
                // failed fetch there and failed with it, though the server answered again.
                finish(fetch, owner, registered);
                fetch.arrived.completeExceptionally(Futures.unwrap(failure));
                return;
            }
            // Counted before the readers see the bytes: a reader that closes its handle at once
            // then waits for this store.
            boolean storing = registered && node.beginStore(fetch.generation);
            if (storing) {
                owner.server().storeBegun();
            }
            fetch.filled(received);
            if (!storing) {
                finish(fetch, owner, registered);
            } else if (!stores.submit(() -> store(fetch, owner))) {
                storeDone(fetch, owner);
            }
        });
    }

    private void store(Fetch fetch, ReadRequest owner) {
        CompletionStage<Boolean> stored;
        try {
            stored = owner.access().write(fetch.start, fetch.bytes());
        } catch (RuntimeException e) {
            // The object's size changed since the fetch began: the range is no longer whole granules.
            stored = CompletableFuture.completedFuture(false);
        }
        stored.whenComplete((ok, failure) -> storeDone(fetch, owner));
    }

    private void storeDone(Fetch fetch, ReadRequest owner) {
        node.storeDone();
        finish(fetch, owner, true);
        owner.server().storeLanded();
    }

    /**
     * The fetch is done with: later readers find its bytes in the cache (or fetch them again). It is
     * counted as finished before its granules are given back, so a claim that finds them free also
     * finds the fetch among the finished ones; its buffer goes back once its readers have copied.
     */
    private void finish(Fetch fetch, ReadRequest owner, boolean registered) {
        if (registered) {
            long sequence = finished.incrementAndGet();
            recent.set((int) (sequence % RECENT), new Finished(sequence, fetch.start, fetch.end()));
            byGranule.release(fetch, owner.access().granuleSize());
        }
        owner.release();
        fetch.release();
    }

    /**
     * Whether a fetch overlapping [start, end) may have left the table since {@code stamp}: true too
     * when that is not known (more than {@link #RECENT} fetches finished, or one is being recorded).
     */
    private boolean finishedSince(long stamp, long start, long end) {
        long now = finished.get();
        if (now - stamp > RECENT) {
            return true;
        }
        for (long sequence = stamp + 1; sequence <= now; sequence++) {
            Finished done = recent.get((int) (sequence % RECENT));
            if (done == null || done.sequence() != sequence || done.start() < end && start < done.end()) {
                return true;
            }
        }
        return false;
    }
}
