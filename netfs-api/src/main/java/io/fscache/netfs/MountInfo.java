package io.fscache.netfs;

import java.net.URI;
import java.util.Map;

/**
 * A mount as listed by {@link Mounts#mounts()}.
 *
 * @param name the mount's name
 * @param uri the server and export, without any credentials
 * @param cacheName the cache used, or {@code null} for any live cache
 * @param mode how the cache is used
 * @param options the mount options, with secret values replaced by {@code "***"}
 */
public record MountInfo(String name, URI uri, String cacheName, CacheMode mode, Map<String, String> options) {

    public MountInfo {
        options = Map.copyOf(options);
    }
}
