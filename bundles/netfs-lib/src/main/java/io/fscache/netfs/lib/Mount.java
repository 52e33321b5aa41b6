package io.fscache.netfs.lib;

import io.fscache.netfs.CacheMode;
import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.FileType;
import io.fscache.netfs.FscacheFileAttributeView;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.MountInfo;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One mounted export: the session, the export's cache volume and file table (shared with other
 * mounts of the same export), and the handles open on it. Paths here are the server's: absolute
 * and normalized. Thread-safe.
 */
final class Mount {

    private final String name;
    private final URI shownUri;
    private final MountOptions options;
    private final Map<String, String> shownOptions;
    private final NetworkFilesystem filesystem;
    private final NetfsSession session;
    private final ServerHealth health;
    private final ExportVolume export;
    /** Gives the export's volume back when this mount closes. */
    private final Consumer<ExportVolume> release;
    private final IoLimits limits;
    private final FileTable files;
    private final Set<OpenFile> open = ConcurrentHashMap.newKeySet();
    private final ListedAttributes listed;
    private volatile boolean closed;

    /**
     * @param export the export's cache volume and file table
     * @param release called once, when this mount closes, to give {@code export} back
     * @param shownOptions the options as given, secrets redacted
     */
    Mount(String name, URI shownUri, MountOptions options, Map<String, String> shownOptions,
            NetworkFilesystem filesystem, NetfsSession session, ExportVolume export,
            Consumer<ExportVolume> release) {
        this.name = name;
        this.shownUri = shownUri;
        this.options = options;
        this.shownOptions = Map.copyOf(shownOptions);
        this.filesystem = filesystem;
        this.health = new ServerHealth(name);
        this.session = new ObservedSession(session, health);
        this.export = export;
        this.release = release;
        this.limits = this.session.limits();
        this.files = export.files;
        this.listed = new ListedAttributes(options.attributeTimeout().toNanos(), System::nanoTime);
        session.onServerChange(this::serverChanged);
    }

    /** The server says another client changed a file, or with an empty id any file (see {@link NetfsSession#onServerChange}). */
    private void serverChanged(byte[] fileId) {
        listed.changed();
        files.changeNotified(fileId);
    }

    String name() {
        return name;
    }

    MountOptions options() {
        return options;
    }

    /** The export's cache volume and file table, shared with other mounts of the export. */
    ExportVolume export() {
        return export;
    }

    IoLimits limits() {
        return limits;
    }

    NetworkFilesystem filesystem() {
        return filesystem;
    }

    boolean isOpen() {
        return !closed;
    }

    MountInfo info() {
        return new MountInfo(name, shownUri, options.cacheName(), options.mode(), export.volume != null, shownOptions,
                MountInfo.State.MOUNTED, null, health.problem());
    }

