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
     * @param options {@code cache=<cache name>} (a live cache) or
     *        {@code cache=none|writethrough|writeback|readonly} (a mode, with the live cache of the
     *        highest priority), {@code mode=writethrough|writeback|readonly|none}, and protocol
     *        options such as credentials (never logged or shown)
     * @return the mounted file system
     * @throws IllegalArgumentException if the name is taken, the scheme unknown, an option invalid
     *         or the named cache not live (the message names the live ones)
     * @throws IOException if the server cannot be reached
     */
    FileSystem mount(String name, URI uri, Map<String, String> options) throws IOException;

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

    /**
     * What the session of a mount that is up sent and received (see {@link NetfsSession#stats()}).
     *
     * @return the statistics, or empty if no mount of this name is up
     * @since 1.3
     */
    Optional<ProtocolStats> stats(String name);

    /** The file system of a mount, if one has this name. */
    Optional<FileSystem> fileSystem(String name);
}
