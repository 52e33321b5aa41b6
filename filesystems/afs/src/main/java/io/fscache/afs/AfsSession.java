package io.fscache.afs;

import io.fscache.afs.AfsCalls.Fetched;
import io.fscache.afs.AfsCalls.VolumeEntry;
import io.fscache.afs.AfsCalls.VolumeStatus;
import io.fscache.afs.rx.RxAbortException;
import io.fscache.afs.rx.RxEndpoint;
import io.fscache.afs.rx.RxPortProbe;
import io.fscache.api.Futures;
import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsPaths;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.VolumeKeys;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A session with one AFS volume: the VL server names the fileserver holding the
 * volume's read-write copy (GetEntryByNameN), then paths are walked from the volume's root
 * directory through directory contents fetched with FetchData64 and parsed here
 * ({@link AfsDirectory}), and statuses come from FetchStatus. Both are kept under the callback
 * promises the fileserver gives ({@link Vnodes}), so a file or directory the server has not
 * broken costs no call; the session's own {@link RxEndpoint} serves the callback service the
 * fileserver calls. Thread-safe.
 */
final class AfsSession implements NetfsSession {

    private static final int FS_PORT = 7000;
    /** The right to write a file's data ({@code PRSFS_WRITE} in an ACL's rights). */
    private static final int PRSFS_WRITE = 2;
    private static final int VL_REPLY = 4096;
    /** A closing session waits no longer than this for the fileserver to take its promises back. */
    private static final Duration GIVE_UP_TIMEOUT = Duration.ofSeconds(2);
    /** How long the VL server's port is watched for a refusal ({@link RxPortProbe}); loopback and LANs answer in microseconds. */
    private static final Duration PORT_PROBE_WAIT = Duration.ofSeconds(5);
    static final int STATUS_REPLY = AfsCalls.STATUS_TRAILER + 64;

    private record CachedDirectory(long dataVersion, AfsDirectory directory) {
    }

    private final AfsOptions options;
    private final RxEndpoint endpoint;
    private final AfsClient fs;
    private final Vnodes vnodes;
    private final ProtocolCounters counters;
    private final int volume;
    private final String volumeKey;
    private final IoLimits limits;
    private final Map<AfsFid, CachedDirectory> directories = new ConcurrentHashMap<>();
    private final AfsChanges changes;
    private volatile java.util.concurrent.ScheduledFuture<?> probe;

    private AfsSession(AfsOptions options, RxEndpoint endpoint, AfsClient fs, Vnodes vnodes, ProtocolCounters counters,
            int volume) {
        this.options = options;
        this.endpoint = endpoint;
        this.fs = fs;
        this.vnodes = vnodes;
        this.counters = counters;
        this.volume = volume;
        this.volumeKey = VolumeKeys.of("afs", options.cell(), Integer.toHexString(volume));
        this.limits = new IoLimits(options.rsize(), options.wsize(), options.inFlight());
        this.changes = new AfsChanges(this, fs, vnodes);
    }

