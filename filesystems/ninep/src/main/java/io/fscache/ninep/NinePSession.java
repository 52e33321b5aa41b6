package io.fscache.ninep;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.FileType;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

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

    private final NinePOptions options;
    private final Connector connector;
    private final NinePCounters counters;
    private final IoLimits limits;
    private CompletableFuture<Connector.Attached> current;
    private volatile boolean closed;
    /** Set once the server refused {@code Trenameat}/{@code Tunlinkat}: use the legacy calls from then on. */
    private volatile boolean legacyRename;
    private volatile boolean legacyUnlink;

    private NinePSession(NinePOptions options, Connector connector, NinePCounters counters,
            Connector.Attached first) {
        this.options = options;
        this.connector = connector;
        this.counters = counters;
        this.current = CompletableFuture.completedFuture(first);
        int msize = first.connection().msize();
        this.limits = new IoLimits(msize - Replies.IOHDRSZ, msize - Replies.IOHDRSZ, options.pipeline());
    }

    /** Connects and attaches, failing at once if the server cannot be reached. */
    static NinePSession open(NinePOptions options, Connector connector, NinePCounters counters) throws IOException {
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
            counters.reconnects.increment();
            current = connector.connect();
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
            List<DirEntry> entries = new ArrayList<>();
            long offset = 0;
            while (true) {
                List<Dirent> page = await(c.call(TMessage.readdir(fid, offset, c.msize() - Replies.IOHDRSZ),
                        Replies::readdir, path));
                if (page.isEmpty()) {
                    return entries;
                }
                for (Dirent entry : page) {
                    if (!entry.name().equals(".") && !entry.name().equals("..")) {
                        entries.add(new DirEntry(entry.name(), null));
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
        boolean write = openOptions.contains(StandardOpenOption.WRITE) || openOptions.contains(StandardOpenOption.APPEND);
        int flags = write ? O_RDWR : O_RDONLY;
        Connector.Attached at = await(attached());
        Connection c = at.connection();
        int fid;
        Opened opened;
        if (openOptions.contains(StandardOpenOption.CREATE_NEW)) {
            fid = await(walk(at, parent(path)));
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
                fid = await(walk(at, parent(path)));
                opened = create(c, fid, path, flags | O_CREAT);
            } else {
                fid = walked;
                boolean truncate = write && openOptions.contains(StandardOpenOption.TRUNCATE_EXISTING);
                opened = lopen(c, fid, path, flags | (truncate ? O_TRUNC : 0));
            }
        }
        try {
            FileAttributes attributes = attributes(await(c.call(TMessage.getattr(fid, TMessage.GETATTR_BASIC), Replies::attr, path)));
            return new NinePFile(this, path, flags, new NinePFile.Handle(c, fid, opened.iounit()), attributes, counters);
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
            return await(c.call(TMessage.lcreate(dirFid, name(path), flags, 0644, gid()), Replies::opened, path));
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
                        throw new CompletionException(unwrap(failure));
                    }
                    return new NinePFile.Handle(at.connection(), fid, opened.iounit());
                })));
    }

    @Override
    public void mkdir(String path) throws IOException {
        Connector.Attached at = await(attached());
        int dir = await(walk(at, parent(path)));
        try {
            await(at.connection().call(TMessage.mkdir(dir, name(path), 0755, gid()), Replies::qid, path));
        } finally {
            at.connection().clunk(dir);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        Connector.Attached at = await(attached());
        Connection c = at.connection();
        if (!legacyUnlink) {
            int dir = await(walk(at, parent(path)));
            try {
                try {
                    await(c.call(TMessage.unlinkat(dir, name(path), 0), body -> (Void) null, path));
                } catch (FileSystemException e) {
                    if (!Errno.text(Errno.EISDIR).equals(e.getReason())) {
                        throw e;
                    }
                    await(c.call(TMessage.unlinkat(dir, name(path), AT_REMOVEDIR), body -> (Void) null, path));
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
        // Tremove clunks the fid whatever the outcome.
        await(c.call(TMessage.remove(fid), body -> (Void) null, path).whenComplete((ok, failure) -> c.fids().release(fid)));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Connector.Attached at = await(attached());
        Connection c = at.connection();
        int toDir = await(walk(at, parent(to)));
        try {
            if (!legacyRename) {
                int fromDir = await(walk(at, parent(from)));
                try {
                    await(c.call(TMessage.renameat(fromDir, name(from), toDir, name(to)), body -> (Void) null, from));
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
                await(c.call(TMessage.rename(fid, toDir, name(to)), body -> (Void) null, from));
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

    @Override
    public void close() {
        CompletableFuture<Connector.Attached> last;
        synchronized (this) {
            closed = true;
            last = current;
        }
        // Clunking the root first lets the server end the session tidily; the close follows either way.
        last.thenAccept(at -> at.connection().clunk(at.rootFid()).whenComplete((ok, failure) -> at.connection().close()));
    }

    /**
     * Walks from the root to {@code path} in a new fid, in steps of at most 16 names. A walk that
     * stops short is {@link NoSuchFileException}; the fid is then forgotten.
     */
    CompletableFuture<Integer> walk(Connector.Attached at, String path) {
        Connection c = at.connection();
        int fid = c.fids().take();
        boolean[] created = new boolean[1];
        return step(c, at.rootFid(), fid, names(path), 0, path, created).handle((done, failure) -> {
            if (failure == null) {
                return done;
            }
            if (created[0]) {
                c.clunk(fid);
            } else {
                c.fids().release(fid);
            }
            throw new CompletionException(unwrap(failure));
        });
    }

    /** One {@code Twalk} of up to 16 names; {@code created[0]} is set once the server made the fid. */
    private CompletableFuture<Integer> step(Connection c, int from, int fid, List<String> names, int start,
            String path, boolean[] created) {
        List<String> chunk = names.subList(start, Math.min(names.size(), start + TMessage.MAXWELEM));
        return c.call(TMessage.walk(from, fid, chunk), body -> Replies.walk(body, chunk.size()), path)
                .thenCompose(qids -> {
                    if (qids.size() < chunk.size()) {
                        throw new CompletionException(new NoSuchFileException(path));
                    }
                    created[0] = true;
                    int next = start + chunk.size();
                    return next >= names.size() ? CompletableFuture.completedFuture(fid)
                            : step(c, fid, fid, names, next, path, created);
                });
    }

    private int gid() {
        return options.nUname() == TMessage.NONUNAME ? 0 : options.nUname();
    }

    static List<String> names(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + path);
        }
        return Arrays.stream(path.split("/")).filter(name -> !name.isEmpty()).toList();
    }

    static String parent(String path) {
        List<String> names = names(path);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the root has no parent");
        }
        return "/" + String.join("/", names.subList(0, names.size() - 1));
    }

    static String name(String path) {
        List<String> names = names(path);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the root has no name");
        }
        return names.get(names.size() - 1);
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
        byte[] changeId = ByteBuffer.allocate(4 + 8 + 8 + 8).putInt(attr.qid().version())
                .putLong(attr.mtimeSec()).putLong(attr.mtimeNsec()).putLong(attr.size()).array();
        return new FileAttributes(type, attr.size(), time(attr.mtimeSec(), attr.mtimeNsec()),
                time(attr.atimeSec(), attr.atimeNsec()), time(attr.ctimeSec(), attr.ctimeNsec()), fileId, changeId,
                attr.mode() & 07777, Integer.toUnsignedString(attr.uid()), Integer.toUnsignedString(attr.gid()));
    }

    private static FileTime time(long seconds, long nanos) {
        return FileTime.from(Instant.ofEpochSecond(seconds, nanos));
    }

    /** Waits for a call on a caller's thread and rethrows its failure as it was raised. */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the 9p server");
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
