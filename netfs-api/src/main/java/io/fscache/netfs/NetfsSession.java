package io.fscache.netfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.OpenOption;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connection to one export of one server. Paths are absolute, {@code '/'}-separated and
 * normalized ({@code "/"} is the export's root). Names are the server's, mapped losslessly: a
 * protocol whose names are bytes converts every name it sends or receives with {@link FileNames}
 * (see "File names" in the {@linkplain io.fscache.netfs package documentation}), so a name
 * {@link #list} returns reaches that same file in every other call.
 *
 * <p>Thread-safe: the engine issues metadata calls and file I/O from many threads at once. A
 * session that loses its connection fails the calls in flight with an {@link IOException} and
 * reconnects on the next call where the protocol allows.
 */
@ConsumerType
public interface NetfsSession extends Closeable {

    /**
     * The cache volume key for this export: the scheme, the server's identity, then the export's
     * (for example {@code "9p,host:564,export"}); printable, no {@code '/'}, at most 254 characters.
     */
    String volumeKey();

    /** The protocol's I/O limits for this session (negotiated with the server). */
    IoLimits limits();

    /** The attributes of a file or directory. */
    FileAttributes stat(String path) throws IOException;

    /** The entries of a directory, without {@code "."} and {@code ".."}. */
    List<DirEntry> list(String path) throws IOException;

    /**
     * Opens (or creates) a regular file.
     *
     * @param options {@link java.nio.file.StandardOpenOption}s: {@code READ}, {@code WRITE},
     *        {@code CREATE}, {@code CREATE_NEW}, {@code TRUNCATE_EXISTING}; others are ignored
     */
    RemoteFile open(String path, Set<? extends OpenOption> options) throws IOException;

    /** Creates a directory. */
    void mkdir(String path) throws IOException;

    /** Deletes a file or an empty directory. */
    void delete(String path) throws IOException;

    /** Renames a file or directory, replacing an existing target file. */
    void rename(String from, String to) throws IOException;

    /**
     * The capacity of the export's filesystem, asked of the server each time.
     *
     * @throws UnsupportedOperationException if the protocol or server reports none
     */
    default FileSpace space() throws IOException {
        throw new UnsupportedOperationException("the server reports no capacity");
    }

    /**
     * What this session sent and received since it was opened (a snapshot; it keeps counting across
     * reconnections). The default, for a protocol that counts nothing, is {@link ProtocolStats#NONE}.
     *
     * @since 1.3
     */
    default ProtocolStats stats() {
        return ProtocolStats.NONE;
    }

    /**
     * Takes the engine's listener for the server's change notifications. The protocol calls it with
     * a file's id ({@link FileAttributes#fileId}) when the server says another client changed the
     * file (an AFS callback break, a Ceph inode invalidation), or with an empty id when it says any
     * file of the session may have changed (AFS's InitCallBackState); the engine then checks the
     * file's attributes at its next read, not only at its next open, and drops its cached data if
     * they moved. Called once, before any file is opened. The listener is thread-safe, never blocks
     * and may be called from any thread, a protocol's I/O or callback thread included. The default,
     * for a protocol without notifications, ignores it.
     *
     * @since 1.4
     */
    default void onServerChange(Consumer<byte[]> listener) {
    }

    /** Closes the connection; open files become unusable. */
    @Override
    void close() throws IOException;
}
