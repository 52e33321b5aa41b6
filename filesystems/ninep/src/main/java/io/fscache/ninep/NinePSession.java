package io.fscache.ninep;

import io.fscache.api.Futures;
import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileNames;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.FileType;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsPaths;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import io.fscache.ninep.wire.Attr;
import io.fscache.ninep.wire.Dirent;
import io.fscache.ninep.wire.Errno;
import io.fscache.ninep.wire.NinePProtocolException;
import io.fscache.ninep.wire.NinePRemoteException;
import io.fscache.ninep.wire.Opened;
import io.fscache.ninep.wire.Replies;
import io.fscache.ninep.wire.TMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A session with one export of a 9P2000.L server. Holds one {@link Connection} at a time; when
 * it is lost, the calls in flight fail and the next call connects again ({@code Tversion},
 * {@code Tattach}). Metadata calls walk a fresh fid from the root and clunk it afterwards.
 */
final class NinePSession implements NetfsSession {

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_TRUNC = 01000;
    static final int O_DIRECTORY = 0200000;
    static final int AT_REMOVEDIR = 0x200;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    /** Opens of a path that another file keeps being renamed over, before giving up. */
    private static final int OPEN_ATTEMPTS = 3;

    private final NinePOptions options;
    private final Connector connector;
    private final ProtocolCounters counters;
    private final IoLimits limits;
    private CompletableFuture<Connector.Attached> current;
    private volatile boolean closed;
    /** Set once the server refused {@code Trenameat}/{@code Tunlinkat}: use the legacy calls from then on. */
    private volatile boolean legacyRename;
    private volatile boolean legacyUnlink;
    /** The files open in this session, closed with it. */
    private final Set<NinePFile> files = ConcurrentHashMap.newKeySet();

    private NinePSession(NinePOptions options, Connector connector, ProtocolCounters counters,
            Connector.Attached first) {
        this.options = options;
        this.connector = connector;
        this.counters = counters;
        this.current = CompletableFuture.completedFuture(first);
        int msize = first.connection().msize();
        this.limits = new IoLimits(msize - Replies.IOHDRSZ, msize - Replies.IOHDRSZ, options.pipeline());
    }

    /** Connects and attaches, failing at once if the server cannot be reached. */
    static NinePSession open(NinePOptions options, Connector connector, ProtocolCounters counters) throws IOException {
        return new NinePSession(options, connector, counters, await(connector.connect()));
    }

    @Override
    public String volumeKey() {
        return options.volumeKey();
    }

    @Override
    public IoLimits limits() {
        return limits;
    }

    @Override
    public ProtocolStats stats() {
        return counters.snapshot();
    }

