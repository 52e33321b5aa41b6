/**
 * The cachefiles backend: {@link io.fscache.backend.cachefiles.CachefilesCache}, an on-disk,
 * crash-safe {@link io.fscache.spi.CacheBackend} configured by
 * {@link io.fscache.backend.cachefiles.CachefilesSettings}.
 *
 * <p>Not exported (no package version): in OSGi the cache is used only as a {@code CacheBackend}
 * service, registered by {@code io.fscache.backend.cachefiles.internal.CachefilesBackend} per factory
 * configuration. The classes are public so tests, benchmarks and plain-Java users can construct one.
 */
package io.fscache.backend.cachefiles;
