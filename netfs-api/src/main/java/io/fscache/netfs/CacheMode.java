package io.fscache.netfs;

import io.fscache.api.Printable;
import java.util.Locale;

/** How a mount uses the cache: the {@code cache=} mount option. */
public enum CacheMode {
    /** Reads are cached; writes go to the server and the cache together (the default). */
    WRITETHROUGH,
    /** Writes are cached and sent to the server later (on close, fsync or memory pressure). */
    WRITEBACK,
    /** Reads are cached; a write invalidates the file's cached data. */
    READONLY,
    /** Nothing is cached. */
    NONE;

    /**
     * Parses a mount option value, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values if {@code value} is not one
     */
    public static CacheMode parse(String value) {
        for (CacheMode mode : values()) {
            if (mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("option mode must be writethrough, writeback, readonly or none, not "
                + Printable.quote(value));
    }

    /** The option value, as users write it. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
