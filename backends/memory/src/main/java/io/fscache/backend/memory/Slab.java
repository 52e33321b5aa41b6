package io.fscache.backend.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * One granule of off-heap storage, reused across granules, with a stamp that lets readers copy
 * without locks and still notice that the slab was recycled under them (a seqlock).
 *
 * <p>The stamp is odd while the slab is not readable (free or being filled) and even while it
 * holds a published granule. Every change of content is preceded by a change of the stamp, so a
 * reader that sees the same even stamp before and after its copy copied the granule it asked for.
 */
final class Slab {

    private static final VarHandle STAMP;

    static {
        try {
            STAMP = MethodHandles.lookup().findVarHandle(Slab.class, "stamp", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ByteBuffer buffer;
    private volatile long stamp = 1;
    // Written before the stamp is published, read after it is read: the stamp orders them.
    private MemoryObject owner;
    private long granule;

    Slab(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * Copies the next {@code length} bytes of {@code srcs} (in order, moving their positions) into this
     * free slab and publishes it as {@code granule} of {@code owner}.
     *
     * @return the published stamp, which stays current until the slab leaves the index
     */
    long fill(MemoryObject owner, long granule, ByteBuffer[] srcs, int length) {
        // An atomic update before the bytes change, as StampedLock's write lock does: no reader
        // that sees a byte of this fill can still validate an older stamp.
        long open = (long) STAMP.getAndAdd(this, 2L) + 2L;
        int filled = 0;
        for (int i = 0; filled < length; i++) {
            ByteBuffer src = srcs[i];
            int n = Math.min(src.remaining(), length - filled);
            DirectCopy.copy(src, src.position(), buffer, filled, n);
            src.position(src.position() + n);
            filled += n;
        }
        this.owner = owner;
        this.granule = granule;
        stamp = open + 1;
        return open + 1;
    }

    /**
     * Copies bytes of this slab into {@code dst} if it holds {@code granule} of {@code owner} and
     * kept it during the copy. On {@code false} the bytes put into {@code dst} are garbage.
     */
    boolean copyTo(MemoryObject owner, long granule, int offset, ByteBuffer dst, int dstIndex, int length) {
        long seen = stamp;
        if ((seen & 1) != 0 || this.owner != owner || this.granule != granule) {
            return false;
        }
        DirectCopy.copy(buffer, offset, dst, dstIndex, length);
        // Keeps the copy's loads before the re-read of the stamp.
        VarHandle.acquireFence();
        return stamp == seen;
    }

    /** Whether the slab still holds what was published with {@code published}. */
    boolean holds(long published) {
        return stamp == published;
    }

    /**
     * Makes the slab unreadable. Called exactly once per publication, by the thread that took it
     * out of the index, under the owner's lock.
     */
    void kill() {
        stamp = stamp + 1;
    }

    MemoryObject owner() {
        return owner;
    }

    long granule() {
        return granule;
    }

    /** Forgets the owner so a free slab does not keep a discarded object reachable. */
    void recycle() {
        owner = null;
    }
}