    /**
     * Opens a socket, asks the VL server where the volume is, and checks that the mount's root is a
     * directory the fileserver lets us read; {@code route} gives where a fileserver the VL server names is reached.
     */
    static AfsSession open(EventLoopGroup group, AfsOptions options, ProtocolCounters counters, LongAdder breaks,
            UnaryOperator<InetSocketAddress> route) throws IOException {
        Vnodes vnodes = new Vnodes(breaks, counters::reconnected);
        CacheManagerService cacheManager = new CacheManagerService(UUID.randomUUID(), vnodes);
        RxEndpoint endpoint = AfsClient.await(RxEndpoint.bind(group, new InetSocketAddress(0), cacheManager));
        try {
            InetSocketAddress vlServer = new InetSocketAddress(options.host(), options.port());
            if (vlServer.isUnresolved()) {
                throw new IOException("cannot resolve the afs VL server " + options.host());
            }
            AfsClient vl = new AfsClient(endpoint, vlServer, AfsCalls.VL_SERVICE, options.timeout(), counters);
            CompletableFuture<VolumeEntry> located = locate(vl, options);
            RxPortProbe.refused(vlServer, "the afs VL server " + options.vlServer(), PORT_PROBE_WAIT).whenComplete((ok, refused) -> {
                if (refused != null) {
                    located.completeExceptionally(refused);
                }
            });
            VolumeEntry entry = AfsClient.await(located);
            InetSocketAddress fileserver = route.apply(new InetSocketAddress(entry.servers().get(0), FS_PORT));
            cacheManager.address(localAddressTowards(fileserver));
            AfsClient fs = new AfsClient(endpoint, fileserver,
                    AfsCalls.FS_SERVICE, options.timeout(), counters);
            fs.relocateWith(() -> locate(vl, options).thenApply(moved -> route.apply(new InetSocketAddress(moved.servers().get(0),
                    FS_PORT))));
            AfsSession session = new AfsSession(options, endpoint, fs, vnodes, counters, entry.rwId());
            if (!session.status(session.resolve("/"), options.path()).isDirectory()) {
                throw new NotDirectoryException(options.volume() + options.path());
            }
            session.probe = group.scheduleAtFixedRate(session::probe, options.probe().toNanos(), options.probe().toNanos(),
                    java.util.concurrent.TimeUnit.NANOSECONDS);
            return session;
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    /** Asks the VL server for the volume's entry: a volume it does not know is NoSuchFileException, one without a read-write site an IOException. */
    private static CompletableFuture<VolumeEntry> locate(AfsClient vl, AfsOptions options) {
        return vl.call("GetEntryByNameN", options.volume(), alloc -> AfsCalls.getEntryByNameN(alloc, options.volume()), VL_REPLY,
                reply -> AfsCalls.volumeEntry(reply, options.volume())).handle((entry, failure) -> {
                    Throwable cause = failure == null ? null : Futures.unwrap(failure);
                    if (cause != null && cause.getCause() instanceof RxAbortException abort && abort.code() == AfsErrors.VL_NOENT) {
                        throw new java.util.concurrent.CompletionException(new NoSuchFileException(options.volume(), null,
                                "no such volume in cell " + options.cell() + " (VL server " + options.vlServer() + ")"));
                    }
                    if (cause != null) {
                        throw new java.util.concurrent.CompletionException(cause);
                    }
                    if (entry.servers().isEmpty()) {
                        throw new java.util.concurrent.CompletionException(new IOException("the afs volume " + options.volume()
                                + " has no read-write site (VL server " + options.vlServer() + ")"));
                    }
                    return entry;
                });
    }

    /**
     * Asks the fileserver the time (GetTime), so that a fileserver that restarted, and so forgot the
     * promises it gave, meets us and breaks them all with InitCallBackState (OpenAFS's cache
     * manager probes its servers alike). A probe that fails changes nothing: the next call will tell.
     */
    private void probe() {
        fs.call("GetTime", options.volume(), alloc -> alloc.buffer(4).writeInt(AfsCalls.FS_GET_TIME), 64, reply -> null);
    }

    /** The local address packets to {@code server} leave from (a connected UDP socket sends nothing). */
    private static java.net.InetAddress localAddressTowards(InetSocketAddress server) throws IOException {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(server);
            return probe.getLocalAddress();
        }
    }

    @Override
    public String volumeKey() {
        return volumeKey;
    }

    /** A broken callback promise is a change notice: an open file's next read asks FetchStatus. */
    @Override
    public void onServerChange(Consumer<byte[]> listener) {
        vnodes.onBroken(listener);
    }

    @Override
    public IoLimits limits() {
        return limits;
    }

    @Override
    public ProtocolStats stats() {
        return counters.snapshot();
    }

    AfsClient fs() {
        return fs;
    }

    Vnodes vnodes() {
        return vnodes;
    }

    /** The status of {@code fid}: the promised one, else FetchStatus's. */
    AfsStatus status(AfsFid fid, String path) throws IOException {
        AfsStatus promised = vnodes.promised(fid);
        return promised != null ? promised : AfsClient.await(fetchStatus(fid, path));
    }

    CompletableFuture<AfsStatus> fetchStatus(AfsFid fid, String path) {
        long breaks = vnodes.breaks();
        return fs.call("FetchStatus", path, alloc -> AfsCalls.fetchStatus(alloc, fid), STATUS_REPLY, reply -> {
            Fetched fetched = AfsCalls.fetched(reply);
            vnodes.fetched(fid, fetched, breaks);
            return fetched.status();
        });
    }

    /** The fid {@code path} names, walked from the mount's root (itself walked from the volume's). */
    AfsFid resolve(String path) throws IOException {
        AfsFid at = AfsFid.root(volume);
        List<String> names = new ArrayList<>(NetfsPaths.names(options.path()));
        int mountDepth = names.size();
        names.addAll(NetfsPaths.names(path));
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            AfsDirectory.Entry entry = directory(at, i < mountDepth ? options.path() : path).find(name);
            if (entry == null) {
                throw new NoSuchFileException(i < mountDepth ? options.volume() + options.path() : path);
            }
            at = new AfsFid(volume, entry.vnode(), entry.unique());
        }
        return at;
    }

