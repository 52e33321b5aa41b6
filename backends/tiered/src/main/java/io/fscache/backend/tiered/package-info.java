/**
 * The tiered cache backend: {@link io.fscache.backend.tiered.TieredCache}, a {@link
 * io.fscache.spi.CacheBackend} made of other caches (its tiers), for example memory over cachefiles.
 *
 * <p>Not exported (no package version): in OSGi the cache is used only as a {@code CacheBackend}
 * service, registered by {@code io.fscache.backend.tiered.internal.TieredCacheComponent} per factory
 * configuration. The class is public so tests and plain-Java users can construct one.
 */
package io.fscache.backend.tiered;
