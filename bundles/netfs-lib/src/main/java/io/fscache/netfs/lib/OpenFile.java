package io.fscache.netfs.lib;

import io.fscache.netfs.CacheMode;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.RemoteFile;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One open handle of a remote file: its server handle, its readahead, and the write
 * path of the mount's cache mode.
 *
 * <ul>
 * <li>{@link CacheMode#WRITETHROUGH}: each write is uploaded, then the cache stream updates the
 *     affected granules.</li>
 * <li>{@link CacheMode#WRITEBACK}: writes land in the file's dirty ranges (reads see them) and are
 *     uploaded and cached on close and {@link #force}, and behind the writer once the dirty bytes
 *     pass the mount's limit ({@link WriteBehind}).</li>
 * <li>{@link CacheMode#READONLY}: writes are uploaded and then invalidate the cached data.</li>
 * <li>{@link CacheMode#NONE}: the file has no cookie; reads and writes go to the server.</li>
 * </ul>
 * Every write is one write generation of the file ({@link FileNode#beginWrite}).
 *
 * <p>Thread-safe for position-independent calls; the channel above it keeps the position.
 */
final class OpenFile {

    private static final System.Logger LOG = System.getLogger(OpenFile.class.getName());

    /** Reads retried after the server's file was found shorter, before giving up. */
    private static final int READ_ATTEMPTS = 4;

    private final Mount mount;
    /** The server path the handle was opened by, for messages. */
    private final String path;
    final FileNode node;
    private final RemoteFile remote;
    private final CacheMode mode;
    private final IoLimits limits;
    private final ServerIo server;
    /** This handle's readahead, or {@code null} if the mount has none. */
    private final Readahead readahead;
    private final boolean writable;
    /** The mount's {@code actimeo}: how long reads trust the file's attributes. */
    private final long attributeTimeoutNanos;
    private boolean wrote;
    private boolean closed;
    /** Closes the channel above this file, when the mount goes away. */
    private Closeable closer = this::close;

    OpenFile(Mount mount, String path, FileNode node, RemoteFile remote, boolean writable) {
        this.mount = mount;
        this.path = path;
        this.node = node;
        this.remote = remote;
        this.mode = mount.options().mode();
        this.limits = mount.limits();
        this.writable = writable;
        this.attributeTimeoutNanos = mount.options().attributeTimeout().toNanos();
        this.server = new ServerIo(remote, node.limiter(), limits.maxReadSize());
        long readaheadMax = mount.options().readahead(limits);
        this.readahead = readaheadMax > 0 ? new Readahead(node.fetches(), readaheadMax) : null;
    }

    /**
     * See {@link ReadRequest#read}. The file's attributes are read again first when the server said
     * another client changed it, or when they are older than the mount's {@code actimeo} (as Linux's
     * NFS client does after {@code acregmin}): a change found invalidates the cached data. A read
     * that finds the server's file shorter than believed refreshes the attributes too and is retried
     * at the real size. Reads hold no lock of the handle: a {@link #close} from another thread does
     * not wait for them.
     */
    int read(long position, ByteBuffer dst) throws IOException {
        checkOpen();
        if (node.takeChangeNotice()) {
            try {
                // Another client changed the file, the server says: what is cached may be old.
                refresh();
            } catch (IOException e) {
                node.changeNotified();
                throw e;
            }
        } else if (node.claimRecheck(attributeTimeoutNanos)) {
            recheck();
        }
        for (int attempt = 1;; attempt++) {
            try {
                return ReadRequest.read(node, server, readahead, position, dst);
            } catch (ShortFileException e) {
                if (attempt == READ_ATTEMPTS) {
                    throw new IOException("the file keeps changing size on the server: " + e.getMessage(), e);
                }
                refresh();
            }
        }
    }

    /**
     * The check of the file's attributes once they are {@code actimeo} old. It only adds: a change
     * the server reports invalidates the cached data; a check the server cannot answer leaves the
     * handle reading what it reads without it (the server down, or the name now another file's or
     * none, while this handle still has its file open), as before there was a check.
     */
    private void recheck() {
        try {
            refresh();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "attributes not checked again: " + e.getMessage());
        }
    }

    /**
     * Reads the file's attributes again and checks them against what is cached.
     *
     * @throws FileSystemException if they are another file's: a protocol that asks by name answers
     *         for the file that has the name now, and this handle's file was replaced
     */
    private void refresh() throws IOException {
        FileAttributes attributes = remote.refresh();
        if (!isThisFile(attributes)) {
            throw new FileSystemException(path, null, "replaced on the server while open: its attributes are now another file's");
        }
        mount.refreshed(node, attributes);
    }

    private boolean isThisFile(FileAttributes attributes) {
        return Arrays.equals(attributes.fileId(), node.fileId());
    }

    /**
     * Writes all of {@code src} at {@code position}, or at the end of the file if {@code position}
     * is negative (append).
     *
     * @return where the write started
     */
    long write(long position, ByteBuffer src) throws IOException {
        synchronized (this) {
            checkOpen();
            wrote = true;
        }
        node.writeLock().lock();
        try {
            long at = position < 0 ? node.size() : position;
            node.markModifiedLocally();
            if (mode == CacheMode.WRITEBACK) {
                long end = at + src.remaining();
                node.dirty().put(at, src);
                node.dirtiedTo(end);
                if (node.dirty().bytes() > mount.options().dirtyLimit()) {
                    writeBehind();
                }
            } else {
                upload(at, src);
                src.position(src.limit());
            }
            return at;
        } finally {
            node.writeLock().unlock();
        }
    }

    /** The file's size as this client sees it. */
    long size() {
        return node.size();
    }

    /** Shortens the file to {@code newSize} (never lengthens it). */
    void truncate(long newSize) throws IOException {
        checkOpen();
        node.writeLock().lock();
        try {
            flushLocked();
            if (newSize >= node.size()) {
                return;
            }
            synchronized (this) {
                wrote = true;
            }
            node.markModifiedLocally();
            node.beginWrite();
            try {
                remote.truncate(newSize);
                node.tail(null);
                node.dirty().truncate(newSize);
                node.truncated(newSize);
                if (node.cookie() != null) {
                    node.cookie().resize(newSize);
                }
            } finally {
                node.endWrite();
            }
        } finally {
            node.writeLock().unlock();
        }
    }

    /** Uploads dirty data and makes the server's copy durable. */
    void force() throws IOException {
        checkOpen();
        node.writeLock().lock();
        try {
            flushLocked();
        } finally {
            node.writeLock().unlock();
        }
        remote.fsync();
    }

    /**
     * Flushes (write-back), waits for readahead, closes the server handle and, if this handle wrote,
     * records the server's change id as of that close in the cookie. Idempotent.
     */
    void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        IOException failure = null;
        FileAttributes after = null;
        if (writable) {
            node.writeLock().lock();
            try {
                flushLocked();
            } catch (IOException e) {
                failure = e;
            } finally {
                if (mode == CacheMode.WRITETHROUGH || mode == CacheMode.WRITEBACK) {
                    CacheStream.closing(node);
                }
                node.writeLock().unlock();
            }
        }
        if (readahead != null) {
            readahead.quiesce();
        }
        // What this handle read is in the cache once it has closed (the stores run on another thread).
        server.awaitStores();
        boolean refreshed = false;
        if (wrote) {
            try {
                remote.refresh();
                refreshed = true;
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            remote.close();
            // The server may update a written file's attributes only at the close (SMB's write time):
            // what the next open compares with is what the file reports once the handle is closed.
            if (refreshed) {
                FileAttributes closedWith = remote.attributes();
                after = isThisFile(closedWith) ? closedWith : null;
            }
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        mount.closed(this, after);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Write-back past the dirty limit: starts uploading the dirty data behind the writer
     * ({@link WriteBehind}). While a flush is in flight the writer goes on, until the dirty data
     * reaches twice the limit; then it waits for that flush (and gets its failure, if any) before the
     * next one starts. The caller holds the write lock.
     */
    private void writeBehind() throws IOException {
        int limit = mount.options().dirtyLimit();
        WriteBehind flush = node.writeBehind();
        if (flush != null && (flush.isDone() || node.dirty().bytes() > 2L * limit)) {
            finishWriteBehind();
            flush = null;
        }
        if (flush == null && node.dirty().bytes() > limit) {
            startWriteBehind();
        }
    }

    /**
     * Starts uploading all dirty data, in runs of at most one WRITE each (an extent that large
     * goes as it is, uncopied; the file's limiter keeps the protocol's calls in flight). The caller
     * holds the write lock and found no flush in flight.
     */
    private void startWriteBehind() {
        List<DirtyRanges.Run> runs = node.dirty().runs(limits.maxWriteSize());
        List<CompletableFuture<Upload.Result>> uploads = new ArrayList<>();
        node.beginWrite();
        for (DirtyRanges.Run run : runs) {
            uploads.add(Upload.start(remote, node.limiter(), limits.maxWriteSize(), limits.maxInFlight(),
                    run.position(), run.data()));
        }
        node.writeBehind(new WriteBehind(runs, uploads, this));
    }

    /**
     * Waits for the file's write-back flush in flight, if any, and records what it uploaded, through
     * the handle that started it; throws its first failure (its runs then stay dirty). The caller
     * holds the write lock.
     */
    private void finishWriteBehind() throws IOException {
        WriteBehind flush = node.writeBehind();
        if (flush == null) {
            return;
        }
        node.writeBehind(null);
        IOException failure = null;
        try {
            for (int i = 0; i < flush.runs().size(); i++) {
                DirtyRanges.Run run = flush.runs().get(i);
                try {
                    flush.file().uploaded(run.position(), run.data(), flush.uploads().get(i).join());
                    node.dirty().flushed(run);
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
        } finally {
            node.endWrite();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Uploads the dirty ranges, the flush behind the writer first; the caller holds the write lock. */
    private void flushLocked() throws IOException {
        finishWriteBehind();
        if (node.dirty().isEmpty()) {
            return;
        }
        startWriteBehind();
        finishWriteBehind();
    }

    /**
     * Uploads, then updates the cache as the mode says; the caller holds the write lock. A flush
     * behind a writer of another mount of the export (in write-back mode) is finished first, so its
     * older bytes cannot land on the server after these.
     */
    private void upload(long position, ByteBuffer data) throws IOException {
        finishWriteBehind();
        node.beginWrite();
        try {
            uploaded(position, data, Upload.run(remote, node.limiter(), limits.maxWriteSize(), limits.maxInFlight(),
                    position, data));
        } finally {
            node.endWrite();
        }
    }

    /**
     * Records an upload of {@code data} at {@code position}: the server has its prefix, which goes to
     * the cache as the mode says; throws the upload's failure. The caller holds the write lock, within
     * the upload's write generation ({@link FileNode#beginWrite}).
     */
    private void uploaded(long position, ByteBuffer data, Upload.Result result) throws IOException {
        if (result.uploaded() > 0) {
            long end = position + result.uploaded();
            long before = node.serverSize();
            node.serverWroteTo(end);
            if (node.cookie() != null) {
                if (end > before) {
                    node.cookie().resize(end);
                }
                if (mode == CacheMode.WRITETHROUGH || mode == CacheMode.WRITEBACK) {
                    CacheStream.written(node, position, data.slice(data.position(), (int) result.uploaded()));
                } else {
                    node.cookie().invalidate(null, node.serverSize());
                }
            }
        }
        if (result.failure() != null) {
            throw result.failure();
        }
    }

    /** The channel above this file: the unmount closes it (which closes this file). */
    synchronized void onUnmount(Closeable channelCloser) {
        closer = channelCloser;
    }

    /** The mount goes away: closes the channel, and so this file. */
    void unmount() throws IOException {
        Closeable close;
        synchronized (this) {
            close = closer;
        }
        close.close();
    }

    private synchronized void checkOpen() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }
}
