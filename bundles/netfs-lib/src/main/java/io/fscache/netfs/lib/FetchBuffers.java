package io.fscache.netfs.lib;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buffers of cached fetches from protocols that do not lend their own receive buffers
 * ({@link io.fscache.netfs.ReceivingFile}), reused. A fetch's buffer is a protocol read size of heap memory
 * (1 MiB for NFS and SMB), and a fresh one costs its zeroing and first-touch page faults on the
 * reader's thread: a cold read profile spent a fifth of the client's CPU there. A buffer comes back
 * when its fetch's last user is done with it ({@link Fetch#release}).
 *
 * <p>Thread-safe; one per export's file table, holding at most 24 MiB (and at least 16 buffers) of
 * free buffers of each size (in practice one size: whole granules up to the protocol's read size).
 * Sixteen 1 MiB buffers were too few: a cold sequential read still allocated and zeroed a fresh
 * buffer for most fetches, 40 % of the reader thread's CPU.
 */
final class FetchBuffers {

    /**
     * What the free buffers may hold, in bytes: a sequential reader keeps about two readahead windows
     * of fetches (8 MiB each by default) ahead of it, plus the one it is copying from, and their
     * buffers come back only once it has passed them.
     */
    private static final int KEPT_BYTES = 24 << 20;
    private static final int KEPT_MIN = 16;

    private final Map<Integer, Queue<ByteBuffer>> free = new ConcurrentHashMap<>();

    /** A buffer of {@code capacity} bytes, cleared; its contents are undefined. */
    ByteBuffer take(int capacity) {
        Queue<ByteBuffer> kept = free.get(capacity);
        ByteBuffer buffer = kept == null ? null : kept.poll();
        return buffer != null ? buffer.clear() : ByteBuffer.allocate(capacity);
    }

    /** Gives a buffer back; nobody may use it any more. */
    void give(ByteBuffer buffer) {
        free.computeIfAbsent(buffer.capacity(), c -> new ArrayBlockingQueue<>(Math.max(KEPT_MIN, KEPT_BYTES / c))).offer(buffer);
    }
}
