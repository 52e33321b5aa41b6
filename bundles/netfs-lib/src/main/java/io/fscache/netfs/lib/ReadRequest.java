package io.fscache.netfs.lib;

import io.fscache.api.CacheAccess;
import io.fscache.api.Futures;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One read of an open file (the kernel's {@code netfs_io_request}): owns the cache access it reads
 * through and the subrequests it is cut into.
 *
 * <p>A read of [position, position + length) is clamped to the file size and cut into subrequests,
 * each served from one source:
 * <ul>
 * <li>a fetch already in flight for the same granule (this handle's readahead, or another reader's):
 *     waited for, not repeated, so eight readers of one cold file cost one server read per granule;
 *     if another reader's fetch fails, the range is read from the server again, unless the server
 *     did not answer it in time ({@link java.net.SocketTimeoutException}): then the read fails too;</li>
 * <li>the cache, where {@link CacheAccess#prepareRead} says it holds the range; a cache read that
 *     fails for any reason (stale, evicted, I/O error) is reissued to the server (the kernel's
 *     {@code read_retry.c});</li>
 * <li>zeros, beyond the object's end;</li>
 * <li>the server: the missing granules are claimed in the file's {@link FetchTable} and fetched
 *     whole, one {@code prepareRead} per missing extent, so a backend counts each granule sent to the
 *     server once.</li>
 * </ul>
 * Without a cache, reads go straight to the server into the caller's buffer. Subrequests run
 * concurrently; the read returns when all have completed, or throws the first failure.
 *
 * <p>Reference counted: the reader holds one reference, and each fetch it launches holds one until
 * its copy to the cache has completed; the cache access is closed with the last. A request is used
 * by one reader thread; its fetches complete on the protocol's threads.
 */
final class ReadRequest {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final FileNode node;
    private final ServerIo server;
    /** The cache access, or {@code null}: the file is not cached or its cache is not live. */
    private final CacheAccess access;
    private final AtomicInteger refs = new AtomicInteger(1);
    /** Subrequests served by cache reads and server reads of their own, completing on I/O threads. */
    private final List<CompletableFuture<Void>> parts = new ArrayList<>(4);
    /** Subrequests served by fetches: copied on the reader's thread once each fetch's bytes are in. */
    private final List<FetchCopy> copies = new ArrayList<>(4);
    /** Where {@link #target} starts in the file. */
    private long base;
    private ByteBuffer target;

    private ReadRequest(FileNode node, ServerIo server, CacheAccess access) {
        this.node = node;
        this.server = server;
        this.access = access;
    }

    /**
     * Reads into {@code dst} (from its position to its limit) the bytes at {@code position}: the
     * server's data, zeros where only write-back data extends the file, and the dirty data over both.
     *
     * @param readahead this handle's readahead, or {@code null} if it has none
     * @return the bytes read, {@code -1} at or beyond the end of the file
     * @throws ShortFileException if the server's file turned out shorter than {@link FileNode#size}:
     *         nothing was read; refresh the size and read again
     * @throws IOException the server's error, as the protocol reported it
     */
    static int read(FileNode node, ServerIo server, Readahead readahead, long position, ByteBuffer dst)
            throws IOException {
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
            ReadRequest request = new ReadRequest(node, server, node.beginCacheOperation());
            request.readServerData(position, target.slice(0, (int) (serverEnd - position)), readahead);
        }
        // Beyond the server's end: a hole that only write-back data fills.
        for (int i = (int) Math.max(0, serverEnd - position); i < length; i++) {
            target.put(i, (byte) 0);
        }
        node.dirty().overlay(position, target);
        dst.position(dst.position() + length);
        return length;
    }

    /** The cache access, or {@code null}. */
    CacheAccess access() {
        return access;
    }

    ServerIo server() {
        return server;
    }

    /** Takes a reference for a fetch that will copy to the cache through this request's access. */
    ReadRequest retain() {
        refs.incrementAndGet();
        return this;
    }

    /** Drops a reference; the last one closes the cache access. */
    void release() {
        if (refs.decrementAndGet() == 0 && access != null) {
            access.close();
        }
    }

    private void readServerData(long position, ByteBuffer data, Readahead readahead) throws IOException {
        base = position;
        target = data;
        long end = position + data.remaining();
        try {
            if (readahead != null) {
                readahead.advance(position, end, this);
            }
            long at = position;
            while (at < end) {
                at = issue(at, end, readahead);
            }
            for (FetchCopy copy : copies) {
                parts.add(collect(copy));
            }
            Futures.await(allParts());
        } catch (RuntimeException e) {
            // Never hand the buffer back while subrequests still fill it.
            allParts().handle((ignored, failure) -> null).join();
            throw e;
        } finally {
            // Only now: a collect that finds its range outside the fetch reads the cache through this
            // access. Released before, the read failed on the closed access and went to the server,
            // outside the fetch table (four mounts' readers sent up to 5 MiB more than the file).
            release();
        }
    }

    /** Issues the subrequest starting at {@code at}; returns where the next one starts. */
    private long issue(long at, long end, Readahead readahead) {
        Fetch ahead = readahead == null ? null : readahead.covering(at);
        if (ahead != null && ahead.acquire()) {
            long segmentEnd = Math.min(end, ahead.end());
            copies.add(new FetchCopy(ahead, at, slice(at, segmentEnd), false));
            return segmentEnd;
        }
        if (access == null) {
            long segmentEnd = Math.min(end, readahead == null ? end : readahead.nextStart(at));
            parts.add(fromServer(at, slice(at, segmentEnd)));
            return segmentEnd;
        }
        int granuleSize = access.granuleSize();
        long stamp = node.fetches().stamp();
        Fetch inFlight = node.fetches().current(at / granuleSize);
        if (inFlight != null && inFlight.acquire()) {
            long segmentEnd = Math.min(end, inFlight.end());
            copies.add(new FetchCopy(inFlight, at, slice(at, segmentEnd), false));
            return segmentEnd;
        }
        ReadExtent extent = access.prepareRead(at, node.fetches().unclaimedEnd(at, end, granuleSize) - at);
        long extentEnd = at + extent.length();
        switch (extent.source()) {
            case CACHE -> parts.add(fromCache(at, slice(at, extentEnd)));
            case ZEROS -> {
                ByteBuffer zeros = slice(at, extentEnd);
                while (zeros.hasRemaining()) {
                    zeros.put((byte) 0);
                }
            }
            case SERVER -> {
                // The whole missing extent, in as many fetches as it takes; a granule another reader
                // claimed meanwhile ends the run, and the next subrequest waits for that reader's fetch.
                long claimed = at;
                while (claimed < extentEnd) {
                    Fetch mine = node.fetches().claim(this, claimed / granuleSize, extentEnd, stamp, true);
                    if (mine == null) {
                        break;
                    }
                    long segmentEnd = Math.min(end, mine.end());
                    copies.add(new FetchCopy(mine, claimed, slice(claimed, segmentEnd), true));
                    claimed = segmentEnd;
                }
                return claimed;
            }
        }
        return extentEnd;
    }

    /**
     * A subrequest served by a fetch, of which it holds a reader's reference ({@link Fetch#acquire}):
     * {@code own} if this request launched it (its failure is then the read's), else another reader's
     * or readahead's.
     */
    private record FetchCopy(Fetch fetch, long at, ByteBuffer dst, boolean own) {
    }

    /**
     * Waits on the reader's thread for the fetch's bytes and copies them, so the protocol's I/O
     * thread only completes the fetch; what the fetch cannot serve is read afresh.
     */
    private CompletableFuture<Void> collect(FetchCopy copy) {
        Fetch fetch = copy.fetch();
        ByteBuffer dst = copy.dst();
        try {
            try {
                fetch.arrived.join();
            } catch (CompletionException | CancellationException e) {
                // Our own fetch's error is the read's; another reader's error is its own: read the range
                // ourselves. Unless the server did not answer it in time: asking again made a reader
                // behind a silent server wait a second timeout, and a third on NFSv4.1.
                return copy.own() || ServerFailures.timedOut(e) ? CompletableFuture.failedFuture(Futures.unwrap(e))
                        : fromServer(copy.at(), dst);
            }
            if (fetch.covers(copy.at()) && copy.at() + dst.remaining() <= fetch.end()) {
                fetch.copyTo(copy.at(), dst);
                return DONE;
            }
        } finally {
            fetch.release();
        }
        // The fetch gave the range back before it was launched (the cache had it by then).
        return fromCacheOrServer(copy.at(), dst);
    }

    private CompletableFuture<Void> fromCacheOrServer(long at, ByteBuffer dst) {
        if (access != null) {
            ReadExtent extent = access.prepareRead(at, dst.remaining());
            if (extent.source() == ReadSource.CACHE && extent.length() == dst.remaining()) {
                return fromCache(at, dst);
            }
        }
        return fromServer(at, dst);
    }

    private CompletableFuture<Void> fromCache(long at, ByteBuffer dst) {
        CompletionStage<Integer> read;
        try {
            read = access.read(at, dst.duplicate());
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        int wanted = dst.remaining();
        CompletableFuture<Integer> done = read.toCompletableFuture();
        if (done.isDone() && !done.isCompletedExceptionally() && Integer.valueOf(wanted).equals(done.getNow(null))) {
            // A cache that completes at once (memory): no stages to chain on the warm path.
            return DONE;
        }
        return read.handle((n, failure) -> failure == null && n != null && n == wanted
                ? CompletableFuture.<Void>completedFuture(null)
                : fromServer(at, dst)).toCompletableFuture().thenCompose(stage -> stage);
    }

    private CompletableFuture<Void> fromServer(long at, ByteBuffer dst) {
        return server.read(at, dst);
    }

    private CompletableFuture<Void> allParts() {
        return parts.size() == 1 ? parts.get(0) : CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
    }

    private ByteBuffer slice(long from, long to) {
        return target.slice((int) (from - base), (int) (to - from));
    }
}
