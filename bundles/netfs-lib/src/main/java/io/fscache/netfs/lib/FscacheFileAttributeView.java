package io.fscache.netfs.lib;

import java.io.IOException;
import java.nio.file.attribute.FileAttributeView;

/**
 * The {@code "fscache"} attribute view of a mounted file: how much of it the cache holds, and which
 * cache. Also readable by name: {@code Files.readAttributes(path, "fscache:*")} gives
 * {@code cachedBytes}, {@code cachedGranules} and {@code cacheName}. Reading it looks the file up
 * in the cache (checking its coherency against the server's attributes first), as an open would.
 */
public interface FscacheFileAttributeView extends FileAttributeView {

    /** The view's name. */
    String NAME = "fscache";

    /** What the cache holds of a file. */
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
     */
    Attributes readAttributes() throws IOException;
}
