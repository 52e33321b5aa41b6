package io.fscache.spi;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One cookie's backing store in a cache: the data, its content map and its coherency data.
 *
 * <p>An object is one <em>generation</em> of a file's cached content. {@link #invalidate} creates
 * the next generation and detaches this one: I/O still in flight on a detached object completes
 * but its results are never used, and the core calls {@link #discard()} on it once that I/O is
 * done. This is what lets invalidation proceed without waiting for I/O (the tmpfile trick).
 *
 * <p>Threading: {@code read}, {@code write}, {@code prepareRead} and {@code occupancy} may be called
 * concurrently from any thread, and concurrently with {@code resize}, {@code commit} and
 * {@code invalidate}. {@code close()} and {@code discard()} are called once, after every operation
 * has completed. Stages may complete on any thread; completing them on the calling thread is
 * allowed (an in-memory cache does), and so is doing the I/O there (the on-disk cache reads from
 * the page cache on the caller's thread): call from a thread that may block.
 *
 * <p>Buffers: the backend owns a buffer passed to {@code read}/{@code write} until the stage
 * completes, must not keep a reference after that, and advances its position by the bytes moved.
 */
@ConsumerType
public interface CacheObject {

    /** The object size as this object records it. */
    long objectSize();

    /**
     * Classifies the range starting at {@code position}: {@link io.fscache.api.ReadSource#CACHE} if
     * the granule holding {@code position} is present, {@code SERVER} if not; the length is the run
     * of granules with the same answer, clamped to {@code length} and to the object size. At or
     * beyond the object size the answer is {@code ZEROS} for the whole {@code length}.
     *
     * @param position {@code >= 0}
     * @param length {@code > 0}
     */
    ReadExtent prepareRead(long position, long length);

    /**
     * Reads present bytes. Completes exceptionally with a {@link DataNotPresentException} if any part
     * of the range is no longer present (evicted or culled meanwhile), or another
     * {@link IOException} if it could not be read: never with wrong bytes.
     *
     * @return the number of bytes read, {@code dst.remaining()} clamped to the object size (so
     *         {@code 0} at or beyond it)
     */
    CompletionStage<Integer> read(long position, ByteBuffer dst);

    /**
     * Stores whole granules (the last may end at the object size) and, only once the bytes are
     * held, marks them present. A write that lands after a concurrent {@link #resize} made the
     * object smaller marks nothing beyond the new size.
     *
     * @return {@code true} once every granule is stored and marked present; {@code false} if any
     *         was not (no space, the cache's admission policy declined it, or a concurrent shrink cut
     *         it off); exceptionally with an {@link IOException} on failure
     */
    CompletionStage<Boolean> write(long position, ByteBuffer src);

    /**
     * Stores bytes held in several buffers, in order, as {@link #write(long, ByteBuffer)} stores one
     * buffer's; each buffer is consumed from position to limit. This default copies them into one
     * buffer first: a backend that can store from several buffers overrides it.
     *
     * @since 1.4
     */
    default CompletionStage<Boolean> write(long position, ByteBuffer[] srcs) {
        long length = 0;
        for (ByteBuffer src : srcs) {
            length += src.remaining();
        }
        ByteBuffer joined = ByteBuffer.allocate(Math.toIntExact(length));
        for (ByteBuffer src : srcs) {
            joined.put(src);
        }
        return write(position, joined.flip());
    }

    /** How much of the object is present now. */
    Occupancy occupancy();

    /**
     * Creates the next generation: an empty object with the given coherency data and size. This
     * object is detached from the key (a later lookup never finds it) but keeps serving the I/O
     * already issued to it until the core discards it.
     *
     * @throws IOException if the new generation cannot be created; this object is then detached
     *         anyway and the cookie is left uncached
     */
    CacheObject invalidate(byte[] aux, long objectSize) throws IOException;

    /**
     * Sets the object size. Granules wholly beyond the new size are dropped, and so is any granule
     * that is partial under the old or the new size (its bytes past the old end are unknown).
     */
    void resize(long newSize) throws IOException;

    /**
     * The file is open for writing (a {@code Cookie.use(true)}): data may now be written whose
     * coherency data the core learns only at the next {@link #commit}. A persistent cache makes sure
     * that a crash before that commit leaves the object untrusted by later lookups; the kernel's
     * cachefiles marks its xattr {@code CACHEFILES_CONTENT_DIRTY} ({@code cachefiles_prepare_to_write}),
     * this project's cachefiles a flag in its metadata. A cache that keeps nothing across restarts
     * needs nothing here (the default).
     *
     * <p>Called by the core on its worker pool, once per object while it is bound to a cookie in
     * use for writing (again for the next generation after an invalidation), concurrently with
     * reads and writes, never after {@code close()} or {@code discard()}.
     *
     * @throws IOException if the mark cannot be made durable: the core counts an I/O error
     * @since 1.3
     */
    default void prepareToWrite() throws IOException {
    }

    /**
     * Records coherency data and size durably, so a later lookup can check them; ends what
     * {@link #prepareToWrite()} began.
     */
    void commit(byte[] aux, long objectSize) throws IOException;

    /**
     * Releases the object, keeping its content for a later lookup (a backend may forget an object
     * that holds no data). Called once, after all I/O.
     */
    void close();

    /** Releases the object and deletes its content (retired, invalidated or failed). Called once, after all I/O. */
    void discard();
}
