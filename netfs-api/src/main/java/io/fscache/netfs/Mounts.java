package io.fscache.netfs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Mounts network filesystems as {@link FileSystem}s, so any Java code reads and writes cached
 * remote files through {@code java.nio.file}. Thread-safe.
 */
@ProviderType
public interface Mounts {

    /**
     * Mounts a server export under a name.
     *
     * @param name the mount's name, unique among live mounts
     * @param uri the server and export, for a scheme some {@link NetworkFilesystem} serves
     * @param options the engine's options ({@code cache}, {@code mode}, {@code readahead}, ...) and
     *        the protocol's (credentials among them, never logged or shown), as {@link #options(String)}
     *        declares them; they win over the URI's query parameters, which are options too
     * @return the mounted file system
     * @throws IllegalArgumentException if the name is taken, the scheme unknown, an option unknown or
     *         invalid, or the named cache not live (the message names the live ones)
     * @throws IOException if the server cannot be reached
     */
    FileSystem mount(String name, URI uri, Map<String, String> options) throws IOException;

    /**
     * The schemes some filesystem serves, as users write them ({@code "9p"}, {@code "smb"}), sorted.
     *
     * @since 1.3
     */
    List<String> schemes();

    /**
     * The engine's options, which every mount takes ({@code cache}, {@code mode}, {@code readahead}, ...).
     *
     * @since 1.3
     */
    MountOptionSpec options();

    /**
     * The options a mount of this scheme takes beside the engine's: its protocol's.
     *
     * @param scheme a scheme as users write it, such as {@code "9p"}
     * @throws IllegalArgumentException if no filesystem serves the scheme
     * @since 1.3
     */
    MountOptionSpec options(String scheme);

    /**
     * Checks a mount's URI and options as {@link #mount} would, without connecting: for callers that
     * keep a mount to make later (a configuration file).
     *
     * @throws IllegalArgumentException one line naming what is wrong
     * @since 1.3
     */
    void check(URI uri, Map<String, String> options);

    /**
     * Unmounts: flushes written data, relinquishes the cache cookies and closes the session.
     *
     * @throws IllegalArgumentException if no mount has this name
     */
    void unmount(String name) throws IOException;

    /**
     * The mounts, in the order they were made; then, where the implementation keeps mounts in
     * configurations, those that are not up, whose {@link MountInfo#state() state} says why.
     */
    List<MountInfo> mounts();

    /** The file system of a mount, if one has this name. */
    Optional<FileSystem> fileSystem(String name);
}
