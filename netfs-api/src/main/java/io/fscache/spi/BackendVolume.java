package io.fscache.spi;

import java.io.IOException;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A cache's part of one volume. Obtained from {@link CacheBackend#openVolume}.
 *
 * <p>Thread-safe: the core may look up different keys concurrently; it never looks up or creates a
 * key that has an open object (see the package documentation).
 */
@ConsumerType
public interface BackendVolume {

    /**
     * Finds the cached object for a key. An object whose stored coherency data or size differs
     * from what is given is stale: the backend discards it and answers empty.
     *
     * @param key the cookie key, 1..255 bytes; the array is the caller's and must not be kept
     * @param aux the cookie's coherency data, possibly empty
     * @param objectSize the object size the filesystem expects
     * @return the open object, or empty if the cache has no usable object for the key
     * @throws IOException if the lookup failed; the cookie is then not cached for this use
     */
    Optional<CacheObject> lookupObject(byte[] key, byte[] aux, long objectSize) throws IOException;

    /**
     * Creates an empty object for a key that {@link #lookupObject} did not find.
     *
     * @throws IOException if there is no space or creation failed
     */
    CacheObject createObject(byte[] key, byte[] aux, long objectSize) throws IOException;

    /** Closes the volume; every object of it has been closed. Its content stays cached. */
    void close();

    /** Closes the volume and deletes its content: the filesystem asked for the volume to be invalidated. */
    void discard();
}
