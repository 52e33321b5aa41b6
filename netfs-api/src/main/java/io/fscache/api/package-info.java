/**
 * The FS-Cache API a network filesystem uses: the userspace counterpart of the kernel's
 * {@code netfs-api}.
 *
 * <p>A filesystem acquires a {@link io.fscache.api.Volume} per server export from the
 * {@link io.fscache.api.FsCache} service, then a {@link io.fscache.api.Cookie} per file. While a
 * file is open it {@linkplain io.fscache.api.Cookie#use pins} its cookie, and for each piece of I/O
 * it opens a {@link io.fscache.api.CacheAccess} with {@link io.fscache.api.Cookie#beginOperation()},
 * asks where a range comes from ({@link io.fscache.api.ReadExtent}) and reads or writes the cache
 * asynchronously.
 *
 * <p>Three promises hold across the whole API:
 * <ul>
 * <li><b>The cache is optional.</b> Whenever no cache can serve (none configured, the cache was
 * withdrawn, the object failed, the cache is full) the calls say so ({@code Optional.empty()},
 * {@code false}, a failed read) and the filesystem goes to the server. No call ever fails a
 * filesystem operation because of the cache.</li>
 * <li><b>Stale data is never served.</b> A read that began before an invalidation completes with
 * {@link io.fscache.api.StaleCacheException}; a write that began before it is dropped.</li>
 * <li><b>Nothing blocks on another file.</b> Lookups, creation, invalidation and withdrawal run on a
 * small worker pool; a caller waits at most for its own cookie.</li>
 * </ul>
 */
@Version("1.4.0")
package io.fscache.api;

import org.osgi.annotation.versioning.Version;