    /** The live connection, reconnecting if the last one was lost. */
    CompletableFuture<Connector.Attached> attached() {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("9p session with " + options.server() + " is closed"));
            }
            CompletableFuture<Connector.Attached> live = current;
            if (!live.isDone() || (!live.isCompletedExceptionally() && live.join().connection().isOpen())) {
                return live;
            }
            current = connector.connect();
            current.thenRun(counters::reconnected);
            return current;
        }
    }

    @Override
    public FileAttributes stat(String path) throws IOException {
        Connector.Attached at = await(attached());
        int fid = await(walk(at, path));
        try {
            return attributes(await(at.connection().call(TMessage.getattr(fid, TMessage.GETATTR_BASIC), Replies::attr, path)));
        } finally {
            at.connection().clunk(fid);
        }
    }

    @Override
    public List<DirEntry> list(String path) throws IOException {
        Connector.Attached at = await(attached());
        Connection c = at.connection();
        int fid = await(walk(at, path));
        try {
            await(c.call(TMessage.lopen(fid, O_RDONLY | O_DIRECTORY), Replies::opened, path));
            List<String> names = new ArrayList<>();
            long offset = 0;
            while (true) {
                List<Dirent> page = await(c.call(TMessage.readdir(fid, offset, c.msize() - Replies.IOHDRSZ),
                        Replies::readdir, path));
                if (page.isEmpty()) {
                    return EntryAttributes.of(this, at, path, names);
                }
                for (Dirent entry : page) {
                    if (!entry.name().equals(".") && !entry.name().equals("..")) {
                        names.add(entry.name());
                    }
                }
                long next = page.get(page.size() - 1).offset();
                if (next == offset) {
                    c.close();
                    throw new NinePProtocolException("9p protocol error from " + options.server()
                            + ": Rreaddir does not advance past offset " + offset + " of " + path);
                }
                offset = next;
            }
        } finally {
            c.clunk(fid);
        }
    }

    @Override
    public RemoteFile open(String path, Set<? extends OpenOption> openOptions) throws IOException {
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
            NinePFile file = openOnce(path, openOptions);
            if (file != null) {
                return file;
            }
        }
        throw new IOException(path + " was replaced on 9p server " + options.host() + ":" + options.port()
                + " during each of " + OPEN_ATTEMPTS + " attempts to open it");
    }

    /**
     * Walks, opens and stats {@code path}; null if the path named another file by the time of the
     * stat. diod answers {@code Tgetattr} with an lstat of the fid's path, even for an open fid, so
     * a file renamed over the path between {@code Tlopen} and {@code Tgetattr} would lend its
     * attributes (identity, size) to the handle of the file that was opened: its bytes would then be
     * read, and cached, as the new file's. The open's qid comes from the opened file itself, which
     * stays open (so its inode number cannot be reused): the stat must name the same qid path.
     */
    private NinePFile openOnce(String path, Set<? extends OpenOption> openOptions) throws IOException {
        boolean write = openOptions.contains(StandardOpenOption.WRITE) || openOptions.contains(StandardOpenOption.APPEND);
        int flags = write ? O_RDWR : O_RDONLY;
        Connector.Attached at = await(attached());
        Connection c = at.connection();
        int fid;
        Opened opened;
        if (openOptions.contains(StandardOpenOption.CREATE_NEW)) {
            fid = await(walkToParent(at, path));
            opened = create(c, fid, path, flags | O_CREAT | O_EXCL);
        } else {
            int walked;
            try {
                walked = await(walk(at, path));
            } catch (NoSuchFileException e) {
                if (!openOptions.contains(StandardOpenOption.CREATE)) {
                    throw e;
                }
                walked = -1;
            }
            if (walked < 0) {
                fid = await(walkToParent(at, path));
                opened = create(c, fid, path, flags | O_CREAT);
            } else {
                fid = walked;
                boolean truncate = write && openOptions.contains(StandardOpenOption.TRUNCATE_EXISTING);
                opened = lopen(c, fid, path, flags | (truncate ? O_TRUNC : 0));
            }
        }
        try {
            FileAttributes attributes = attributes(await(c.call(TMessage.getattr(fid, TMessage.GETATTR_BASIC), Replies::attr, path)));
            if (opened.qid().path() != ByteBuffer.wrap(attributes.fileId()).getLong()) {
                c.clunk(fid);
                return null;
            }
            NinePFile file = new NinePFile(this, path, flags, new NinePFile.Handle(c, fid, opened.iounit()), attributes, counters);
            files.add(file);
            return file;
        } catch (IOException | RuntimeException e) {
            c.clunk(fid);
            throw e;
        }
    }

    private Opened lopen(Connection c, int fid, String path, int flags) throws IOException {
        try {
            Opened opened = await(c.call(TMessage.lopen(fid, flags), Replies::opened, path));
            if (opened.qid().isDirectory()) {
                throw new FileSystemException(path, null, Errno.text(Errno.EISDIR));
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            c.clunk(fid);
            throw e;
        }
    }

    /** {@code Tlcreate} turns the parent's fid into the new file's. */
    private Opened create(Connection c, int dirFid, String path, int flags) throws IOException {
        try {
            return await(c.call(TMessage.lcreate(dirFid, NetfsPaths.name(path), flags, 0644, gid()), Replies::opened, path));
        } catch (IOException | RuntimeException e) {
            c.clunk(dirFid);
            throw e;
        }
    }

    /** Re-walks and re-opens a file in the current connection, for a file opened in an earlier one. */
    CompletableFuture<NinePFile.Handle> reopen(String path, int flags) {
        return attached().thenCompose(at -> walk(at, path).thenCompose(fid -> at.connection()
                .call(TMessage.lopen(fid, flags), Replies::opened, path)
                .handle((opened, failure) -> {
                    if (failure != null) {
                        at.connection().clunk(fid);
                        throw new CompletionException(Futures.unwrap(failure));
                    }
                    return new NinePFile.Handle(at.connection(), fid, opened.iounit());
                })));
    }

    @Override
    public void mkdir(String path) throws IOException {
        Connector.Attached at = await(attached());
        int dir = await(walkToParent(at, path));
        try {
            await(at.connection().call(TMessage.mkdir(dir, NetfsPaths.name(path), 0755, gid()), Replies::qid, path));
        } finally {
            at.connection().clunk(dir);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        Connector.Attached at = await(attached());
        Connection c = at.connection();
        if (!legacyUnlink) {
            int dir = await(walkToParent(at, path));
            try {
                try {
                    await(c.call(TMessage.unlinkat(dir, NetfsPaths.name(path), 0), body -> (Void) null, path));
                } catch (FileSystemException e) {
                    if (!Errno.text(Errno.EISDIR).equals(e.getReason())) {
                        throw e;
                    }
                    await(c.call(TMessage.unlinkat(dir, NetfsPaths.name(path), AT_REMOVEDIR), body -> (Void) null, path));
                }
                return;
            } catch (NinePRemoteException e) {
                if (e.errno() != Errno.EOPNOTSUPP) {
                    throw e;
                }
                legacyUnlink = true;
            } finally {
                c.clunk(dir);
            }
        }
        int fid = await(walk(at, path));
        CompletableFuture<Void> settled = new CompletableFuture<>();
        CompletableFuture<Void> removed = c.call(TMessage.remove(fid), body -> (Void) null, path, settled);
        removed.whenComplete((ok, failure) -> {
            // Tremove clunks the fid whatever the server answers; one it never answered may not have run.
            boolean answered = settled.isDone();
            settled.thenRun(() -> {
                if (answered) {
                    c.fids().release(fid);
                } else {
                    c.clunk(fid);
                }
            });
        });
        await(removed);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Connector.Attached at = await(attached());
        Connection c = at.connection();
        int toDir = await(walkToParent(at, to));
        try {
            if (!legacyRename) {
                int fromDir = await(walkToParent(at, from));
                try {
                    await(c.call(TMessage.renameat(fromDir, NetfsPaths.name(from), toDir, NetfsPaths.name(to)),
                            body -> (Void) null, from));
                    return;
                } catch (NinePRemoteException e) {
                    if (e.errno() != Errno.EOPNOTSUPP) {
                        throw e;
                    }
                    legacyRename = true;
                } finally {
                    c.clunk(fromDir);
                }
            }
            int fid = await(walk(at, from));
            try {
                await(c.call(TMessage.rename(fid, toDir, NetfsPaths.name(to)), body -> (Void) null, from));
            } finally {
                c.clunk(fid);
            }
        } finally {
            c.clunk(toDir);
        }
    }

    /** The export's capacity, from {@code Tstatfs} on the root. */
    @Override
    public FileSpace space() throws IOException {
        Connector.Attached at = await(attached());
        return await(at.connection().call(TMessage.statfs(at.rootFid()), Replies::statfs, "/")).space();
    }

    /** A file of this session was closed. */
    void closed(NinePFile file) {
        files.remove(file);
    }

    /**
     * Closes the session without leaving a fid behind on the server: closes the files still open,
     * waits (at most the request timeout) for the calls in flight to give their fids back, clunks
     * any still out (calls that never finished) and the root, then closes the connection.
     */
    @Override
    public void close() {
        CompletableFuture<Connector.Attached> last;
        synchronized (this) {
            closed = true;
            last = current;
        }
        for (NinePFile file : List.copyOf(files)) {
            try {
                file.close();
            } catch (IOException e) {
                // Its connection is gone or its clunk failed: the server forgets the fid with the connection.
            }
        }
        long timeout = options.timeout().toNanos();
        CompletableFuture<Void> done = last.thenCompose(at -> {
            Connection c = at.connection();
            return c.fids().quiet(1).completeOnTimeout(null, timeout, TimeUnit.NANOSECONDS).thenCompose(quiet -> {
                List<CompletableFuture<Void>> clunks = new ArrayList<>();
                for (int fid : c.fids().outstanding()) {
                    if (fid != at.rootFid()) {
                        clunks.add(c.clunk(fid).exceptionally(failure -> null));
                    }
                }
                // The root last, so that the server ends the session tidily; the close follows either way.
                return CompletableFuture.allOf(clunks.toArray(CompletableFuture[]::new))
                        .thenCompose(all -> c.clunk(at.rootFid()))
                        .handle((ok, failure) -> {
                            c.close();
                            return null;
                        });
            });
        });
        try {
            done.get(2 * timeout + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Not attached (the server was unreachable), or it no longer answers: nothing to clunk.
            last.thenAccept(at -> at.connection().close());
        }
    }

    /**
     * Walks from the root to {@code path} in a new fid, in steps of at most 16 names. A walk that
     * stops short is {@link NoSuchFileException}. The fid is never left on the server: a failed
     * walk's fid is clunked whenever the server may have made it (diod makes it even for a partial
     * walk), and so is a walked fid whose caller gave up meanwhile.
     *
     * @throws java.nio.file.InvalidPathException if a name cannot be sent (see {@link FileNames})
     */
    CompletableFuture<Integer> walk(Connector.Attached at, String path) {
        return walk(at, NetfsPaths.names(path), path);
    }

    /**
     * Walks to the directory that holds {@code path}, for a call that makes, removes or renames its
     * last name; a failure names {@code path}, the path the caller gave, as {@code open(2)} would.
     */
    private CompletableFuture<Integer> walkToParent(Connector.Attached at, String path) {
        return walk(at, NetfsPaths.names(NetfsPaths.parent(path)), path);
    }

    private CompletableFuture<Integer> walk(Connector.Attached at, List<String> names, String path) {
        Connection c = at.connection();
        Walk walk = new Walk(c, TMessage.encode(names), path);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        walk.step(at.rootFid(), 0).whenComplete((fid, failure) -> {
            if (failure == null) {
                if (!result.complete(fid)) {
                    c.clunk(fid);
                }
                return;
            }
            walk.forget();
            result.completeExceptionally(Futures.unwrap(failure));
        });
        return result;
    }

    /** One walk in progress: its new fid, whether the server has made it, and the step in flight. */
    private static final class Walk {
        private final Connection c;
        private final int fid;
        private final List<byte[]> names;
        private final String path;
        // Written by each step's completion, read by the next step or by forget(): ordered by the futures.
        private volatile boolean created;
        private volatile boolean refused;
        private volatile CompletableFuture<Void> settled;

        Walk(Connection c, List<byte[]> names, String path) {
            this.c = c;
            this.names = names;
            this.path = path;
            this.fid = c.fids().take();
        }

        /** One {@code Twalk} of up to 16 names from {@code from}, then the rest from the new fid. */
        CompletableFuture<Integer> step(int from, int start) {
            List<byte[]> chunk = names.subList(start, Math.min(names.size(), start + TMessage.MAXWELEM));
            CompletableFuture<Void> done = new CompletableFuture<>();
            settled = done;
            return c.call(TMessage.walk(from, fid, chunk), body -> Replies.walk(body, chunk.size()), path, done)
                    .handle((qids, failure) -> {
                        if (failure != null) {
                            // An Rlerror settles the call before failing it; a timeout or a lost connection does not.
                            refused = done.isDone();
                            throw new CompletionException(Futures.unwrap(failure));
                        }
                        created = true;
                        if (qids.size() < chunk.size()) {
                            throw new CompletionException(new NoSuchFileException(path));
                        }
                        return start + chunk.size();
                    })
                    .thenCompose(next -> next >= names.size() ? CompletableFuture.completedFuture(fid) : step(fid, next));
        }

        /**
         * After a failure: the fid goes straight back to the pool only if the server refused the
         * first step ({@code Rlerror}, so it never made the fid); otherwise it is clunked once the
         * server is done with the step (a clunk of a fid the server never made fails harmlessly).
         */
        void forget() {
            settled.thenRun(() -> {
                if (!created && refused) {
                    c.fids().release(fid);
                } else {
                    c.clunk(fid);
                }
            });
        }
    }

    private int gid() {
        return options.nUname() == TMessage.NONUNAME ? 0 : options.nUname();
    }

    /** The SPI's view of an {@code Rgetattr}: the qid path is the cookie key, the rest the coherency data. */
    static FileAttributes attributes(Attr attr) {
        FileType type = switch (attr.mode() & S_IFMT) {
            case S_IFDIR -> FileType.DIRECTORY;
            case S_IFREG -> FileType.REGULAR;
            case S_IFLNK -> FileType.SYMLINK;
            default -> FileType.OTHER;
        };
        byte[] fileId = ByteBuffer.allocate(8).putLong(attr.qid().path()).array();
        // ctime too: a write followed by restoring the mtime (touch -m, rsync -t, tar) moves only the ctime.
        byte[] changeId = ByteBuffer.allocate(4 + 8 * 5).putInt(attr.qid().version())
                .putLong(attr.mtimeSec()).putLong(attr.mtimeNsec())
                .putLong(attr.ctimeSec()).putLong(attr.ctimeNsec()).putLong(attr.size()).array();
        return new FileAttributes(type, attr.size(), time(attr.mtimeSec(), attr.mtimeNsec()),
                time(attr.atimeSec(), attr.atimeNsec()), time(attr.ctimeSec(), attr.ctimeNsec()), fileId, changeId,
                attr.mode() & 07777, Integer.toUnsignedString(attr.uid()), Integer.toUnsignedString(attr.gid()));
    }

    private static FileTime time(long seconds, long nanos) {
        return FileTime.from(Instant.ofEpochSecond(seconds, nanos));
    }

    /** Waits for a call on a caller's thread; an interrupt cancels the call (a sent request is flushed). */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        return Futures.awaitInterruptibly(future, "the 9p server");
    }
}
