package io.fscache.nfs;

import io.fscache.api.Printable;
import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsPaths;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.VolumeKeys;
import io.fscache.nfs.Nfs4Ops.Op;
import io.fscache.nfs.Nfs4Reply.DirPage;
import io.fscache.nfs.Nfs4Reply.Entry;
import io.fscache.nfs.rpc.Program;
import io.fscache.nfs.rpc.RpcProtocolException;
import io.fscache.nfs.rpc.RpcRefusedException;
import io.fscache.nfs.rpc.RpcSettings;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A session with one export of an NFSv4.1 server (RFC 8881). The URI's path is walked from the
 * server's root (PUTROOTFH, then one LOOKUP per name: for ganesha, the pseudo path); every path is
 * then looked up from that handle in one COMPOUND. Files are opened on the server (OPEN, CLOSE),
 * each with an open owner of its own, the OPEN in the COMPOUND of its parent's LOOKUPs (one round
 * trip) and the CLOSE not waited for, as Linux's client closes: opening and closing a file read
 * wholly from the cache costs one round trip, as over NFSv3, where it took three. The open state
 * is what keeps a file replaced behind the server's back readable to those who have it open. The
 * client id, session, slots and lease are {@link Nfs41Client}'s.
 */
final class Nfs41Session implements NetfsSession {

    /** LOOKUPs in one COMPOUND, well within the 64 operations asked of CREATE_SESSION. */
    private static final int LOOKUPS = 48;
    private static final int DIR_PAGE = 32 << 10;

    record Found(byte[] handle, Fattr4 attributes) {
    }

    private final Nfs41Client client;
    private final NfsOptions options;
    private final RpcSettings settings;
    private final byte[] root;
    private final IoLimits limits;
    private final String volumeKey;
    private final AtomicLong owners = new AtomicLong();
    private final Set<Nfs41File> files = ConcurrentHashMap.newKeySet();
    /** CLOSEs sent and not yet answered, which the session's end waits for. */
    private final Set<CompletableFuture<?>> closing = ConcurrentHashMap.newKeySet();

    private Nfs41Session(Nfs41Client client, NfsOptions options, RpcSettings settings, Found root) {
        this.client = client;
        this.options = options;
        this.settings = settings;
        this.root = root.handle();
        Fattr4 a = root.attributes();
        this.limits = options.limits(a.maxread(), a.maxwrite());
        this.volumeKey = VolumeKeys.of("nfs", options.server(), "v4.1:fsid=" + Long.toHexString(a.fsidMajor()) + "."
                + Long.toHexString(a.fsidMinor()));
    }

