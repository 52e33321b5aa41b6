package io.fscache.netfs;

import java.net.URI;
import java.util.Map;

/**
 * A mount as listed by {@link Mounts#mounts()}.
 *
 * @param name the mount's name
 * @param uri the server and export, without any credentials
 * @param cacheName the cache used, or {@code null} for the live cache of the highest priority
 * @param mode how the cache is used
 * @param cached whether reads and writes go through FS-Cache: false for mode {@link CacheMode#NONE},
 *        and for an export whose cache volume something other than the mounts holds (since 1.2)
 * @param options the mount options, with secret values replaced by {@code "***"}
 */
public record MountInfo(String name, URI uri, String cacheName, CacheMode mode, boolean cached,
        Map<String, String> options) {

    public MountInfo {
        options = Map.copyOf(options);
    }

    /** A mount that is cached unless its mode is {@link CacheMode#NONE}. */
    public MountInfo(String name, URI uri, String cacheName, CacheMode mode, Map<String, String> options) {
        this(name, uri, cacheName, mode, mode != CacheMode.NONE, options);
    }
}
