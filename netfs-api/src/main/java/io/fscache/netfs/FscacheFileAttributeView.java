package io.fscache.netfs;

import java.io.IOException;
import java.nio.file.attribute.FileAttributeView;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The {@code "fscache"} attribute view of a mounted file: how much of it the cache holds, and which
 * cache. Also readable by name: {@code Files.readAttributes(path, "fscache:*")} gives
 * {@code cachedBytes}, {@code cachedGranules} and {@code cacheName}. Reading it looks the file up
 * in the cache (checking its coherency against the server's attributes first), as an open would.
 *
 * <pre>{@code
 * FscacheFileAttributeView view = Files.getFileAttributeView(path, FscacheFileAttributeView.class);
 * long cached = view.readAttributes().cachedBytes();
 * }</pre>
 *
 * <p>Implemented by the mounts' file systems ({@link Mounts}); a path of another file system has no
 * such view ({@code getFileAttributeView} returns {@code null}). Thread-safe.
 *
 * @since 1.3 (before, in a package no bundle exported)
 */
@ProviderType
public interface FscacheFileAttributeView extends FileAttributeView {

    /** The view's name. */
    String NAME = "fscache";

    /**
     * What the cache holds of a file.
     *
     * @param cachedBytes the file's bytes the cache holds
     * @param cachedGranules the granules that hold them
     * @param cacheName the cache that serves the file, or {@code null} if none does
     */
    record Attributes(long cachedBytes, long cachedGranules, String cacheName) {
    }

    @Override
    default String name() {
        return NAME;
    }

    /**
     * Reads the file's cache occupancy now.
     *
     * @return zeros and a {@code null} cache name when no cache serves the file
     * @throws IOException if the server cannot be asked for the file's attributes, or the file is gone
     */
    Attributes readAttributes() throws IOException;
}
