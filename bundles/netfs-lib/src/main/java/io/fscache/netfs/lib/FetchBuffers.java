package io.fscache.netfs.lib;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buffers of cached fetches, reused. A fetch's buffer is a protocol read size of heap memory
 * (1 MiB for NFS and SMB), and a fresh one costs its zeroing and first-touch page faults on the
 * reader's thread: a cold read profile spent a fifth of the client's CPU there. A buffer comes back
 * when its fetch's last user is done with it ({@link Fetch#release}).
 *
 * <p>Thread-safe; one per export's file table, holding at most {@value #KEPT} free buffers of each
 * size (in practice one size: whole granules up to the protocol's read size).
 */
final class FetchBuffers {

    private static final int KEPT = 16;

    private final Map<Integer, Queue<ByteBuffer>> free = new ConcurrentHashMap<>();

    /** A buffer of {@code capacity} bytes, cleared; its contents are undefined. */
    ByteBuffer take(int capacity) {
        Queue<ByteBuffer> kept = free.get(capacity);
        ByteBuffer buffer = kept == null ? null : kept.poll();
        return buffer != null ? buffer.clear() : ByteBuffer.allocate(capacity);
    }

    /** Gives a buffer back; nobody may use it any more. */
    void give(ByteBuffer buffer) {
        free.computeIfAbsent(buffer.capacity(), c -> new ArrayBlockingQueue<>(KEPT)).offer(buffer);
    }
}