    /** Creates the client id and session, walks to the export and asks its root's attributes. */
    static Nfs41Session open(EventLoopGroup group, NfsOptions options, RpcSettings settings) throws IOException {
        Nfs41Client client = new Nfs41Client(group, options, settings);
        Supplier<String> whereNfs = () -> RpcbindHint.of(group, options, settings, Program.NFS4);
        try {
            List<String> names = NetfsPaths.names(options.path());
            List<Op> ops = walk(null, names);
            ops.add(Nfs4Ops.getfh());
            ops.add(Nfs4Ops.getattr(Fattr4.ROOT));
            Found root = NfsSession.await(client.compound("LOOKUP", options.path(), ops, reply -> {
                walked(reply, null, names);
                return new Found(reply.getfh(), reply.getattr());
            }));
            client.renewEvery(root.attributes().lease() > 0 ? root.attributes().lease() : 90);
            return new Nfs41Session(client, options, settings, root);
        } catch (RpcRefusedException e) {
            client.close();
            // A server that serves NFS, but not version 4, may serve version 3; one that serves no NFS at all is another service.
            throw e.programUnavailable() ? NfsSession.notAnswered(e, options, whereNfs)
                    : new IOException(e.getMessage() + "; mount with vers=3", e);
        } catch (NoSuchFileException e) {
            String near = nearestListing(client, NetfsPaths.names(options.path()));
            client.close();
            throw new NoSuchFileException(options.path(), null, "NFS server " + options.server() + " has no "
                    + options.path() + " (NFS4ERR_NOENT; an NFSv4 path starts at the server's root)" + near);
        } catch (IOException e) {
            client.close();
            throw NfsSession.notAnswered(e, options, whereNfs);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Names shown of the directory that holds a missing export: enough to spot a typo. */
    private static final int NAMES_SHOWN = 10;

    /**
     * What the deepest directory on the way to a missing export holds ({@code "; / holds export"}),
     * so that the error names what the user may have meant; {@code ""} if it cannot be read (the
     * error stays the server's).
     */
    private static String nearestListing(Nfs41Client client, List<String> names) {
        for (int depth = names.size() - 1; depth >= 0; depth--) {
            List<String> walk = names.subList(0, depth);
            String dir = "/" + String.join("/", walk);
            try {
                DirPage page = NfsSession.await(firstPage(client, walk, dir));
                List<String> held = page.entries().stream().map(entry -> Printable.escape(entry.name())).sorted().toList();
                if (held.isEmpty() && page.eof()) {
                    return "; " + dir + " is empty";
                }
                int shown = Math.min(NAMES_SHOWN, held.size());
                return "; " + dir + " holds " + String.join(", ", held.subList(0, shown))
                        + (!page.eof() ? " and more" : held.size() > shown ? " and " + (held.size() - shown) + " more" : "");
            } catch (NoSuchFileException e) {
                // not there either: try its parent
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
        return "";
    }

    /** The first page of the directory at {@code names} from the server's root, in one COMPOUND. */
    private static CompletableFuture<DirPage> firstPage(Nfs41Client client, List<String> names, String dir) {
        List<Op> ops = walk(null, names);
        ops.add(Nfs4Ops.readdir(0, new byte[Nfs4Reply.VERIFIER], DIR_PAGE, 2 * DIR_PAGE, Fattr4.LISTED));
        return client.compound("READDIR", dir, ops, reply -> {
            walked(reply, null, names);
            return reply.readdir();
        });
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

    Nfs41Client client() {
        return client;
    }

    /** A new open owner: one per open file, so that closing one never touches another's state. */
    byte[] newOwner() {
        return ("open-" + owners.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Looks {@code path} up from the export's root; a failure names {@code path}. */
    CompletableFuture<Found> lookup(String path) {
        return lookup(root, NetfsPaths.names(path), path);
    }

    private CompletableFuture<Found> lookup(byte[] from, List<String> names, String path) {
        List<String> chunk = names.subList(0, Math.min(LOOKUPS, names.size()));
        List<Op> ops = walk(from, chunk);
        ops.add(Nfs4Ops.getfh());
        ops.add(Nfs4Ops.getattr(Fattr4.FILE));
        CompletableFuture<Found> found = client.compound("LOOKUP", path, ops, reply -> {
            walked(reply, from, chunk);
            return new Found(reply.getfh(), reply.getattr());
        });
        return names.size() <= LOOKUPS ? found
                : found.thenCompose(at -> lookup(at.handle(), names.subList(LOOKUPS, names.size()), path));
    }

    private byte[] parent(String path) throws IOException {
        return NfsSession.await(lookup(root, NetfsPaths.names(NetfsPaths.parent(path)), path)).handle();
    }

    @Override
    public FileAttributes stat(String path) throws IOException {
        Found found = NfsSession.await(lookup(path));
        return found.attributes().toAttributes(found.handle());
    }

    @Override
    public List<DirEntry> list(String path) throws IOException {
        byte[] dir = NfsSession.await(lookup(path)).handle();
        List<DirEntry> entries = new ArrayList<>();
        long cookie = 0;
        byte[] verifier = new byte[Nfs4Reply.VERIFIER];
        while (true) {
            long from = cookie;
            DirPage page = NfsSession.await(client.compound("READDIR", path,
                    List.of(Nfs4Ops.putfh(dir), Nfs4Ops.readdir(from, verifier, DIR_PAGE, 2 * DIR_PAGE, Fattr4.LISTED)), reply -> {
                        reply.plain(Nfs4Ops.PUTFH);
                        return reply.readdir();
                    }));
            for (Entry entry : page.entries()) {
                entries.add(new DirEntry(entry.name(), listed(entry.attributes())));
            }
            if (page.eof()) {
                return entries;
            }
            if (page.entries().isEmpty() || page.entries().get(page.entries().size() - 1).cookie() == from) {
                throw new RpcProtocolException("rpc protocol error from nfs server " + options.server()
                        + ": READDIR of " + path + " does not advance past cookie " + from);
            }
            cookie = page.entries().get(page.entries().size() - 1).cookie();
            verifier = page.verifier();
        }
    }

    /** An entry's attributes as the listing gave them, or {@code null} if it left out what a stat needs. */
    private static FileAttributes listed(Fattr4 attributes) {
        if (attributes.handle() == null) {
            return null;
        }
        try {
            return attributes.toAttributes(attributes.handle());
        } catch (RpcProtocolException e) {
            return null;
        }
    }

    @Override
    public RemoteFile open(String path, Set<? extends OpenOption> openOptions) throws IOException {
        boolean write = openOptions.contains(StandardOpenOption.WRITE) || openOptions.contains(StandardOpenOption.APPEND);
        int create = openOptions.contains(StandardOpenOption.CREATE_NEW) ? Nfs4Ops.GUARDED4
                : openOptions.contains(StandardOpenOption.CREATE) ? Nfs4Ops.UNCHECKED4 : -1;
        int access = write ? Nfs4Ops.OPEN4_SHARE_ACCESS_BOTH : Nfs4Ops.OPEN4_SHARE_ACCESS_READ;
        if (NetfsPaths.names(path).isEmpty()) {
            // OPEN names a file in a directory; the root is in none (it said "the root has no parent").
            throw new FileSystemException(path, null, "is a directory");
        }
        byte[] owner = newOwner();
        Nfs41File.Opened opened = NfsSession.await(openInParent(path, owner, access, create));
        try {
            opened.attributes().toAttributes(opened.handle()); // the server sent what a file's attributes need
        } catch (IOException e) {
            client.compound("CLOSE", path, List.of(Nfs4Ops.putfh(opened.handle()), Nfs4Ops.close(opened.stateid())),
                    reply -> null);
            throw e;
        }
        Nfs41File file = new Nfs41File(this, path, owner, access, opened, settings.counters());
        files.add(file);
        if (write && openOptions.contains(StandardOpenOption.TRUNCATE_EXISTING) && opened.attributes().size() > 0) {
            try {
                file.truncate(0);
            } catch (IOException e) {
                file.close();
                throw e;
            }
        }
        return file;
    }

    /**
     * OPEN by name, the parent's LOOKUPs in the same COMPOUND (one round trip) unless the path is
     * deeper than one COMPOUND's LOOKUPs, when the parent is looked up first.
     */
    private CompletableFuture<Nfs41File.Opened> openInParent(String path, byte[] owner, int access, int create) {
        List<String> parent = NetfsPaths.names(NetfsPaths.parent(path));
        if (parent.size() > LOOKUPS) {
            return lookup(root, parent, path).thenCompose(dir -> open(dir.handle(), List.of(), path, owner, access, create));
        }
        return open(root, parent, path, owner, access, create);
    }

    private CompletableFuture<Nfs41File.Opened> open(byte[] from, List<String> names, String path, byte[] owner, int access,
            int create) {
        List<Op> ops = walk(from, names);
        ops.add(Nfs4Ops.open(client.clientId(), owner, access, create, 0644, NetfsPaths.name(path)));
        ops.add(Nfs4Ops.getfh());
        ops.add(Nfs4Ops.getattr(Fattr4.FILE));
        return client.compound("OPEN", path, ops, reply -> {
            walked(reply, from, names);
            byte[] stateid = reply.open().stateid();
            return new Nfs41File.Opened(stateid, reply.getfh(), reply.getattr());
        });
    }

    /**
     * PUTFH of {@code from} (PUTROOTFH if {@code null}: the server's root), then a LOOKUP per name: a
     * COMPOUND's first operations, to add to.
     */
    private static List<Op> walk(byte[] from, List<String> names) {
        List<Op> ops = new ArrayList<>();
        ops.add(from == null ? Nfs4Ops.putrootfh() : Nfs4Ops.putfh(from));
        names.forEach(name -> ops.add(Nfs4Ops.lookup(name)));
        return ops;
    }

    /** Reads the results of {@link #walk}'s operations. */
    private static void walked(Nfs4Reply reply, byte[] from, List<String> names) throws IOException {
        reply.plain(from == null ? Nfs4Ops.PUTROOTFH : Nfs4Ops.PUTFH);
        for (int i = 0; i < names.size(); i++) {
            reply.plain(Nfs4Ops.LOOKUP);
        }
    }

    /** OPEN again by handle (CLAIM_FH), for a file whose open state the server lost; the new stateid. */
    CompletableFuture<byte[]> reopen(byte[] handle, byte[] owner, int access, String path) {
        return client.compound("OPEN", path, List.of(Nfs4Ops.putfh(handle),
                Nfs4Ops.open(client.clientId(), owner, access, -1, 0, null)), reply -> {
                    reply.plain(Nfs4Ops.PUTFH);
                    return reply.open().stateid();
                });
    }

    /** A file is closed: it is forgotten, and its CLOSE, sent and not waited for, is waited for at the session's end. */
    void closed(Nfs41File file, CompletableFuture<?> close) {
        closing.add(close);
        close.whenComplete((done, failure) -> closing.remove(close));
        files.remove(file);
    }

    @Override
    public void mkdir(String path) throws IOException {
        byte[] dir = parent(path);
        NfsSession.await(client.compound("CREATE", path, List.of(Nfs4Ops.putfh(dir), Nfs4Ops.mkdir(NetfsPaths.name(path), 0755)),
                reply -> {
                    reply.plain(Nfs4Ops.PUTFH);
                    reply.create();
                    return null;
                }));
    }

    @Override
    public void delete(String path) throws IOException {
        byte[] dir = parent(path);
        NfsSession.await(client.compound("REMOVE", path, List.of(Nfs4Ops.putfh(dir), Nfs4Ops.remove(NetfsPaths.name(path))),
                reply -> {
                    reply.plain(Nfs4Ops.PUTFH);
                    reply.remove();
                    return null;
                }));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        byte[] fromDir = parent(from);
        byte[] toDir = parent(to);
        NfsSession.await(client.compound("RENAME", from, List.of(Nfs4Ops.putfh(fromDir), Nfs4Ops.savefh(),
                Nfs4Ops.putfh(toDir), Nfs4Ops.rename(NetfsPaths.name(from), NetfsPaths.name(to))), reply -> {
                    reply.plain(Nfs4Ops.PUTFH);
                    reply.plain(Nfs4Ops.SAVEFH);
                    reply.plain(Nfs4Ops.PUTFH);
                    reply.rename();
                    return null;
                }));
    }

    @Override
    public FileSpace space() throws IOException {
        Fattr4 a = NfsSession.await(client.compound("GETATTR", options.path(), List.of(Nfs4Ops.putfh(root),
                Nfs4Ops.getattr(Fattr4.SPACE)), reply -> {
                    reply.plain(Nfs4Ops.PUTFH);
                    return reply.getattr();
                }));
        if (a.spaceTotal() < 0 || a.spaceFree() < 0 || a.spaceAvail() < 0) {
            throw new UnsupportedOperationException("nfs server " + options.server() + " reports no capacity");
        }
        return new FileSpace(a.spaceTotal(), Math.min(a.spaceFree(), a.spaceTotal()), Math.min(a.spaceAvail(), a.spaceFree()));
    }

    /** Closes the open files and waits for their CLOSEs, then ends the session and client id on the server. */
    @Override
    public void close() {
        for (Nfs41File file : List.copyOf(files)) {
            try {
                file.close();
            } catch (IOException e) {
                // Its data could not be committed: the server is gone or forgot it.
            }
        }
        // Each call ends by its answer or its timeout; a CLOSE that failed leaves nothing to wait for.
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).exceptionally(failed -> null).join();
        client.close();
    }
}
