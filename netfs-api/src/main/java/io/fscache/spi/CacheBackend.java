package io.fscache.spi;

import java.io.IOException;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A cache instance: registered as an OSGi service (or handed to the core's constructor) by a
 * backend bundle, one per configured cache. The service carries the properties
 * {@value CacheProperties#SERVICE_NAME} (the {@link #name()}) and {@value CacheProperties#SERVICE_PRIORITY}
 * (an {@code Integer}, default 0): a volume that names no cache uses the live cache of the highest
 * priority, ties by name.
 *
 * <p>Thread-safe. The core may call {@link #openVolume} from several worker threads at once.
 */
@ConsumerType
public interface CacheBackend {

    /** The cache's name, unique among live caches; printable, no spaces. */
    String name();

    /** The unit of storage in bytes: a power of two, at least 4 KiB. Fixed for the cache's life. */
    int granuleSize();

    /** The capacity in bytes, or {@code -1} if the cache has no fixed bound. */
    long capacity();

    /** Bytes currently stored. */
    long usage();

    /**
     * Opens (creating if needed) this cache's part of a volume. If the cache holds the volume with
     * different coherency data, it discards the old content first.
     *
     * @param volumeKey the volume key (validated by the core: printable, no {@code '/'})
     * @param coherency the volume's coherency data, empty if none
     * @throws IOException if the volume cannot be opened; the core then does not cache the volume
     *         in this cache
     */
    BackendVolume openVolume(String volumeKey, byte[] coherency) throws IOException;

    /**
     * The backend's own counters for listings and stats (for example {@code hits}, {@code misses},
     * {@code evictions}, {@code bytes}). The map is a snapshot.
     */
    Map<String, Long> counters();

    /**
     * Culls now, as the backend's own culling would when space runs short (cachefiles: least
     * recently used objects that are not open go until its free-space target is met). Called on
     * the caller's thread, for an operator's command; may do I/O. A backend whose eviction is
     * continuous (memory) has nothing to do and returns 0.
     *
     * @return how many objects were culled
     * @since 1.1
     */
    default int cull() {
        return 0;
    }

    /**
     * Called by the core when it adds the cache, before any lookup: how to get objects closed that
     * the core keeps open only for its LRU. A cache with a budget calls it when it needs space and
     * what it could cull is open (cachefiles: when a write would pass the size limit or
     * {@code bstop}). May be called more than once: a cache built on other caches (tiered) hands
     * its own to each of them, since its idle objects hold theirs open; a cache asks each it was
     * given. The default ignores it.
     *
     * @since 1.2
     */
    default void bindIdleObjects(IdleObjects idle) {
    }

    /**
     * Called by the core when an operator withdraws another cache at runtime ({@code
     * fscache:cache-withdraw}), before that cache is withdrawn: the core holds it for a restore and
     * its service stays registered, so a cache built on it (tiered) is told here to stop using it. A
     * cache that uses {@code other} returns once no call into it is in flight and every object and
     * volume it holds there is closed. Called on the operator's thread. A cache added while others
     * are held withdrawn is told of each before it is used, under the core's registry lock: it must
     * not call back into the core from here. The default ignores it.
     *
     * @param other the backend being withdrawn
     * @since 1.5
     */
    default void peerWithdrawn(CacheBackend other) {
    }

    /**
     * Called by the core when a cache {@linkplain #peerWithdrawn withdrawn at runtime} is restored
     * ({@code fscache:cache-restore}), once it is live again: a cache built on it may use it again.
     * The default ignores it.
     *
     * @param other the backend restored
     * @since 1.5
     */
    default void peerRestored(CacheBackend other) {
    }

    /**
     * Called by the core once the cache has been withdrawn: no access is open and every object and
     * volume has been closed. Releases what remains. The core calls it once and does not use the
     * backend afterwards; {@link #usage()} may then report {@code 0}.
     */
    void withdraw();
}