    /**
     * Opens a regular file.
     *
     * @param options {@link StandardOpenOption}s as the session understands them
     */
    OpenFile open(String path, Set<? extends OpenOption> options) throws IOException {
        checkOpen();
        boolean writable = options.contains(StandardOpenOption.WRITE);
        RemoteFile remote;
        try {
            remote = session.open(path, options);
        } finally {
            if (writable || options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW)) {
                // It may have made or truncated the file.
                listed.changed();
            }
        }
        try {
            FileNode node = files.open(remote.attributes(), writable, true);
            OpenFile file = new OpenFile(this, path, node, remote, writable);
            open.add(file);
            if (closed) {
                // Unmounted while we were opening: the unmount did not see this handle.
                file.close();
                throw new ClosedFileSystemException();
            }
            return file;
        } catch (IOException | RuntimeException e) {
            closeQuietly(remote, e);
            throw e;
        }
    }

    /** A handle has been closed; {@code after} are the attributes after its writes, if it wrote. */
    void closed(OpenFile file, FileAttributes after) {
        open.remove(file);
        if (after != null) {
            listed.changed();
        }
        files.close(file.node, after);
    }

    /** The server's attributes of an open file, fetched again: checked against what is cached. */
    void refreshed(FileNode node, FileAttributes attributes) {
        files.revalidate(node, attributes);
    }

    /** The server's attributes of {@code path}, asked now. */
    FileAttributes stat(String path) throws IOException {
        checkOpen();
        return session.stat(path);
    }

    /**
     * The attributes of {@code path} for a reader of attributes: from a directory listing of the
     * last {@code actimeo}, else asked now.
     */
    FileAttributes attributes(String path) throws IOException {
        checkOpen();
        FileAttributes attributes = listed.get(path);
        return attributes != null ? attributes : session.stat(path);
    }

    /** What the session sent and received; counted by the protocol, so asked even of a closed mount. */
    ProtocolStats stats() {
        return session.stats();
    }

    FileSpace space() throws IOException {
        checkOpen();
        return session.space();
    }

    List<DirEntry> list(String path) throws IOException {
        checkOpen();
        long since = listed.generation();
        List<DirEntry> entries = session.list(path);
        listed.listed(path, entries, since);
        return entries;
    }

    void mkdir(String path) throws IOException {
        checkOpen();
        try {
            session.mkdir(path);
        } finally {
            listed.changed();
        }
    }

    /** Deletes a file or empty directory; a deleted file's cached data is retired. */
    void delete(String path) throws IOException {
        FileAttributes attributes = stat(path);
        try {
            session.delete(path);
        } finally {
            listed.changed();
        }
        if (attributes.type() == FileType.REGULAR) {
            files.deleted(attributes.fileId());
        }
    }

    /**
     * Renames; a target that exists is replaced (its cached data retired) if {@code replace}, else
     * refused. One stat of each name answers both; a third, after the rename, keeps the cached data
     * of a file this mount holds valid ({@link FileTable#renamed}).
     *
     * @throws NoSuchFileException the source does not exist
     * @throws FileAlreadyExistsException the target exists and {@code replace} is false
     */
    void rename(String from, String to, boolean replace, String shownTarget) throws IOException {
        checkOpen();
        FileAttributes moving = session.stat(from);
        FileAttributes replaced = null;
        try {
            replaced = session.stat(to);
        } catch (NoSuchFileException e) {
            // Nothing is replaced.
        }
        if (replaced != null && !replace) {
            throw new FileAlreadyExistsException(shownTarget);
        }
        try {
            session.rename(from, to);
        } finally {
            listed.changed();
        }
        if (replaced != null && replaced.type() == FileType.REGULAR) {
            files.deleted(replaced.fileId());
        }
        if (moving.type() == FileType.REGULAR && files.holds(moving.fileId())) {
            try {
                files.renamed(session.stat(to));
            } catch (IOException e) {
                // The rename is done; the next open of the file checks its attributes anyway.
            }
        }
    }

    /** What the cache holds of a file: looked up through the file's cookie, coherency checked. */
    FscacheFileAttributeView.Attributes cacheAttributes(String path) throws IOException {
        FileAttributes attributes = attributes(path);
        if (attributes.type() != FileType.REGULAR || options.mode() == CacheMode.NONE || export.volume == null) {
            return new FscacheFileAttributeView.Attributes(0, 0, null);
        }
        FileNode node = files.open(attributes, false, false);
        try {
            return node.cacheAttributes();
        } finally {
            files.close(node, null);
        }
    }

    /**
     * Unmounts: closes every handle (flushing write-back data), gives the export's volume back (the
     * last mount of the export relinquishes its cookies and the volume), and closes the session.
     * Everything is released even if a flush fails; the first
     * failure is then thrown.
     */
    void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        IOException failure = null;
        for (OpenFile file : List.copyOf(open)) {
            try {
                file.unmount();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        release.accept(export);
        try {
            session.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedFileSystemException();
        }
    }

    private static void closeQuietly(RemoteFile remote, Exception cause) {
        try {
            remote.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "mount " + name + " (" + shownUri + ")";
    }
}
