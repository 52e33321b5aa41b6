package io.fscache.netfs;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A mount as listed by {@link Mounts#mounts()}.
 *
 * @param name the mount's name
 * @param uri the server and export, with its user but never a password
 * @param cacheName the cache used, or {@code null} for the live cache of the highest priority
 * @param mode how the cache is used
 * @param cached whether reads and writes go through FS-Cache: false for mode {@link CacheMode#NONE},
 *        and for an export whose cache volume something other than the mounts holds (since 1.2)
 * @param options the mount options, with secret values replaced by {@code "***"}
 * @param state whether the mount is up; a configured mount that is not up yet is listed too (since 1.2)
 * @param problem why a mount is not up, on one line; {@code null} when it is (since 1.2)
 * @param serverProblem for a mount that is up, that its server stopped answering, since when and why,
 *        on one line ({@code "not answering since 03:05:12 UTC: <the last call's failure>"});
 *        {@code null} while it answers, and for a mount that is not up (since 1.5)
 */
public record MountInfo(String name, URI uri, String cacheName, CacheMode mode, boolean cached,
        Map<String, String> options, State state, String problem, String serverProblem) {

    /**
     * Whether a mount is up.
     *
     * @since 1.2
     */
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

    /** A mount whose server answers, or that is not up (as before 1.5). */
    public MountInfo(String name, URI uri, String cacheName, CacheMode mode, boolean cached,
            Map<String, String> options, State state, String problem) {
        this(name, uri, cacheName, mode, cached, options, state, problem, null);
    }

    /** A mount that is up, cached unless its mode is {@link CacheMode#NONE}. */
    public MountInfo(String name, URI uri, String cacheName, CacheMode mode, Map<String, String> options) {
        this(name, uri, cacheName, mode, mode != CacheMode.NONE, options, State.MOUNTED, null);
    }
}