    /** A directory's contents, fetched again only when its DataVersion moved. */
    AfsDirectory directory(AfsFid fid, String path) throws IOException {
        AfsStatus status = status(fid, path);
        if (!status.isDirectory()) {
            throw new NotDirectoryException(path);
        }
        CachedDirectory cached = directories.get(fid);
        if (cached != null && cached.dataVersion() == status.dataVersion()) {
            return cached.directory();
        }
        if (status.length() > AfsDirectory.MAX_SIZE) {
            throw new FileSystemException(path, null, "the directory is " + status.length() + " bytes, beyond AFS's 2 MiB");
        }
        long breaks = vnodes.breaks();
        long length = status.length();
        CachedDirectory fetched = AfsClient.await(fs.call("FetchData64", path, alloc -> AfsCalls.fetchData64(alloc, fid, 0, length),
                length + 8 + AfsCalls.STATUS_TRAILER, reply -> {
                    int n = AfsCalls.dataLength(reply, length, path);
                    AfsDirectory directory = AfsDirectory.parse(reply.readSlice(n), path);
                    Fetched trailer = AfsCalls.fetched(reply);
                    vnodes.fetched(fid, trailer, breaks);
                    return new CachedDirectory(trailer.status().dataVersion(), directory);
                }));
        directories.put(fid, fetched);
        return fetched.directory();
    }

    /**
     * Records our own change of directory {@code fid}, which left it with status {@code after}: its
     * cached contents are edited alike when the change was the only one (the DataVersion moved by
     * one), else forgotten ({@code edit} may return null: forget).
     */
    void edited(AfsFid fid, AfsStatus after, java.util.function.UnaryOperator<AfsDirectory> edit) {
        directories.compute(fid, (key, cached) -> {
            if (cached == null || cached.dataVersion() + 1 != after.dataVersion()) {
                return null;
            }
            AfsDirectory next = edit.apply(cached.directory());
            return next == null ? null : new CachedDirectory(after.dataVersion(), next);
        });
        vnodes.changed(fid, after);
    }

    @Override
    public FileAttributes stat(String path) throws IOException {
        AfsFid fid = resolve(path);
        return status(fid, path).toAttributes(fid);
    }

