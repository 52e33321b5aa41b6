package io.fscache.backend.memory;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The byte budget: hands out at most {@code limit} slabs, allocating them lazily and reusing freed
 * ones, so the cache can never hold more than its capacity whatever the index does.
 *
 * <p>Slabs are cut from chunks of up to {@link #CHUNK} bytes on huge pages ({@link HugePages}); a
 * chunk's memory returns to the JVM when the pool and every slab of it are unreachable.
 */
final class SlabPool {

    /** Bytes of slabs allocated at once: 16 huge pages. */
    static final int CHUNK = 16 * HugePages.SIZE;

    private final int slabSize;
    private final long limit;
    private final Queue<Slab> free = new ConcurrentLinkedQueue<>();
    // Slabs cut so far; guarded by this, as is the chunk being cut.
    private long created;
    private ByteBuffer chunk;
    // Counted after a take and before a give, so it never exceeds the slabs really out.
    private final AtomicLong inUse = new AtomicLong();
    private volatile boolean closed;

    SlabPool(int slabSize, long limit) {
        this.slabSize = slabSize;
        this.limit = limit;
    }

    /** A free slab, or {@code null} if the budget is spent (or the pool closed). */
    Slab take() {
        if (closed) {
            return null;
        }
        Slab slab = free.poll();
        if (slab == null) {
            slab = allocate();
            if (slab == null) {
                return null;
            }
        }
        inUse.incrementAndGet();
        return slab;
    }

    /** Returns a slab that left the index; it is killed already. */
    void give(Slab slab) {
        slab.recycle();
        if (!closed) {
            inUse.decrementAndGet();
            free.offer(slab);
        }
    }

    /** Bytes in slabs that are out of the pool. */
    long usage() {
        return inUse.get() * slabSize;
    }

    /** Drops every slab (the garbage collector frees their memory) and refuses further takes. */
    void close() {
        closed = true;
        free.clear();
        synchronized (this) {
            chunk = null;
        }
        inUse.set(0);
    }

    /** The next slab of the current chunk, a new chunk when it is used up, or null past the budget. */
    private synchronized Slab allocate() {
        if (created >= limit) {
            return null;
        }
        if (chunk == null || !chunk.hasRemaining()) {
            long slabs = Math.min(limit - created, Math.max(1, CHUNK / slabSize));
            try {
                chunk = HugePages.allocate(Math.toIntExact(slabs * slabSize));
            } catch (OutOfMemoryError e) {
                try {
                    chunk = ByteBuffer.allocateDirect(slabSize);
                } catch (OutOfMemoryError again) {
                    // The JVM's direct memory limit is below the configured capacity: treat it as no space.
                    return null;
                }
            }
        }
        created++;
        ByteBuffer slab = chunk.slice(chunk.position(), slabSize);
        chunk.position(chunk.position() + slabSize);
        return new Slab(slab);
    }
}
