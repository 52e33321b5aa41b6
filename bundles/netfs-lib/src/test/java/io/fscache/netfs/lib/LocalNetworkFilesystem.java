package io.fscache.netfs.lib;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.FileType;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.MountOption;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.ReceivedBytes;
import io.fscache.netfs.ReceivingFile;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.WriteTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A {@link NetworkFilesystem} over a local directory, playing the server in tests (scheme
 * {@value #SCHEME}; URI {@code local://<host>/<export>}, the export being a directory under the root).
 *
 * <p>Ranged reads and writes complete asynchronously on this filesystem's own threads, after an
 * injectable latency and a bandwidth cap shared by all RPCs (one link). Faults can be injected:
 * read failures, short reads and writes, and {@link WriteTooLargeException} above a threshold. Read
 * and write RPCs are counted and read ranges logged, so tests can tell what reached "the server".
 * Tests change files directly on the server through {@link #serverFile}.
 *
 * <p>{@code fileId} is the inode number; {@code changeId} is the mtime in nanoseconds and the size.
 */
public final class LocalNetworkFilesystem implements NetworkFilesystem, AutoCloseable {

    public static final String SCHEME = "local";

    /** Read RPCs issued, and the bytes they returned. */
    public final AtomicLong readRpcs = new AtomicLong();
    /** Questions for the export's capacity. */
    public final AtomicLong spaceRpcs = new AtomicLong();
    /** Stats of a path (not of an open file). */
    public final AtomicLong statRpcs = new AtomicLong();
    public final AtomicLong readBytes = new AtomicLong();
    /** Read buffers lent to the engine and not given back yet ({@link #lendReadBuffers}). */
    public final AtomicLong lentBuffers = new AtomicLong();
    /** Write RPCs issued (refused ones included), and the bytes they wrote. */
    public final AtomicLong writeRpcs = new AtomicLong();
    public final AtomicLong writeBytes = new AtomicLong();
    /** Write RPCs refused with {@link WriteTooLargeException}. */
    public final AtomicLong writesTooLarge = new AtomicLong();
    /** Each read RPC's {position, bytes returned}, in completion order. */
    public final ConcurrentLinkedQueue<long[]> readLog = new ConcurrentLinkedQueue<>();
    /** The most RPCs in flight at once so far, over all files. */
    public final AtomicInteger maxInFlight = new AtomicInteger();
    /** Sessions asked for, and the URI and options of the last one. */
    public final AtomicInteger connects = new AtomicInteger();
    /** Read RPCs that arrived while reads were held ({@link #holdReads}). */
    public final AtomicInteger heldReads = new AtomicInteger();
    /** Write RPCs that arrived while writes were held ({@link #holdWrites}). */
    public final AtomicInteger heldWrites = new AtomicInteger();
    public volatile URI lastUri;
    /** The engine's change listeners of the sessions, as {@link #notifyChanged} calls them. */
    private final List<Consumer<byte[]>> changeListeners = new CopyOnWriteArrayList<>();
    public volatile Map<String, String> lastOptions;

    private final Path root;
    private final ScheduledThreadPoolExecutor rpcThreads;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile IoLimits limits = new IoLimits(1 << 20, 1 << 20, 8);
    private volatile Duration latency = Duration.ZERO;
    private volatile long bytesPerSecond;
    private volatile Supplier<? extends IOException> readFailure;
    private volatile boolean lendReadBuffers;
    private volatile Supplier<? extends IOException> writeFailure;
    private volatile int shortReadMax;
    private volatile int shortWriteMax;
    private volatile int writeTooLargeAbove;
    private volatile String requiredPassword;
    private volatile CompletableFuture<Void> readGate;
    private volatile CompletableFuture<Void> writeGate;
    private long linkFreeAtNanos;

    /** A server whose exports are the directories under {@code root}. */
    public LocalNetworkFilesystem(Path root) {
        this.root = root;
        this.rpcThreads = new ScheduledThreadPoolExecutor(8, task -> {
            Thread thread = new Thread(task, "local-netfs-rpc");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** Credentials and a user, as a real protocol takes them, so tests can show they stay hidden. */
    @Override
    public MountOptionSpec options() {
        return MountOptionSpec.of(SCHEME, MountOption.string("uname", null, "the user"),
                MountOption.secret("password", "checked against the one the server requires"),
                MountOption.secret("token", "ignored"), MountOption.secret("api.key", "ignored"));
    }

    @Override
    public NetfsSession connect(URI uri, Map<String, String> options) throws IOException {
        if (!SCHEME.equals(uri.getScheme())) {
            throw new IllegalArgumentException("not a " + SCHEME + " URI: " + uri);
        }
        connects.incrementAndGet();
        lastUri = uri;
        lastOptions = Map.copyOf(options);
        options().parse(options);
        String password = requiredPassword;
        if (password != null && !password.equals(options.get("password"))) {
            throw new AccessDeniedException(uri.getHost(), null, "authentication failed");
        }
        String exportName = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        Path export = root.resolve(exportName).normalize();
        // A file is no export, but like NFSv4.1's PUTROOTFH+LOOKUPs, the session does not check:
        // the mounts do (MountsTest).
        if (!export.startsWith(root) || !Files.exists(export)) {
            throw new NoSuchFileException("/" + exportName, null, "no such export");
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        return new Session("local," + host + "," + (exportName.isEmpty() ? "root" : exportName.replace('/', ':')),
                export);
    }

    // ---- test controls ----

    /** The file behind a server path of an export, for changing it "on the server". */
    public Path serverFile(String export, String path) {
        return root.resolve(export).resolve(path.replaceFirst("^/+", ""));
    }

    public void limits(IoLimits limits) {
        this.limits = limits;
    }

    /** Delay before each RPC completes. */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    /** Caps the bytes per second moved by all RPCs together; 0 for no cap. */
    public void bandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * Files opened from now on lend the engine the buffers their reads arrive in
     * ({@link ReceivingFile}), as NFS does: each read's bytes in three direct buffers, counted in
     * {@link #lentBuffers} until the engine gives them back.
     */
    public void lendReadBuffers(boolean lend) {
        this.lendReadBuffers = lend;
    }

    /** Fails every read RPC with a fresh exception from {@code failure}; {@code null} to stop. */
    public void failReads(Supplier<? extends IOException> failure) {
        this.readFailure = failure;
    }

    /** Fails every write RPC with a fresh exception from {@code failure}; {@code null} to stop. */
    public void failWrites(Supplier<? extends IOException> failure) {
        this.writeFailure = failure;
    }

    /** Read RPCs return at most this many bytes; 0 for full reads. */
    public void shortReads(int maxBytes) {
        this.shortReadMax = maxBytes;
    }

    /** Write RPCs write at most this many bytes; 0 for full writes. */
    public void shortWrites(int maxBytes) {
        this.shortWriteMax = maxBytes;
    }

    /** Write RPCs larger than this fail with {@link WriteTooLargeException}; 0 for no limit. */
    public void writeTooLargeAbove(int maxBytes) {
        this.writeTooLargeAbove = maxBytes;
    }

    /**
     * Holds every read RPC arriving from now on until {@code gate} completes, as a server that stops
     * answering would; {@code null} to stop holding new ones.
     */
    public void holdReads(CompletableFuture<Void> gate) {
        this.readGate = gate;
    }

    /** Holds every write RPC arriving from now on until {@code gate} completes; {@code null} to stop holding new ones. */
    public void holdWrites(CompletableFuture<Void> gate) {
        this.writeGate = gate;
    }

    /** Sessions must give this {@code password} option; {@code null} for none. */
    public void requirePassword(String password) {
        this.requiredPassword = password;
    }

    public void resetCounters() {
        readRpcs.set(0);
        statRpcs.set(0);
        readBytes.set(0);
        writeRpcs.set(0);
        writeBytes.set(0);
        writesTooLarge.set(0);
        readLog.clear();
        maxInFlight.set(0);
    }

    @Override
    public void close() {
        rpcThreads.shutdownNow();
    }

    // ---- the simulated link ----

    /** Completes {@code io} on an RPC thread after the latency and this RPC's share of the link. */
    private <T> CompletionStage<T> rpc(int bytes, IoCall<T> io) {
        CompletableFuture<T> result = new CompletableFuture<>();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        long delay = latency.toNanos() + linkDelayNanos(bytes);
        rpcThreads.schedule(() -> {
            try {
                T value = io.call();
                inFlight.decrementAndGet();
                result.complete(value);
            } catch (IOException | RuntimeException e) {
                inFlight.decrementAndGet();
                result.completeExceptionally(e);
            }
        }, delay, TimeUnit.NANOSECONDS);
        return result;
    }

    private synchronized long linkDelayNanos(int bytes) {
        long rate = bytesPerSecond;
        if (rate <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        long start = Math.max(now, linkFreeAtNanos);
        linkFreeAtNanos = start + bytes * 1_000_000_000L / rate;
        return linkFreeAtNanos - now;
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }

    /**
     * Tells every session's engine that {@code path} (in the export {@code export}) changed, as a
     * server with change notifications does for another client's write; {@code null}: any file.
     */
    public void notifyChanged(String export, String path) throws IOException {
        byte[] fileId = path == null ? new byte[0] : attributesOf(serverFile(export, path), path).fileId();
        changeListeners.forEach(listener -> listener.accept(fileId));
    }

    // ---- attributes ----

    static FileAttributes attributesOf(Path file, String serverPath) throws IOException {
        try {
            PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Object ino = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            byte[] fileId = ByteBuffer.allocate(8).putLong(((Number) ino).longValue()).array();
            long mtimeNanos = posix.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            byte[] changeId = ByteBuffer.allocate(16).putLong(mtimeNanos).putLong(posix.size()).array();
            FileType type = posix.isRegularFile() ? FileType.REGULAR
                    : posix.isDirectory() ? FileType.DIRECTORY
                    : posix.isSymbolicLink() ? FileType.SYMLINK : FileType.OTHER;
            int mode = 0;
            for (PosixFilePermission permission : posix.permissions()) {
                mode |= 1 << (8 - permission.ordinal());
            }
            FileTime ctime = (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            return new FileAttributes(type, posix.size(), posix.lastModifiedTime(), posix.lastAccessTime(), ctime,
                    fileId, changeId, mode, posix.owner().getName(), posix.group().getName());
        } catch (IOException e) {
            throw translate(e, serverPath);
        }
    }

    /** The server reports errors against its own paths, never the local directory's. */
    static IOException translate(IOException e, String serverPath) {
        if (e instanceof NoSuchFileException) {
            return new NoSuchFileException(serverPath);
        }
        if (e instanceof AccessDeniedException) {
            return new AccessDeniedException(serverPath);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new FileAlreadyExistsException(serverPath);
        }
        if (e instanceof DirectoryNotEmptyException) {
            return new DirectoryNotEmptyException(serverPath);
        }
        if (e instanceof NotDirectoryException) {
            return new NotDirectoryException(serverPath);
        }
        return new IOException("server error on " + serverPath + ": " + e.getClass().getSimpleName());
    }

    // ---- session ----

    private final class Session implements NetfsSession {

        private final String volumeKey;
        private final Path export;
        private volatile boolean closed;

        Session(String volumeKey, Path export) {
            this.volumeKey = volumeKey;
            this.export = export;
        }

        @Override
        public String volumeKey() {
            return volumeKey;
        }

        @Override
        public void onServerChange(Consumer<byte[]> listener) {
            changeListeners.add(listener);
        }

        @Override
        public IoLimits limits() {
            return limits;
        }

        @Override
        public FileAttributes stat(String path) throws IOException {
            statRpcs.incrementAndGet();
            return attributesOf(local(path), path);
        }

        @Override
        public FileSpace space() throws IOException {
            spaceRpcs.incrementAndGet();
            FileStore store = Files.getFileStore(export);
            return new FileSpace(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
        }

        @Override
        public List<DirEntry> list(String path) throws IOException {
            Path dir = local(path);
            List<DirEntry> entries = new ArrayList<>();
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    String name = child.getFileName().toString();
                    entries.add(new DirEntry(name, attributesOf(child, join(path, name))));
                }
            } catch (IOException e) {
                throw e instanceof NoSuchFileException || e instanceof NotDirectoryException ? translate(e, path) : e;
            }
            return entries;
        }

        @Override
        public RemoteFile open(String path, Set<? extends OpenOption> options) throws IOException {
            Set<StandardOpenOption> local = EnumSet.noneOf(StandardOpenOption.class);
            for (OpenOption option : options) {
                if (option == StandardOpenOption.WRITE || option == StandardOpenOption.CREATE
                        || option == StandardOpenOption.CREATE_NEW || option == StandardOpenOption.TRUNCATE_EXISTING) {
                    local.add((StandardOpenOption) option);
                }
            }
            if (!local.contains(StandardOpenOption.WRITE)) {
                local.remove(StandardOpenOption.TRUNCATE_EXISTING);
            }
            local.add(StandardOpenOption.READ);
            Path file = local(path);
            if (Files.isDirectory(file)) {
                throw new IOException("server error on " + path + ": is a directory");
            }
            try {
                FileChannel channel = FileChannel.open(file, local);
                return lendReadBuffers
                        ? new LendingRemoteFile(path, file, channel, attributesOf(file, path))
                        : new LocalRemoteFile(path, file, channel, attributesOf(file, path));
            } catch (IOException e) {
                throw translate(e, path);
            }
        }

        @Override
        public void mkdir(String path) throws IOException {
            try {
                Files.createDirectory(local(path));
            } catch (IOException e) {
                throw translate(e, path);
            }
        }

        @Override
        public void delete(String path) throws IOException {
            try {
                Files.delete(local(path));
            } catch (IOException e) {
                throw translate(e, path);
            }
        }

        @Override
        public void rename(String from, String to) throws IOException {
            try {
                Files.move(local(from), local(to), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw translate(e, from);
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        private Path local(String path) throws IOException {
            if (closed) {
                throw new IOException("session closed");
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("not an absolute path: " + path);
            }
            Path file = export.resolve(path.substring(1)).normalize();
            if (!file.startsWith(export)) {
                throw new AccessDeniedException(path);
            }
            return file;
        }

        private static String join(String dir, String name) {
            return dir.endsWith("/") ? dir + name : dir + "/" + name;
        }
    }

    // ---- open file ----

    private class LocalRemoteFile implements RemoteFile {

        private final String path;
        private final Path file;
        private final FileChannel channel;
        private volatile FileAttributes attributes;

        LocalRemoteFile(String path, Path file, FileChannel channel, FileAttributes attributes) {
            this.path = path;
            this.file = file;
            this.channel = channel;
            this.attributes = attributes;
        }

        @Override
        public FileAttributes attributes() {
            return attributes;
        }

        @Override
        public FileAttributes refresh() throws IOException {
            attributes = attributesOf(file, path);
            return attributes;
        }

        @Override
        public CompletionStage<Integer> read(long position, ByteBuffer dst) {
            readRpcs.incrementAndGet();
            CompletableFuture<Void> gate = readGate;
            if (gate != null) {
                heldReads.incrementAndGet();
                return gate.thenCompose(open -> readNow(position, dst));
            }
            return readNow(position, dst);
        }

        private CompletionStage<Integer> readNow(long position, ByteBuffer dst) {
            Supplier<? extends IOException> failure = readFailure;
            int max = shortReadMax;
            int want = max > 0 ? Math.min(max, dst.remaining()) : dst.remaining();
            return rpc(want, () -> {
                if (failure != null) {
                    throw failure.get();
                }
                ByteBuffer window = dst.slice(dst.position(), want);
                int n = Math.max(0, channel.read(window, position));
                dst.position(dst.position() + n);
                readBytes.addAndGet(n);
                readLog.add(new long[] {position, n});
                return n;
            });
        }

        @Override
        public CompletionStage<Integer> write(long position, ByteBuffer src) {
            writeRpcs.incrementAndGet();
            CompletableFuture<Void> gate = writeGate;
            if (gate != null) {
                heldWrites.incrementAndGet();
                return gate.thenCompose(open -> writeNow(position, src));
            }
            return writeNow(position, src);
        }

        private CompletionStage<Integer> writeNow(long position, ByteBuffer src) {
            int tooLarge = writeTooLargeAbove;
            if (tooLarge > 0 && src.remaining() > tooLarge) {
                writesTooLarge.incrementAndGet();
                return CompletableFuture.failedFuture(new WriteTooLargeException(
                        "write of " + src.remaining() + " bytes refused", tooLarge));
            }
            Supplier<? extends IOException> failure = writeFailure;
            int max = shortWriteMax;
            int give = max > 0 ? Math.min(max, src.remaining()) : src.remaining();
            return rpc(give, () -> {
                if (failure != null) {
                    throw failure.get();
                }
                ByteBuffer window = src.slice(src.position(), give);
                int n = 0;
                while (window.hasRemaining()) {
                    n += channel.write(window, position + n);
                }
                src.position(src.position() + n);
                writeBytes.addAndGet(n);
                return n;
            });
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override
        public void fsync() throws IOException {
            channel.force(true);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }

        @Override
        public String toString() {
            return "local file " + path;
        }
    }

    /** A file whose reads lend their buffers ({@link #lendReadBuffers}). */
    private final class LendingRemoteFile extends LocalRemoteFile implements ReceivingFile {

        LendingRemoteFile(String path, Path file, FileChannel channel, FileAttributes attributes) {
            super(path, file, channel, attributes);
        }

        @Override
        public CompletionStage<ReceivedBytes> receive(long position, int length) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(length);
            return read(position, buffer).thenApply(n -> {
                lentBuffers.incrementAndGet();
                AtomicBoolean closed = new AtomicBoolean();
                return new ReceivedBytes() {
                    @Override
                    public int length() {
                        return n;
                    }

                    @Override
                    public ByteBuffer[] buffers() {
                        int first = n / 3;
                        int second = n / 2;
                        return new ByteBuffer[] {buffer.slice(0, first), buffer.slice(first, second - first),
                                buffer.slice(second, n - second)};
                    }

                    @Override
                    public void close() {
                        if (!closed.compareAndSet(false, true)) {
                            throw new IllegalStateException("read buffers given back twice");
                        }
                        lentBuffers.decrementAndGet();
                    }
                };
            });
        }
    }
}
