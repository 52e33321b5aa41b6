/**
 * The memory cache backend: {@link io.fscache.backend.memory.MemoryCache}, a {@link
 * io.fscache.spi.CacheBackend} that keeps granules in off-heap slabs under a fixed byte budget.
 *
 * <p>Not exported (no package version): in OSGi the cache is used only as a {@code CacheBackend}
 * service, registered by {@code io.fscache.backend.memory.internal.MemoryCacheComponent} per factory
 * configuration. The class is public so tests, benchmarks and plain-Java users can construct one.
 */
package io.fscache.backend.memory;
