package io.fscache.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The FS-Cache service: the entry point through which a network filesystem gets caching.
 *
 * <p>A volume is acquired per server export (or per cell and volume, share, fsid...). Volume keys
 * must identify the server as well as the export, so that two servers never share cached data.
 *
 * <p>Thread-safe. Acquisition never performs cache I/O on the caller's thread: binding to a cache
 * happens lazily when a cookie is first used.
 */
@ProviderType
public interface FsCache {

    /** The longest volume key accepted, in characters (as the kernel's fscache). */
    int MAX_VOLUME_KEY_LENGTH = 254;

    /** The longest coherency (aux) data accepted for a volume or cookie, in bytes. */
    int MAX_AUX_LENGTH = 255;

    /**
     * Acquires a volume that may use any live cache.
     *
     * @see #acquireVolume(String, String, byte[])
     */
    default Volume acquireVolume(String volumeKey) {
        return acquireVolume(volumeKey, null, null);
    }

    /**
     * Acquires the volume with the given key.
     *
     * <p>If a volume with the same key is live, this is a collision: it is counted and refused with
     * {@link KeyCollisionException}. If one is being relinquished, this call waits until it is gone
     * and then acquires a fresh one.
     *
     * @param volumeKey printable ASCII, no {@code '/'}, 1 to {@value #MAX_VOLUME_KEY_LENGTH}
     *        characters; by convention the filesystem name, the server, then the export id,
     *        separated by commas: {@code "nfs,server.example,fsid"}
     * @param cacheName the cache to use, or {@code null} for the live cache of the highest
     *        {@link io.fscache.spi.CacheProperties#PRIORITY priority} (ties by name), chosen at
     *        each lookup; a volume that names a cache that is not live is simply not cached until
     *        that cache appears
     * @param coherency volume-level coherency data (at most {@value #MAX_AUX_LENGTH} bytes), or
     *        {@code null}; a cache holding the volume with different coherency data discards it
     * @return the volume, never {@code null}
     * @throws IllegalArgumentException if the key or coherency data is invalid
     * @throws KeyCollisionException if a volume with this key is live
     * @throws IllegalStateException if the service has been shut down
     */
    Volume acquireVolume(String volumeKey, String cacheName, byte[] coherency);

    /**
     * The names of the caches that are live now, in the order a volume that names no cache would
     * choose them: highest {@link io.fscache.spi.CacheProperties#PRIORITY priority} first, ties by
     * name. For checking a cache name a user typed, and saying which ones exist.
     *
     * @return a snapshot, empty if no cache is live
     * @since 1.2
     */
    List<String> liveCaches();
}