    /**
     * The entries with the attributes a live promise covers, and those of the others asked with
     * InlineBulkStatus, 50 at a time (an entry whose status the server refuses has none).
     */
    @Override
    public List<DirEntry> list(String path) throws IOException {
        AfsDirectory directory = directory(resolve(path), path);
        List<AfsFid> unknown = new ArrayList<>();
        for (AfsDirectory.Entry entry : directory.list()) {
            AfsFid fid = new AfsFid(volume, entry.vnode(), entry.unique());
            if (vnodes.promised(fid) == null) {
                unknown.add(fid);
            }
        }
        Map<AfsFid, AfsStatus> asked = new java.util.HashMap<>();
        for (int from = 0; from < unknown.size(); from += AfsCalls.BULK_MAX) {
            List<AfsFid> batch = unknown.subList(from, Math.min(unknown.size(), from + AfsCalls.BULK_MAX));
            long breaks = vnodes.breaks();
            List<Fetched> fetched = AfsClient.await(fs.call("InlineBulkStatus", path, alloc -> AfsCalls.inlineBulkStatus(alloc, batch),
                    16 + (4L * AfsStatus.WORDS + 12) * batch.size() + 24, reply -> AfsCalls.bulkStatus(reply, batch.size())));
            for (int i = 0; i < batch.size(); i++) {
                if (fetched.get(i) != null) {
                    vnodes.fetched(batch.get(i), fetched.get(i), breaks);
                    asked.put(batch.get(i), fetched.get(i).status());
                }
            }
        }
        List<DirEntry> entries = new ArrayList<>();
        for (AfsDirectory.Entry entry : directory.list()) {
            AfsFid fid = new AfsFid(volume, entry.vnode(), entry.unique());
            AfsStatus status = vnodes.promised(fid);
            status = status != null ? status : asked.get(fid);
            entries.add(new DirEntry(entry.name(), status == null ? null : status.toAttributes(fid)));
        }
        return entries;
    }

    @Override
    public RemoteFile open(String path, Set<? extends OpenOption> openOptions) throws IOException {
        boolean write = openOptions.contains(StandardOpenOption.WRITE) || openOptions.contains(StandardOpenOption.APPEND);
        AfsFid fid;
        AfsStatus status;
        if (openOptions.contains(StandardOpenOption.CREATE_NEW)) {
            AfsCalls.Created created = changes.create(path, false);
            fid = created.fid();
            status = created.fetched().status();
        } else {
            try {
                fid = resolve(path);
            } catch (NoSuchFileException e) {
                if (!openOptions.contains(StandardOpenOption.CREATE)) {
                    throw e;
                }
                try {
                    fid = changes.create(path, false).fid();
                } catch (FileAlreadyExistsException raced) {
                    fid = resolve(path);
                }
            }
            status = status(fid, path);
        }
        if (status.isDirectory()) {
            throw new FileSystemException(path, null, "is a directory");
        }
        if (write && (status.callerAccess() & PRSFS_WRITE) == 0) {
            throw new AccessDeniedException(path);
        }
        AfsFile file = new AfsFile(this, path, fid, status, write, counters);
        if (write && openOptions.contains(StandardOpenOption.TRUNCATE_EXISTING) && status.length() > 0) {
            file.truncate(0);
        }
        return file;
    }

    @Override
    public void mkdir(String path) throws IOException {
        changes.create(path, true);
    }

    @Override
    public void delete(String path) throws IOException {
        changes.delete(path);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        changes.rename(from, to);
    }

    /** The volume's quota when it has one, else its partition's size, in bytes (GetVolumeStatus counts KiB). */
    @Override
    public FileSpace space() throws IOException {
        VolumeStatus status = AfsClient.await(fs.call("GetVolumeStatus", options.volume(),
                alloc -> AfsCalls.getVolumeStatus(alloc, volume), 4096, AfsCalls::volumeStatus));
        long total = status.maxQuota() > 0 ? status.maxQuota() : status.partitionSize();
        long free = status.maxQuota() > 0 ? Math.max(0, status.maxQuota() - status.blocksInUse()) : status.partitionFree();
        free = Math.min(free, Math.min(total, status.partitionFree()));
        return new FileSpace(total << 10, free << 10, free << 10);
    }

    /** Gives back the fileserver's promises (GiveUpAllCallBacks), then closes the socket. */
    @Override
    public void close() {
        if (probe != null) {
            probe.cancel(false);
        }
        AfsClient polite = new AfsClient(endpoint, fs.server(), AfsCalls.FS_SERVICE, GIVE_UP_TIMEOUT, counters);
        try {
            Futures.awaitInterruptibly(polite.call("GiveUpAllCallBacks", options.volume(),
                    alloc -> alloc.buffer(4).writeInt(AfsCalls.FS_GIVE_UP_ALL_CALLBACKS), 64, reply -> null), "the afs server");
        } catch (IOException e) {
            // the server is gone or refuses: its promises lapse by themselves
        } finally {
            endpoint.close();
        }
    }
}
