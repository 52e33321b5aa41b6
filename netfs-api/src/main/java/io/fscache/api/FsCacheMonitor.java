package io.fscache.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only views of the FS-Cache service for operators: the userspace form of
 * {@code /proc/fs/fscache/{caches,volumes,cookies,stats}}. Used by the shell and the JMX MBean.
 *
 * <p>Thread-safe. Every listing is a snapshot taken without stopping I/O, so entries may be
 * mutually inconsistent by the time they are read.
 */
@ProviderType
public interface FsCacheMonitor {

    /** The caches known to the service, live and withdrawing, in registration order. */
    List<CacheInfo> caches();

    /** The volumes currently acquired. */
    List<VolumeInfo> volumes();

    /** The cookies currently acquired (and those still being dropped). */
    List<CookieInfo> cookies();

    /** A snapshot of the counters. */
    FsCacheStats stats();

    /**
     * Asks a cache to cull now, as it would on its own when space runs short.
     *
     * @return how many objects were culled
     * @throws IllegalArgumentException if no live cache has this name
     * @since 1.1
     */
    int cull(String cacheName);

    /**
     * Withdraws a live cache at runtime, as its backend going away would: new operations go
     * uncached, operations in flight complete, every object is committed and closed; returns when
     * that is done. The backend itself, and its configuration, stay: the cache is listed as
     * {@code WITHDRAWN} until {@link #restore} or the next start of the service. A backend of that
     * name that registers meanwhile is held back too.
     *
     * @throws IllegalArgumentException if no live cache has this name
     * @since 1.2
     */
    void withdraw(String cacheName);

    /**
     * Puts a cache {@linkplain #withdraw withdrawn at runtime} back into service.
     *
     * @throws IllegalArgumentException if no cache of this name was withdrawn at runtime, or its
     *         backend has gone since
     * @since 1.2
     */
    void restore(String cacheName);

    /** Sets every resettable counter back to zero (gauges such as live cookie counts are kept). */
    void resetStats();
}
