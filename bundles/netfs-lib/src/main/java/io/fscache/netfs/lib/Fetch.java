package io.fscache.netfs.lib;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One server read of a range of a file (whole cache granules when the file is cached), shared by
 * every reader that needs a part of it: concurrent readers of a cold range wait for the same fetch
 * instead of each asking the server. The bytes stay in memory only until they are in the cache (or,
 * for readahead without a cache, until the reader has passed them).
 */
final class Fetch {

    /** The first byte fetched. */
    final long start;
    /** The file's write generation when the fetch began (see {@link FileNode#readGeneration}). */
    final long generation;
    /** Completes with a read-only view of the bytes [{@link #start}, {@link #end}). */
    final CompletableFuture<ByteBuffer> data = new CompletableFuture<>();
    /** One past the last byte; set by the fetch's owner before anyone else can see the fetch's range. */
    private volatile long end;

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

    /** Copies the fetched bytes at {@code position} into {@code dst}, filling it; the bytes must have arrived. */
    void copyTo(long position, ByteBuffer dst) {
        ByteBuffer bytes = data.join();
        dst.put(dst.position(), bytes, (int) (position - start), dst.remaining());
    }

    @Override
    public String toString() {
        return "fetch [" + start + ", " + end + ")";
    }
}
