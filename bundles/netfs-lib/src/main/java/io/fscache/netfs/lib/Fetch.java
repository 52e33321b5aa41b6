package io.fscache.netfs.lib;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server read of a range of a file (whole cache granules when the file is cached), shared by
 * every reader that needs a part of it: concurrent readers of a cold range wait for the same fetch
 * instead of each asking the server. The bytes stay in memory only until they are in the cache (or,
 * for readahead without a cache, until the reader has passed them).
 *
 * <p>A cached fetch's buffer is reused once the fetch is done with ({@link FetchBuffers}), so it is
 * reference-counted: its launcher holds a reference until the bytes are in the cache (or will not
 * be), and each reader takes one ({@link #acquire}) when it finds the fetch and drops it once it has
 * copied. A reader that finds the fetch done with already reads the range elsewhere, by then from the
 * cache. An uncached fetch's buffer is not reused and needs no counting.
 */
final class Fetch {

    /** The first byte fetched. */
    final long start;
    /** The file's write generation when the fetch began (see {@link FileNode#readGeneration}). */
    final long generation;
    /** Completes once the bytes [{@link #start}, {@link #end}) have arrived, or exceptionally if they will not. */
    final CompletableFuture<Void> arrived = new CompletableFuture<>();
    /** Where the buffer goes back once the fetch is done with, or {@code null} if it is not reused. */
    private final FetchBuffers buffers;
    /** The launcher's reference and the readers'; at zero the buffer is given back. */
    private final AtomicInteger refs = new AtomicInteger(1);
    /** One past the last byte; set by the fetch's owner before anyone else can see the fetch's range. */
    private volatile long end;
    private volatile ByteBuffer bytes;

    /** @param buffers where a cached fetch's buffer goes back, or {@code null} for one not reused */
    Fetch(long start, long generation, FetchBuffers buffers) {
        this.start = start;
        this.end = start;
        this.generation = generation;
        this.buffers = buffers;
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

    /** A buffer for the fetch's bytes: {@code length} bytes, from a buffer of {@code capacity} if reused. */
    ByteBuffer buffer(int capacity, int length) {
        return buffers == null ? ByteBuffer.allocate(length) : buffers.take(capacity).limit(length);
    }

    /** The bytes have arrived in {@code buffer} (from its position 0). */
    void filled(ByteBuffer buffer) {
        bytes = buffer;
        arrived.complete(null);
    }

    /** A read-only view of the bytes, for the launcher's store; valid until the launcher's {@link #release}. */
    ByteBuffer bytes() {
        return bytes.asReadOnlyBuffer();
    }

    /**
     * Takes a reader's reference, to copy once the bytes have arrived.
     *
     * @return false if the fetch is done with (its bytes are in the cache, or will not be): read the range elsewhere
     */
    boolean acquire() {
        if (buffers == null) {
            return true;
        }
        for (int n = refs.get(); n > 0; n = refs.get()) {
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Drops the launcher's reference, or a reader's ({@link #acquire}); the last gives the buffer back. */
    void release() {
        if (buffers != null && refs.decrementAndGet() == 0) {
            ByteBuffer buffer = bytes;
            bytes = null;
            if (buffer != null) {
                buffers.give(buffer);
            }
        }
    }

    /**
     * Copies the fetched bytes at {@code position} into {@code dst}, filling it; the bytes must have
     * arrived and the caller hold a reference.
     */
    void copyTo(long position, ByteBuffer dst) {
        dst.put(dst.position(), bytes, (int) (position - start), dst.remaining());
    }

    @Override
    public String toString() {
        return "fetch [" + start + ", " + end + ")";
    }
}
