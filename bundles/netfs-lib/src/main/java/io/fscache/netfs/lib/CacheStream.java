package io.fscache.netfs.lib;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.ReadSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The cache stream of a write (seed 001): after the server has acknowledged a range, brings the
 * cache's copy of the affected granules up to date. The cache holds whole granules only, so:
 * <ul>
 * <li>granules the write covers entirely are written from the written bytes, in runs;</li>
 * <li>a granule the write covers partly, and that the cache holds, is read back, patched and
 *     written again (read-modify-write from what the cache has);</li>
 * <li>a granule the write covers partly and the cache does not hold is gathered in the file's
 *     {@link WriteTail} while writes fill it from its start on; it is stored once whole, or, as the
 *     file's last granule, when the writer closes. Anything else stays uncached;</li>
 * <li>if a granule the cache may still hold in its old form cannot be updated (no cache access
 *     now, a refused write, a short read-back), the cookie is invalidated, so stale bytes are never
 *     served. A cache failure never fails the user's write.</li>
 * </ul>
 * The caller holds the file's write lock and, for {@link #written}, is inside a write generation
 * ({@link FileNode#beginWrite}), so no fetch can store older bytes over these.
 */
final class CacheStream {

    /** The most bytes in one cache write of whole granules. */
    private static final int MAX_RUN = 1 << 20;

    private final FileNode node;
    private final CacheAccess access;
    private final int granuleSize;
    private final long objectSize;
    private final List<CompletableFuture<Boolean>> writes = new ArrayList<>();
    private boolean ok = true;

    private CacheStream(FileNode node, CacheAccess access) {
        this.node = node;
        this.access = access;
        this.granuleSize = access.granuleSize();
        this.objectSize = access.objectSize();
    }

    /** Updates the cache for {@code data} (position to limit, not consumed) now written at {@code position}. */
    static void written(FileNode node, long position, ByteBuffer data) {
        Cookie cookie = node.cookie();
        if (cookie == null || !data.hasRemaining()) {
            return;
        }
        node.awaitStores();
        Optional<CacheAccess> begun = cookie.beginOperation();
        if (begun.isEmpty()) {
            // Not bound now, but an object from before may be found again on the next lookup.
            node.tail(null);
            cookie.invalidate(null, node.serverSize());
            return;
        }
        try (CacheAccess access = begun.get()) {
            CacheStream stream = new CacheStream(node, access);
            if (!stream.update(position, data.slice()) && !access.isStale()) {
                cookie.invalidate(null, node.serverSize());
            }
        }
    }

    /** The writer closes: stores the write tail if it is now the file's whole last granule. */
    static void closing(FileNode node) {
        WriteTail tail = node.tail();
        node.tail(null);
        if (tail == null || node.cookie() == null || tail.serverChanges != node.serverChanges()) {
            return;
        }
        Optional<CacheAccess> begun = node.cookie().beginOperation();
        if (begun.isEmpty()) {
            return;
        }
        try (CacheAccess access = begun.get()) {
            if (tail.start + tail.length == access.objectSize() && tail.length <= access.granuleSize()
                    && access.prepareRead(tail.start, tail.length).source() == ReadSource.SERVER) {
                new CacheStream(node, access).write(tail.start, ByteBuffer.wrap(tail.bytes, 0, tail.length)).join();
            }
        }
    }

    /** Returns false if some granule may be left stale in the cache. */
    private boolean update(long position, ByteBuffer data) {
        long end = position + data.remaining();
        long runStart = -1;
        long runEnd = -1;
        for (long granule = position / granuleSize; granule * granuleSize < end; granule++) {
            long granuleStart = granule * granuleSize;
            long granuleEnd = Math.min(granuleStart + granuleSize, objectSize);
            if (granuleStart >= granuleEnd) {
                break;
            }
            boolean full = granuleEnd - granuleStart == granuleSize;
            boolean whole = full && position <= granuleStart && end >= granuleEnd;
            if (whole && runStart >= 0 && granuleStart == runEnd && granuleEnd - runStart <= MAX_RUN) {
                runEnd = granuleEnd;
                continue;
            }
            if (runStart >= 0) {
                writes.add(write(runStart, slice(data, position, runStart, runEnd)));
                runStart = -1;
            }
            if (whole) {
                dropTail(granuleStart);
                runStart = granuleStart;
                runEnd = granuleEnd;
            } else if (access.prepareRead(granuleStart, granuleEnd - granuleStart).source() == ReadSource.CACHE) {
                dropTail(granuleStart);
                patch(granuleStart, granuleEnd, position, data);
            } else {
                gather(granuleStart, granuleEnd, position, data);
            }
        }
        if (runStart >= 0) {
            writes.add(write(runStart, slice(data, position, runStart, runEnd)));
        }
        for (CompletableFuture<Boolean> write : writes) {
            ok &= write.join();
        }
        return ok;
    }

    /** Read-modify-write of one partly written granule that the cache holds. */
    private void patch(long granuleStart, long granuleEnd, long position, ByteBuffer data) {
        int length = (int) (granuleEnd - granuleStart);
        ByteBuffer granule = ByteBuffer.allocate(length);
        try {
            Integer n = access.read(granuleStart, granule).toCompletableFuture().join();
            if (n == null || n != length) {
                ok = false;
                return;
            }
        } catch (RuntimeException e) {
            // Evicted (gone, so not stale), invalidated meanwhile, or failed (the core discarded
            // the object): nothing stale is left in any of these cases.
            return;
        }
        copy(data, position, granule, granuleStart, granuleEnd);
        writes.add(write(granuleStart, granule.clear()));
    }

    /** Adds a partly written, uncached granule's bytes to the write tail; stores it once whole. */
    private void gather(long granuleStart, long granuleEnd, long position, ByteBuffer data) {
        WriteTail tail = node.tail();
        if (tail != null && (tail.start != granuleStart || tail.serverChanges != node.serverChanges())) {
            tail = null;
        }
        long from = Math.max(granuleStart, position);
        if (tail == null) {
            if (from != granuleStart) {
                // The granule's first bytes are unknown here: it stays uncached.
                return;
            }
            tail = new WriteTail(granuleStart, granuleSize, node.serverChanges());
        } else if (from > granuleStart + tail.length) {
            return;
        }
        node.tail(tail);
        long to = Math.min(granuleEnd, position + data.remaining());
        copy(data, position, ByteBuffer.wrap(tail.bytes), granuleStart, to);
        tail.length = Math.max(tail.length, (int) (to - granuleStart));
        if (tail.length == granuleSize) {
            node.tail(null);
            writes.add(write(granuleStart, ByteBuffer.wrap(tail.bytes)));
        }
    }

    private void dropTail(long granuleStart) {
        if (node.tail() != null && node.tail().start == granuleStart) {
            node.tail(null);
        }
    }

    private CompletableFuture<Boolean> write(long at, ByteBuffer bytes) {
        CompletionStage<Boolean> stored;
        try {
            stored = access.write(at, bytes);
        } catch (RuntimeException e) {
            stored = CompletableFuture.completedFuture(false);
        }
        return stored.toCompletableFuture().exceptionally(failure -> false);
    }

    /** Copies the written bytes of [max(start, position), min(end, written end)) into {@code granule} (which begins at {@code start}). */
    private static void copy(ByteBuffer data, long position, ByteBuffer granule, long start, long end) {
        long from = Math.max(start, position);
        long to = Math.min(end, position + data.remaining());
        if (from < to) {
            granule.put((int) (from - start), data, (int) (from - position), (int) (to - from));
        }
    }

    private static ByteBuffer slice(ByteBuffer data, long base, long from, long to) {
        return data.slice((int) (from - base), (int) (to - from));
    }
}
