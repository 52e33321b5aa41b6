package io.fscache.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A volume: the set of cookies of one server export, kept together in a cache.
 *
 * <p>Thread-safe. Obtained from {@link FsCache#acquireVolume}; ended with {@link #relinquish}.
 */
@ProviderType
public interface Volume {

    /** The longest cookie key accepted, in bytes. */
    int MAX_KEY_LENGTH = 255;

    /** The key this volume was acquired with. */
    String key();

    /** The cache this volume was asked to use, or {@code null} if any live cache will do. */
    String cacheName();

    /**
     * Acquires the cookie for one file.
     *
     * <p>Nothing is looked up in the cache yet: that happens, off the caller's thread, when the
     * cookie is first {@linkplain Cookie#use used}. If a cookie with the same key is live in this
     * volume, the acquisition is counted as a collision and refused with
     * {@link KeyCollisionException}; if one is being relinquished, this call waits until it has
     * gone (so that a retired object is never found again).
     *
     * @param key the file's identity within the volume (file handle, inode number, qid path...),
     *        1 to {@value #MAX_KEY_LENGTH} bytes; copied
     * @param aux coherency data (change attribute, mtime, data version...), at most
     *        {@value FsCache#MAX_AUX_LENGTH} bytes, or {@code null} for none; copied. A cached object
     *        whose stored coherency data differs is discarded on lookup.
     * @param objectSize the file's size on the server, {@code >= 0}
     * @throws IllegalArgumentException if an argument is invalid
     * @throws KeyCollisionException if a cookie with this key is live in this volume
     * @throws IllegalStateException if this volume has been relinquished
     */
    Cookie acquireCookie(byte[] key, byte[] aux, long objectSize);

    /**
     * Ends this volume. Every cookie acquired from it must have been relinquished first; cookies
     * still being dropped are waited for.
     *
     * @param invalidate also discard the volume's data from its cache
     * @throws IllegalStateException if cookies of this volume are still live
     */
    void relinquish(boolean invalidate);
}
