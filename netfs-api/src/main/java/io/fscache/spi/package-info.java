/**
 * The cache backend SPI: what a cache implements (the kernel's {@code backend-api}).
 *
 * <p>Every configured cache instance registers one {@link io.fscache.spi.CacheBackend} service. The
 * FS-Cache core tracks them dynamically: a new backend serves new lookups at once; a backend whose
 * service goes away is withdrawn by the core, which stops new operations, waits for those in
 * flight, closes every {@link io.fscache.spi.CacheObject} and {@link io.fscache.spi.BackendVolume},
 * and only then calls {@link io.fscache.spi.CacheBackend#withdraw()}.
 *
 * <p>What the core guarantees a backend, so backends stay simple:
 * <ul>
 * <li>One cookie key has at most one live object per volume; {@code lookupObject}/{@code createObject}
 * for a key is never called while an object for that key is open, except through
 * {@link io.fscache.spi.CacheObject#invalidate}.</li>
 * <li>No {@code read} or {@code write} is issued on an object after {@code close()} or
 * {@code discard()}, and those two are called only once every operation on the object has
 * completed.</li>
 * <li>Arguments are validated: ranges are non-negative, writes are granule-aligned and within the
 * object size, keys are 1..255 bytes, coherency data at most 255 bytes.</li>
 * </ul>
 *
 * <p>What a backend promises the core: never claim a granule whose bytes it does not hold (data
 * first, content map after); discard rather than trust anything it cannot verify; report trouble as
 * {@link java.io.IOException} (or an exceptionally completed stage), never by serving wrong bytes.
 */
@Version("1.5.0")
package io.fscache.spi;

import org.osgi.annotation.versioning.Version;
