package io.fscache.netfs.lib;

import io.fscache.api.CacheAccess;
import io.fscache.api.Futures;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read side of one open file (the kernel's {@code netfs_read_request} machinery).
 *
 * <p>A read of [position, position + length) is clamped to the file size and cut into subrequests,
 * each served from one source:
 * <ul>
 * <li>a fetch already in flight for the same granule (another reader's, or readahead's): waited
 *     for, not repeated, so eight readers of one cold file cost one server read per granule;</li>
 * <li>the cache, where {@link CacheAccess#prepareRead} says it holds the range; a cache read that
 *     fails for any reason (stale, evicted, I/O error) is reissued to the server;</li>
 * <li>zeros, beyond the object's end;</li>
 * <li>the server: the missing granules are claimed in the file's fetch table and fetched whole
 *     (the read is expanded to granule boundaries), in RPCs of at most the protocol's read size
 *     with at most its in-flight limit outstanding; short reads are continued. The fetched bytes
 *     are handed to the readers first and then copied to the cache, asynchronously.</li>
 * </ul>
 * Without a cache, reads go straight to the server into the caller's buffer. Subrequests run
 * concurrently; the read returns when all have completed, or throws the first failure.
 *
 * <p>Not thread-safe: one engine per open handle, used under the handle's lock. The shared state
 * lives in the {@link FileNode}.
 */
final class ReadEngine {

    /** What a fetch that took no granule after all completes with. */
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final FileNode node;
    private final RemoteFile remote;
    private final int maxRead;
    private final Readahead readahead;
    /** Readahead fetches whose server reads are in flight: the remote file must outlive them. */
    private final Set<Fetch> launched = ConcurrentHashMap.newKeySet();

    /**
     * @param readaheadMax the largest readahead window in bytes; 0 disables readahead
     */
    ReadEngine(FileNode node, RemoteFile remote, int maxRead, long readaheadMax) {
        this.node = node;
        this.remote = remote;
        this.maxRead = maxRead;
        this.readahead = readaheadMax > 0 ? new Readahead(this, node, readaheadMax) : null;
    }

    /**
     * Reads into {@code dst} (from its position to its limit) the bytes at {@code position}.
     *
     * @return the bytes read, {@code -1} at or beyond the end of the file
     * @throws ShortFileException if the server's file turned out shorter than {@link FileNode#size}:
     *         nothing was read; refresh the size and read again
     */
    int read(long position, ByteBuffer dst) throws IOException {
        long size = node.size();
        if (position >= size) {
            return -1;
        }
        int length = (int) Math.min(dst.remaining(), size - position);
        if (length == 0) {
            return 0;
        }
        ByteBuffer target = dst.slice(dst.position(), length);
        long serverEnd = Math.min(position + length, node.serverSize());
        if (serverEnd > position) {
            readServerData(position, target.slice(0, (int) (serverEnd - position)));
        }
        // Beyond the server's end: a hole that only write-back data fills.
        for (int i = (int) Math.max(0, serverEnd - position); i < length; i++) {
            target.put(i, (byte) 0);
        }
        node.dirty.overlay(position, target);
        dst.position(dst.position() + length);
        return length;
    }

    /** Waits for this handle's readahead to finish with the server, so the remote file can be closed. */
    void quiesce() {
        for (Fetch fetch : List.copyOf(launched)) {
            fetch.data.handle((bytes, failure) -> null).join();
        }
    }

    private void readServerData(long position, ByteBuffer target) throws IOException {
        long end = position + target.remaining();
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        SharedAccess access = beginCacheOperation();
        try {
            if (readahead != null) {
                readahead.advance(position, end, access);
            }
            long at = position;
            while (at < end) {
                at = issue(at, end, position, target, access, parts);
            }
        } catch (RuntimeException e) {
            // Never hand the buffer back while subrequests still fill it.
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> null).join();
            throw e;
        } finally {
            if (access != null) {
                access.release();
            }
        }
        Futures.await(CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)));
    }

    /** Issues the subrequest starting at {@code at}; returns where the next one starts. */
    private long issue(long at, long end, long base, ByteBuffer target, SharedAccess access,
            List<CompletableFuture<Void>> parts) {
        Fetch ahead = readahead == null ? null : readahead.covering(at);
        if (ahead != null) {
            long segmentEnd = Math.min(end, ahead.end());
            parts.add(fromFetch(ahead, at, slice(target, base, at, segmentEnd), false));
            return segmentEnd;
        }
        if (access == null) {
            long segmentEnd = Math.min(end, readahead == null ? end : readahead.nextStart(at));
            parts.add(fromServer(at, slice(target, base, at, segmentEnd)));
            return segmentEnd;
        }
        int granuleSize = access.access.granuleSize();
        long granule = at / granuleSize;
        Fetch inFlight = node.fetches.get(granule);
        if (inFlight != null && node.isCurrent(inFlight.generation)) {
            long segmentEnd = Math.min(end, (granule + 1) * granuleSize);
            parts.add(fromFetch(inFlight, at, slice(target, base, at, segmentEnd), false));
            return segmentEnd;
        }
        ReadExtent extent = access.access.prepareRead(at, end - at);
        long extentEnd = at + extent.length();
        switch (extent.source()) {
            case CACHE -> parts.add(fromCache(access.access, at, slice(target, base, at, extentEnd)));
            case ZEROS -> {
                ByteBuffer zeros = slice(target, base, at, extentEnd);
                while (zeros.hasRemaining()) {
                    zeros.put((byte) 0);
                }
            }
            case SERVER -> {
                Fetch mine = claim(access, granule, extentEnd);
                if (mine == null) {
                    // Another reader claimed the granule, or the cache got it, meanwhile: look again.
                    return at;
                }
                long segmentEnd = Math.min(end, mine.end());
                parts.add(fromFetch(mine, at, slice(target, base, at, segmentEnd), true));
                return segmentEnd;
            }
        }
        return extentEnd;
    }

    /**
     * Starts readahead fetches for [from, to), skipping what the cache holds or is being fetched.
     * Best effort: a range that cannot be claimed is left to the reader.
     */
    List<Fetch> prefetch(long from, long to, SharedAccess access) {
        List<Fetch> started = new ArrayList<>();
        long end = Math.min(to, node.serverSize());
        long at = from;
        while (at < end) {
            Fetch fetch;
            if (access == null) {
                fetch = new Fetch(at, node.readGeneration());
                fetch.extendTo(Math.min(end, at + maxRead));
                launch(fetch, null, false);
            } else {
                int granuleSize = access.access.granuleSize();
                long granule = at / granuleSize;
                long granuleEnd = (granule + 1) * granuleSize;
                Fetch inFlight = node.fetches.get(granule);
                if (inFlight != null && node.isCurrent(inFlight.generation)) {
                    at = granuleEnd;
                    continue;
                }
                ReadExtent extent = access.access.prepareRead(at, end - at);
                if (extent.source() == ReadSource.ZEROS) {
                    break;
                }
                if (extent.source() == ReadSource.CACHE) {
                    at += extent.length();
                    continue;
                }
                fetch = claim(access, granule, at + extent.length());
                if (fetch == null) {
                    at = granuleEnd;
                    continue;
                }
            }
            launched.add(fetch);
            fetch.data.whenComplete((bytes, failure) -> launched.remove(fetch));
            started.add(fetch);
            at = fetch.end();
        }
        return started;
    }

    /**
     * Claims the granules from {@code first} on, up to the one containing byte {@code limit - 1} and
     * at most one fetch's worth, stopping at a granule someone else is fetching or the cache holds;
     * then launches the fetch. Returns {@code null} if not even the first granule could be claimed.
     */
    private Fetch claim(SharedAccess access, long first, long limit) {
        int granuleSize = access.access.granuleSize();
        long serverSize = node.serverSize();
        long start = first * granuleSize;
        long fetchSize = Math.max(granuleSize, (long) (maxRead / granuleSize) * granuleSize);
        long maxEnd = Math.min(Math.min(limit, start + fetchSize), serverSize);
        Fetch fetch = new Fetch(start, node.readGeneration());
        node.fetches.claim(fetch, first, granuleSize, maxEnd, serverSize, node::isCurrent,
                granule -> access.access.prepareRead(granule * granuleSize, 1).source() == ReadSource.SERVER);
        if (fetch.end() == start) {
            // Readers may have found the fetch in the table while it held the first granule: it ends
            // having fetched nothing, so they read the range themselves instead of waiting forever.
            fetch.data.complete(NOTHING);
            return null;
        }
        launch(fetch, access.retain(), true);
        return fetch;
    }

    /**
     * Reads the fetch's range from the server, hands the bytes to its readers, then copies them to the
     * cache if they are whole and no write has made them stale.
     */
    private void launch(Fetch fetch, SharedAccess access, boolean registered) {
        if (access != null) {
            node.touched();
        }
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(fetch.end() - fetch.start));
        ServerIo.read(remote, node.limiter, maxRead, fetch.start, buffer).whenComplete((ignored, failure) -> {
            if (failure != null) {
                fetch.data.completeExceptionally(Futures.unwrap(failure));
                finish(fetch, access, registered);
                return;
            }
            ByteBuffer bytes = buffer.asReadOnlyBuffer();
            fetch.data.complete(bytes);
            boolean storing = access != null
                    && node.storeIfCurrent(fetch.generation, () -> store(fetch, bytes, access, registered));
            if (!storing) {
                finish(fetch, access, registered);
            }
        });
    }

    private void store(Fetch fetch, ByteBuffer bytes, SharedAccess access, boolean registered) {
        CompletionStage<Boolean> stored;
        try {
            stored = access.access.write(fetch.start, bytes.duplicate());
        } catch (RuntimeException e) {
            // The object's size changed since the fetch began: the range is no longer whole granules.
            stored = CompletableFuture.completedFuture(false);
        }
        stored.whenComplete((ok, failure) -> {
            node.storeDone();
            finish(fetch, access, registered);
        });
    }

    /** The fetch is done with: later readers find its bytes in the cache (or fetch them again). */
    private void finish(Fetch fetch, SharedAccess access, boolean registered) {
        if (registered) {
            node.fetches.release(fetch, access.access.granuleSize());
        }
        if (access != null) {
            access.release();
        }
    }

    private CompletableFuture<Void> fromFetch(Fetch fetch, long at, ByteBuffer dst, boolean own) {
        return fetch.data.handle((bytes, failure) -> {
            if (failure == null && fetch.covers(at) && at + dst.remaining() <= fetch.end()) {
                return fetch.copyTo(at, dst);
            }
            if (failure != null && own) {
                return CompletableFuture.<Void>failedFuture(failure);
            }
            // Another reader's fetch failed (its error is its own) or did not take this granule
            // after all: read it ourselves.
            return fromServer(at, dst);
        }).thenCompose(stage -> stage);
    }

    private CompletableFuture<Void> fromCache(CacheAccess access, long at, ByteBuffer dst) {
        CompletionStage<Integer> read;
        try {
            read = access.read(at, dst.duplicate());
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        int wanted = dst.remaining();
        return read.handle((n, failure) -> failure == null && n != null && n == wanted
                ? CompletableFuture.<Void>completedFuture(null)
                : fromServer(at, dst)).toCompletableFuture().thenCompose(stage -> stage);
    }

    private CompletableFuture<Void> fromServer(long at, ByteBuffer dst) {
        return ServerIo.read(remote, node.limiter, maxRead, at, dst);
    }

    private SharedAccess beginCacheOperation() {
        if (node.cookie == null) {
            return null;
        }
        Optional<CacheAccess> access = node.cookie.beginOperation();
        return access.map(SharedAccess::new).orElse(null);
    }

    private static ByteBuffer slice(ByteBuffer target, long base, long from, long to) {
        return target.slice((int) (from - base), (int) (to - from));
    }
}
