package io.fscache.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A cookie: one file's handle on the cache.
 *
 * <p>Lifecycle: acquired from a {@link Volume}; {@link #use} when the file is opened and
 * {@link #unuse} when it is closed (uses nest); {@link #beginOperation()} around each piece of I/O;
 * finally {@link #relinquish}. After relinquishing, every method but the accessors throws
 * {@link IllegalStateException}.
 *
 * <p>Binding to a cache: the first use looks the object up (or creates it) in a live cache on the
 * worker pool. If that cache is later withdrawn the cookie becomes {@link CookieState#QUIESCENT}
 * and its next use or operation binds to whatever cache is live then.
 *
 * <p>Thread-safe; none of these calls performs cache I/O on the caller's thread, and only
 * {@link #beginOperation()} ever waits (for this cookie's own lookup or invalidation).
 */
@ProviderType
public interface Cookie {

    /** The volume this cookie belongs to. */
    Volume volume();

    /** A copy of this cookie's key. */
    byte[] key();

    /** A copy of the current coherency data, or an empty array if there is none. */
    byte[] aux();

    /** The object size last given by the filesystem. */
    long objectSize();

    /** The state of the cookie's state machine, for diagnostics. */
    CookieState state();

    /**
     * Pins the cookie's cache resources while a file is open; the first use starts the lookup.
     *
     * @param willModify the file is open for writing: once the cookie's object is looked up, the core
     *        tells the cache to expect writes ({@code CacheObject.prepareToWrite()}, on its worker
     *        pool; again for each new generation) until the last user unuses the cookie
     */
    void use(boolean willModify);

    /**
     * Undoes one {@link #use}, recording the file's coherency data and size as they are now. When
     * the last user unuses the cookie, its backing object stays open for the LRU period and is then
     * committed and closed.
     *
     * @param aux new coherency data, or {@code null} to keep the current data
     * @param objectSize the file's size now, or {@code -1} to keep the current size
     * @throws IllegalStateException if the cookie is not in use
     */
    void unuse(byte[] aux, long objectSize);

    /**
     * Discards the cached data: the file changed on the server. Never waits for I/O in flight: the
     * object gets fresh backing store, new operations use it, and reads begun before this call
     * complete with {@link StaleCacheException}; writes begun before it are dropped.
     *
     * @param aux the new coherency data, or {@code null} to keep the current data
     * @param objectSize the new size, {@code >= 0}
     */
    void invalidate(byte[] aux, long objectSize);

    /**
     * Changes the object size (a truncate or extend done locally). Cached data beyond the new size
     * is dropped.
     *
     * @param newSize {@code >= 0}
     */
    void resize(long newSize);

    /**
     * Records new coherency data and size without discarding data (the file changed in a way the
     * filesystem already accounted for, such as its own write). Written to the cache on commit.
     *
     * @param aux the new coherency data, or {@code null} to keep the current data
     * @param objectSize the new size, or {@code -1} to keep the current size
     */
    void update(byte[] aux, long objectSize);

    /**
     * Ends the cookie. The backing object is committed and closed in the background; a cookie with
     * the same key acquired meanwhile waits until that has finished.
     *
     * @param retire also delete the cached data (the file was deleted on the server)
     */
    void relinquish(boolean retire);

    /**
     * Begins a piece of I/O against the cache. While the returned access is open, its cache cannot
     * finish withdrawing and its object stays open.
     *
     * <p>If the cookie's lookup or invalidation is under way, this waits for it. If no cache can
     * serve (none live, lookup failed, cache withdrawing, open-object cap reached), returns empty
     * at once and the caller goes to the server.
     *
     * @return an open access to be closed by the caller, or empty
     * @throws IllegalStateException if the cookie has been relinquished
     */
    Optional<CacheAccess> beginOperation();
}
