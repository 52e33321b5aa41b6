package io.fscache.netfs.lib;

import io.fscache.netfs.ReceivedBytes;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server read of a range of a file (whole cache granules when the file is cached), shared by
 * every reader that needs a part of it: concurrent readers of a cold range wait for the same fetch
 * instead of each asking the server. The bytes stay in memory only until they are in the cache (or,
 * for readahead without a cache, until the reader has passed them).
 *
 * <p>The bytes are lent (the protocol's own receive buffers, or a reused buffer of the engine's,
 * {@link FetchBuffers}), so the fetch is reference-counted: its launcher holds a reference until the
 * bytes are in the cache (or will not be), and each reader takes one ({@link #acquire}) when it finds
 * the fetch and drops it once it has copied; the last gives the bytes back. A reader that finds the
 * fetch done with already reads the range elsewhere, by then from the cache.
 */
final class Fetch {

    /** The first byte fetched. */
    final long start;
    /** The file's write generation when the fetch began (see {@link FileNode#readGeneration}). */
    final long generation;
    /** Completes once the bytes [{@link #start}, {@link #end}) have arrived, or exceptionally if they will not. */
    final CompletableFuture<Void> arrived = new CompletableFuture<>();
    /** The launcher's reference and the readers'; at zero the bytes are given back. */
    private final AtomicInteger refs = new AtomicInteger(1);
    /** One past the last byte; set by the fetch's owner before anyone else can see the fetch's range. */
    private volatile long end;
    private volatile FetchedBytes bytes;

    Fetch(long start, long generation) {
        this.start = start;
        this.end = start;
        this.generation = generation;
    }

    long end() {
        return end;
    }

    void extendTo(long newEnd) {
        end = newEnd;
    }

    boolean covers(long position) {
        return position >= start && position < end;
    }

    /** The bytes [{@link #start}, {@link #end}) have arrived; the fetch gives them back when done with. */
    void filled(ReceivedBytes received) {
        bytes = new FetchedBytes(received);
        arrived.complete(null);
    }

    /** Read-only views of the bytes, for the launcher's store; valid until the launcher's {@link #release}. */
    ByteBuffer[] bytes() {
        return bytes.views();
    }

    /**
     * Takes a reader's reference, to copy once the bytes have arrived.
     *
     * @return false if the fetch is done with (its bytes are in the cache, or will not be): read the range elsewhere
     */
    boolean acquire() {
        for (int n = refs.get(); n > 0; n = refs.get()) {
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Drops the launcher's reference, or a reader's ({@link #acquire}); the last gives the bytes back. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            FetchedBytes held = bytes;
            bytes = null;
            if (held != null) {
                held.close();
            }
        }
    }

    /**
     * Copies the fetched bytes at {@code position} into {@code dst}, filling it; the bytes must have
     * arrived and the caller hold a reference.
     */
    void copyTo(long position, ByteBuffer dst) {
        bytes.copyTo((int) (position - start), dst);
    }

    @Override
    public String toString() {
        return "fetch [" + start + ", " + end + ")";
    }
}
