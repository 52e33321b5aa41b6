package io.fscache.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the core offers a cache that runs short of space: closing objects it keeps open only for
 * its cookie LRU (files nobody has open, kept so that reopening is cheap), so that the cache can
 * cull them. An object nobody uses must never be uncullable because the core has not closed it yet.
 *
 * <p>Thread-safe. Call it from the thread that needs the space, holding no lock of the cache's own
 * that closing an object takes: the object is committed and closed on the caller's thread.
 *
 * @since 1.2
 */
@ProviderType
public interface IdleObjects {

    /**
     * Commits and closes the least recently used object of this cache that no cookie uses and no
     * operation is in flight on.
     *
     * @return whether an object was closed; {@code false} if every open object is in use
     */
    boolean closeOldest();
}
