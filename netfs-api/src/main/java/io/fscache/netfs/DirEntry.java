package io.fscache.netfs;

/**
 * One entry of a directory listing.
 *
 * @param name the entry's name (no {@code '/'})
 * @param attributes its attributes, or {@code null} when the protocol's listing does not carry them
 */
public record DirEntry(String name, FileAttributes attributes) {

    public DirEntry {
        if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("bad directory entry name: " + name);
        }
    }
}
