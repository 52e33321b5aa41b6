package io.fscache.backend.memory;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The byte budget: hands out at most {@code limit} slabs, allocating them lazily and reusing freed
 * ones, so the cache can never hold more than its capacity whatever the index does.
 */
final class SlabPool {

    private final int slabSize;
    private final long limit;
    private final Queue<Slab> free = new ConcurrentLinkedQueue<>();
    private final AtomicLong created = new AtomicLong();
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
        inUse.set(0);
    }

    private Slab allocate() {
        long n;
        do {
            n = created.get();
            if (n >= limit) {
                return null;
            }
        } while (!created.compareAndSet(n, n + 1));
        try {
            return new Slab(ByteBuffer.allocateDirect(slabSize));
        } catch (OutOfMemoryError e) {
            // The JVM's direct memory limit is below the configured capacity: treat it as no space.
            created.decrementAndGet();
            return null;
        }
    }
}
