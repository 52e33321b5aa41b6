package io.fscache.api;

/**
 * One line of the volumes listing.
 *
 * @param debugId a small number identifying the volume
 * @param key the volume key
 * @param cacheName the cache the volume asked for, or {@code null} for any
 * @param boundCaches the names of the caches the volume's cookies are bound to, comma separated
 * @param cookies cookies acquired in this volume
 * @param accesses operations in progress on this volume's cookies
 */
public record VolumeInfo(int debugId, String key, String cacheName, String boundCaches, int cookies,
        int accesses) {
}
