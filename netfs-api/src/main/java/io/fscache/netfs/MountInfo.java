package io.fscache.netfs;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A mount as listed by {@link Mounts#mounts()}.
 *
 * @param name the mount's name
 * @param uri the server and export, without any credentials
 * @param cacheName the cache used, or {@code null} for any live cache
 * @param mode how the cache is used
 * @param options the mount options, with secret values replaced by {@code "***"}
 * @param state whether the mount is up; a configured mount that is not up yet is listed too
 * @param problem why a mount is not up, on one line; {@code null} when it is
 * @since 1.2
 */
public record MountInfo(String name, URI uri, String cacheName, CacheMode mode, Map<String, String> options,
        State state, String problem) {

    /** Whether a mount is up. */
    public enum State {
        /** Mounted: its file system is usable. */
        MOUNTED,
        /** Configured but not mounted yet: the server or its protocol is not there; tried again in the background. */
        RETRYING,
        /** Configured but refused for a reason retrying cannot fix (an invalid option, a name taken); not tried again. */
        FAILED
    }

    public MountInfo {
        options = Map.copyOf(options);
        Objects.requireNonNull(state, "state");
    }

    /** A mount that is up. */
    public MountInfo(String name, URI uri, String cacheName, CacheMode mode, Map<String, String> options) {
        this(name, uri, cacheName, mode, options, State.MOUNTED, null);
    }
}
