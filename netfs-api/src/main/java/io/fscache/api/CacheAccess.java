package io.fscache.api;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An open operation on a cookie's cache object (the kernel's {@code netfs_cache_resources}).
 *
 * <p>While an access is open its cache cannot finish withdrawing and its object is not closed;
 * close it promptly. Closing does not cancel reads or writes in flight: they complete, and the
 * access is really released when the last of them has.
 *
 * <p><b>Invalidation.</b> The access is tied to the object generation that was current when it was
 * begun. If the cookie is invalidated (or its cache withdrawn) later, the access becomes
 * {@linkplain #isStale() stale}: its reads complete exceptionally with {@link StaleCacheException}
 * and its writes are dropped (complete with {@code false}).
 *
 * <p><b>Buffers.</b> A buffer passed to {@link #read} or {@link #write} belongs to the cache until the
 * returned stage completes: the caller must not read, write or free it before then. Reads fill the
 * buffer from its position towards its limit; writes consume it from position to limit; in both
 * cases the position is advanced by the bytes transferred.
 *
 * <p>Thread-safe: several reads and writes may be in flight at once on different ranges.
 * Completion callbacks may run on the caller's thread (an in-memory cache completes synchronously)
 * or on a cache I/O thread; they must not block.
 */
@ProviderType
public interface CacheAccess extends AutoCloseable {

    /** The name of the cache this access reads and writes. */
    String cacheName();

    /**
     * The cache's unit of storage, in bytes (a power of two, 256 KiB by default). The cache holds
     * whole granules only: writes start on a granule boundary and cover whole granules, except
     * the last granule of the object, which ends at the object size.
     */
    int granuleSize();

    /** The object size as the cache knows it. */
    long objectSize();

    /**
     * Says where the bytes starting at {@code position} come from: the longest run, at most
     * {@code length} bytes, that comes from one source.
     *
     * @param position {@code >= 0}
     * @param length {@code > 0}
     * @return never {@code null}; a stale access answers {@link ReadSource#SERVER} for the range
     */
    ReadExtent prepareRead(long position, long length);

    /**
     * Reads cached bytes into {@code dst}, starting at file position {@code position}, as many as
     * {@code dst} has room for. The range must be one that {@link #prepareRead} said is in the cache.
     *
     * @return a stage completing with the number of bytes read, or exceptionally with
     *         {@link StaleCacheException} (invalidated or withdrawn meanwhile) or an
     *         {@link java.io.IOException} (the cache failed; the object has been discarded). In every
     *         exceptional case the caller reads the range from the server.
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws IllegalStateException if this access is closed
     */
    CompletionStage<Integer> read(long position, ByteBuffer dst);

    /**
     * Stores bytes fetched from (or written to) the server. {@code position} must be a multiple of
     * the granule size and the buffer must hold whole granules, or end exactly at the object size.
     *
     * @return a stage completing with {@code true} if the bytes are stored, {@code false} if they
     *         were not (stale access, no space, cache failed or withdrawing). Never completes
     *         exceptionally: a cache write never fails the caller.
     * @throws IllegalArgumentException if the range is misaligned or extends past the object size
     * @throws IllegalStateException if this access is closed
     */
    CompletionStage<Boolean> write(long position, ByteBuffer src);

    /**
     * Stores bytes held in several buffers, in order, as {@link #write(long, ByteBuffer)} stores one
     * (a gathering write: the bytes of a server reply that arrived in several socket reads are stored
     * without first being copied into one buffer). Each buffer is consumed from position to limit.
     *
     * @since 1.4
     */
    CompletionStage<Boolean> write(long position, ByteBuffer[] srcs);

    /** How much of the object the cache holds now. */
    Occupancy occupancy();

    /** Whether the cookie was invalidated, or the cache withdrawn, since this access began. */
    boolean isStale();

    /** Ends the operation. Idempotent; never throws. */
    @Override
    void close();
}
