package io.fscache.nfs;

import io.fscache.api.Futures;
import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsPaths;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.VolumeKeys;
import io.fscache.nfs.Nfs3Replies.DirPage;
import io.fscache.nfs.Nfs3Replies.Entry;
import io.fscache.nfs.Nfs3Replies.FsInfo;
import io.fscache.nfs.Nfs3Replies.Lookup;
import io.fscache.nfs.rpc.Program;
import io.fscache.nfs.rpc.RpcClient;
import io.fscache.nfs.rpc.RpcConnection;
import io.fscache.nfs.rpc.RpcConnection.Args;
import io.fscache.nfs.rpc.RpcConnection.Parser;
import io.fscache.nfs.rpc.RpcProtocolException;
import io.fscache.nfs.rpc.RpcRefusedException;
import io.fscache.nfs.rpc.RpcSettings;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A session with one export of an NFSv3 server. It mounts the export once (MOUNT v3 {@code MNT}
 * for the root handle) and asks FSINFO for the transfer sizes; every path is then looked up one
 * {@code LOOKUP} per name, from the root or from a directory whose handle was looked up within
 * {@code acdirmin} ({@link DirectoryHandles}), so a rename on the server is seen within it. Holds one
 * {@link RpcConnection} at a time: when it is lost, the calls in flight fail and the next call
 * connects again; file handles stay valid across connections (NFSv3 is stateless).
 */
final class NfsSession implements NetfsSession {

    /** Directory bytes asked of one READDIRPLUS, when the server prefers no size. */
    private static final int DIR_PAGE = 32 << 10;
    /** Record room beyond a READ's or WRITE's data: RPC and NFS headers, attributes. */
    private static final int HEADROOM = 4 << 10;

    private final Nfs3Client client;
    private final NfsOptions options;
    private final RpcSettings settings;
    private final byte[] root;
    private final IoLimits limits;
    private final int dirPage;
    private final String volumeKey;
    private final Set<NfsFile> files = ConcurrentHashMap.newKeySet();
    private final DirectoryHandles directories;

    private NfsSession(EventLoopGroup group, NfsOptions options, RpcSettings settings, RpcConnection first,
            byte[] root, FsInfo info, Fattr3 rootAttributes) {
        this.client = new Nfs3Client(group, options, settings, first);
        this.options = options;
        this.settings = settings;
        this.root = root;
        this.directories = new DirectoryHandles(options.acdirmin().toNanos(), System::nanoTime);
        this.limits = options.limits(info.rtmax(), info.wtmax());
        this.dirPage = info.dtpref() >= 1024 && info.dtpref() <= DIR_PAGE ? (int) info.dtpref() : DIR_PAGE;
        this.volumeKey = VolumeKeys.of("nfs", options.server(), "v3:fsid=" + Long.toHexString(rootAttributes.fsid()));
    }

    /**
     * Connects to the NFS service first (so that a server that is not there is named as such),
     * then mounts the export and asks FSINFO and GETATTR of its root.
     */
    static NfsSession open(EventLoopGroup group, NfsOptions options, RpcSettings settings) throws IOException {
        Supplier<String> whereNfs = () -> RpcbindHint.of(group, options, settings, Program.NFS3);
        RpcConnection first;
        try {
            first = Futures.awaitInterruptibly(RpcClient.connect(group, options.host(), options.port(), settings),
                    "the nfs server");
        } catch (IOException e) {
            throw notAnswered(e, options, whereNfs);
        }
        try {
            byte[] root = await(Mount3.mount(group, options, settings));
            FsInfo info;
            Fattr3 attributes;
            try {
                info = await(first.call(Program.NFS3, Nfs3Calls.FSINFO, "FSINFO", Nfs3Calls.handle(root),
                        r -> Nfs3Replies.fsinfo(r, options.path())));
                attributes = await(first.call(Program.NFS3, Nfs3Calls.GETATTR, "GETATTR", Nfs3Calls.handle(root),
                        r -> Nfs3Replies.getattr(r, options.path())));
            } catch (IOException e) {
                throw notAnswered(e, options, whereNfs);
            }
            return new NfsSession(group, options, settings, first, root, info, attributes);
        } catch (IOException | RuntimeException e) {
            first.close();
            throw e;
        }
    }

    /**
     * A connection refused, lost, silent or speaking another protocol before the server answered the
     * mount's first calls, or a server of no NFS: most likely another server's port, which the message
     * asks (it said only "connection ... lost", or the size of a record that was another protocol's
     * greeting), adding {@code whereNfs} ({@link RpcbindHint}). A server's own refusal of the mount, or
     * an unknown host, is as it was.
     */
    static IOException notAnswered(IOException e, NfsOptions options, Supplier<String> whereNfs) {
        if (e instanceof RpcProtocolException) {
            // Another service's port answers in its own protocol: "a record of 1397966893 bytes" is SSH's banner.
            return new RpcProtocolException(e.getMessage() + " (is " + options.server() + " an NFS server's port?)" + whereNfs.get());
        }
        if (e instanceof RpcRefusedException refused) {
            return refused.programUnavailable() ? new RpcRefusedException(e.getMessage() + whereNfs.get(), true) : e;
        }
        if (e instanceof FileSystemException || e instanceof InterruptedIOException) {
            return e;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return e; // nothing there to ask about
            }
            if (cause instanceof ConnectException) {
                String hint = whereNfs.get();
                return hint.isEmpty() ? e : new IOException(e.getMessage() + hint, e);
            }
        }
        return new IOException(e.getMessage() + " (is " + options.server() + " an NFS server's port?)" + whereNfs.get(), e);
    }

    /** The client's size, lowered to the server's maximum when it gives one. */
    /** The largest reply record a session accepts: a full READ or directory page plus headers. */
    static int maxRecord(NfsOptions options) {
        return Math.max(options.rsize(), 2 * DIR_PAGE) + HEADROOM;
    }

    @Override
    public String volumeKey() {
        return volumeKey;
    }

    @Override
    public IoLimits limits() {
        return limits;
    }

    @Override
    public ProtocolStats stats() {
        return settings.counters().snapshot();
    }

    String server() {
        return options.server();
    }

    /** Calls an NFSv3 procedure: see {@link Nfs3Client#call}. */
    <T> CompletableFuture<T> call(int procedure, String name, Args args, Parser<T> parser) {
        return client.call(procedure, name, args, parser);
    }

    /**
     * Looks {@code path} up, one LOOKUP per name from the root or from the deepest directory above
     * its last name whose handle is kept ({@link DirectoryHandles}); a failure names {@code path}.
     */
    CompletableFuture<Lookup> lookup(String path) {
        return lookup(NetfsPaths.names(path), path);
    }

    private CompletableFuture<Lookup> lookup(List<String> names, String path) {
        long since = directories.generation();
        DirectoryHandles.Start start = directories.start(names);
        if (start == null) {
            return walk(root, 0, names, path, since);
        }
        // A kept directory may have gone, or been renamed and another made in its place: the
        // server's "stale" or "no such file" through it is asked again from the root.
        return walk(start.handle(), start.names(), names, path, since).exceptionallyCompose(failure -> {
            Throwable cause = Futures.unwrap(failure);
            if (!(cause instanceof NoSuchFileException || cause instanceof Nfs3Status.StaleHandleException)) {
                return CompletableFuture.failedFuture(cause);
            }
            directories.forgetAll();
            return walk(root, 0, names, path, directories.generation());
        });
    }

    /**
     * LOOKUPs of {@code names} from the {@code first}, starting in the directory {@code from}; keeps
     * the directories met, unless something was forgotten since generation {@code since}.
     */
    private CompletableFuture<Lookup> walk(byte[] from, int first, List<String> names, String path, long since) {
        CompletableFuture<Lookup> at = CompletableFuture.completedFuture(new Lookup(from, null));
        for (int i = first; i < names.size(); i++) {
            String name = names.get(i);
            int count = i + 1;
            at = at.thenCompose(dir -> call(Nfs3Calls.LOOKUP, "LOOKUP", Nfs3Calls.dirop(dir.handle(), name),
                    r -> Nfs3Replies.lookup(r, path))).thenApply(found -> {
                        int type = found.attributes() == null ? 0 : found.attributes().type();
                        if (type == Fattr3.NF3DIR) {
                            directories.lookedUp(names, count, found.handle(), since);
                        } else if (type == Fattr3.NF3LNK && count < names.size()) {
                            // The next LOOKUP in it would say only NOTDIR; NFSv4.1 names the link.
                            throw new CompletionException(new FileSystemException(path, null,
                                    "a symbolic link on the way (/" + String.join("/", names.subList(0, count)) + "), not followed"));
                        }
                        return found;
                    });
        }
        return at;
    }

    /** The directory holding {@code path}'s last name; a failure names {@code path}, as {@code open(2)} would. */
    private Lookup parent(String path) throws IOException {
        return await(lookup(NetfsPaths.names(NetfsPaths.parent(path)), path));
    }

    /** The attributes of a looked-up object, asked with GETATTR when the LOOKUP carried none. */
    Fattr3 attributes(Lookup found, String path) throws IOException {
        return found.attributes() != null ? found.attributes()
                : await(call(Nfs3Calls.GETATTR, "GETATTR", Nfs3Calls.handle(found.handle()), r -> Nfs3Replies.getattr(r, path)));
    }

    @Override
    public FileAttributes stat(String path) throws IOException {
        Lookup found = await(lookup(path));
        return attributes(found, path).toAttributes(found.handle());
    }

    @Override
    public List<DirEntry> list(String path) throws IOException {
        byte[] dir = await(lookup(path)).handle();
        List<DirEntry> entries = new ArrayList<>();
        long cookie = 0;
        byte[] verifier = new byte[Nfs3Replies.VERIFIER];
        while (true) {
            long from = cookie;
            byte[] verf = verifier;
            DirPage page = await(call(Nfs3Calls.READDIRPLUS, "READDIRPLUS",
                    Nfs3Calls.readdirplus(dir, from, verf, dirPage, 2 * dirPage), r -> Nfs3Replies.readdirplus(r, path)));
            for (Entry entry : page.entries()) {
                if (!entry.name().equals(".") && !entry.name().equals("..")) {
                    entries.add(new DirEntry(entry.name(), entry.attributes() == null || entry.handle() == null ? null
                            : entry.attributes().toAttributes(entry.handle())));
                }
            }
            if (page.eof()) {
                return entries;
            }
            if (page.entries().isEmpty() || page.entries().get(page.entries().size() - 1).cookie() == from) {
                throw new RpcProtocolException("rpc protocol error from nfs server " + options.server()
                        + ": READDIRPLUS of " + path + " does not advance past cookie " + from);
            }
            cookie = page.entries().get(page.entries().size() - 1).cookie();
            verifier = page.verifier();
        }
    }

    @Override
    public RemoteFile open(String path, Set<? extends OpenOption> openOptions) throws IOException {
        boolean write = openOptions.contains(StandardOpenOption.WRITE) || openOptions.contains(StandardOpenOption.APPEND);
        Lookup found;
        if (openOptions.contains(StandardOpenOption.CREATE_NEW)) {
            found = create(path, Nfs3Calls.GUARDED);
        } else {
            try {
                found = await(lookup(path));
            } catch (NoSuchFileException e) {
                if (!openOptions.contains(StandardOpenOption.CREATE)) {
                    throw e;
                }
                found = create(path, Nfs3Calls.UNCHECKED);
            }
        }
        Fattr3 attributes = attributes(found, path);
        if (attributes.type() == Fattr3.NF3DIR) {
            throw new FileSystemException(path, null, "is a directory");
        }
        // NFSv3 has no open on the server: as with Linux's client, a file the server will not let
        // us change is refused at the first write (ACCESS answers by the mode bits alone).
        if (write && openOptions.contains(StandardOpenOption.TRUNCATE_EXISTING) && attributes.size() > 0) {
            attributes = truncate(found.handle(), path, 0, attributes);
        }
        NfsFile file = new NfsFile(this, path, found.handle(), attributes, settings.counters());
        files.add(file);
        return file;
    }

    /** SETATTR of the size; the file's attributes after it ({@code before} if the server sent none). */
    Fattr3 truncate(byte[] handle, String path, long size, Fattr3 before) throws IOException {
        Fattr3 after = await(call(Nfs3Calls.SETATTR, "SETATTR", Nfs3Calls.setSize(handle, size), r -> Nfs3Replies.wccResult(r, path)));
        return after != null ? after : before;
    }

    private Lookup create(String path, int how) throws IOException {
        byte[] dir = parent(path).handle();
        Lookup made = await(call(Nfs3Calls.CREATE, "CREATE", Nfs3Calls.create(dir, NetfsPaths.name(path), how, 0644),
                r -> Nfs3Replies.created(r, path)));
        return made.handle() != null ? made : await(lookup(path));
    }

    /** A file closed itself. */
    void closed(NfsFile file) {
        files.remove(file);
    }

    @Override
    public void mkdir(String path) throws IOException {
        byte[] dir = parent(path).handle();
        await(call(Nfs3Calls.MKDIR, "MKDIR", Nfs3Calls.mkdir(dir, NetfsPaths.name(path), 0755), r -> Nfs3Replies.created(r, path)));
    }

    @Override
    public void delete(String path) throws IOException {
        byte[] dir = parent(path).handle();
        String name = NetfsPaths.name(path);
        Lookup target = await(call(Nfs3Calls.LOOKUP, "LOOKUP", Nfs3Calls.dirop(dir, name), r -> Nfs3Replies.lookup(r, path)));
        boolean directory = attributes(target, path).type() == Fattr3.NF3DIR;
        try {
            await(call(directory ? Nfs3Calls.RMDIR : Nfs3Calls.REMOVE, directory ? "RMDIR" : "REMOVE",
                    Nfs3Calls.dirop(dir, name), r -> Nfs3Replies.wccResult(r, path)));
        } finally {
            directories.forget(path);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        byte[] fromDir = parent(from).handle();
        byte[] toDir = parent(to).handle();
        try {
            await(call(Nfs3Calls.RENAME, "RENAME", Nfs3Calls.rename(fromDir, NetfsPaths.name(from), toDir, NetfsPaths.name(to)),
                    r -> {
                        Nfs3Replies.status(r, from);
                        return null;
                    }));
        } finally {
            // Asked or not, the server may have done it: neither name may lead to a kept directory now.
            directories.forget(from);
            directories.forget(to);
        }
    }

    @Override
    public FileSpace space() throws IOException {
        Nfs3Replies.FsStat stat = await(call(Nfs3Calls.FSSTAT, "FSSTAT", Nfs3Calls.handle(root),
                r -> Nfs3Replies.fsstat(r, options.path())));
        return new FileSpace(stat.total(), Math.min(stat.free(), stat.total()), Math.min(stat.available(), stat.free()));
    }

    /** Commits and forgets the open files, then closes the connection. */
    @Override
    public void close() {
        if (client.isClosed()) {
            return;
        }
        for (NfsFile file : List.copyOf(files)) {
            try {
                file.close();
            } catch (IOException e) {
                // Its data could not be committed: the server has lost it or is gone; the session closes regardless.
            }
        }
        client.close();
    }

    /** Waits for a call on a caller's thread; an interrupt cancels the call. */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        return Futures.awaitInterruptibly(future, "the nfs server");
    }
}
