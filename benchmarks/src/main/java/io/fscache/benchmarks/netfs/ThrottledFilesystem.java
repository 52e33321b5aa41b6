package io.fscache.benchmarks.netfs;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process server (scheme {@code bench}) holding one read-only file, {@code /file.bin}, behind a
 * link with a latency and a bandwidth cap: a reply leaves once the link has carried the bytes of
 * every reply before it ({@code bytesPerSecond}) and arrives {@code latency} later, so one request at
 * a time gets far less than the cap and a deep enough pipeline gets all of it. Reads of up to 64 KiB,
 * 64 in flight (as 9P's defaults). {@link #change()} gives the file a new change id, so the next
 * open finds the cached copy stale. Counts read RPCs and the most in flight at once. Thread-safe.
 */
final class ThrottledFilesystem implements NetworkFilesystem, AutoCloseable {

    static final String FILE = "/file.bin";
    private static final int READ_SIZE = 64 * 1024;

    private final long size;
    private final long latencyNanos;
    private final long bytesPerSecond;
    private final ByteBuffer pattern = ByteBuffer.allocateDirect(1 << 20);
    private final ScheduledExecutorService link = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "throttled-link");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger version = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong readBytes = new AtomicLong();
    private final Object lock = new Object();
    private long linkFreeAt;

    ThrottledFilesystem(long size, long latencyNanos, long bytesPerSecond) {
        this.size = size;
        this.latencyNanos = latencyNanos;
        this.bytesPerSecond = bytesPerSecond;
        for (int i = 0; i < pattern.capacity(); i++) {
            pattern.put(i, (byte) (i * 31 + 7));
        }
    }

    @Override
    public String scheme() {
        return "bench";
    }

    /** The file changes on the server: the next open invalidates what the cache holds. */
    void change() {
        version.incrementAndGet();
    }

    /** Forgets the most requests in flight so far. */
    void resetPeak() {
        peakInFlight.set(inFlight.get());
    }

    int peakInFlight() {
        return peakInFlight.get();
    }

    @Override
    public NetfsSession connect(URI uri, Map<String, String> options) {
        return new Session();
    }

    @Override
    public void close() {
        link.shutdownNow();
    }

    private FileAttributes attributes(String path) throws NoSuchFileException {
        Instant old = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(version.get());
        FileTime time = FileTime.from(old);
        if (path.equals("/")) {
            return new FileAttributes(FileType.DIRECTORY, 0, time, time, time, new byte[] {0}, new byte[0], 0755, null, null);
        }
        if (!path.equals(FILE)) {
            throw new NoSuchFileException(path);
        }
        byte[] change = {(byte) (version.get() >>> 24), (byte) (version.get() >>> 16), (byte) (version.get() >>> 8),
                (byte) version.get()};
        return new FileAttributes(FileType.REGULAR, size, time, time, time, new byte[] {1}, change, 0444, null, null);
    }

    private CompletionStage<Integer> read(long position, ByteBuffer dst) {
        int n = (int) Math.max(0, Math.min(dst.remaining(), size - position));
        long arrival;
        synchronized (lock) {
            long now = System.nanoTime();
            linkFreeAt = Math.max(now, linkFreeAt) + n * 1_000_000_000L / bytesPerSecond;
            arrival = linkFreeAt + latencyNanos;
        }
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        reads.incrementAndGet();
        CompletableFuture<Integer> reply = new CompletableFuture<>();
        link.schedule(() -> {
            for (int done = 0; done < n; ) {
                int offset = (int) ((position + done) % pattern.capacity());
                int piece = Math.min(n - done, pattern.capacity() - offset);
                dst.put(pattern.slice(offset, piece));
                done += piece;
            }
            readBytes.addAndGet(n);
            inFlight.decrementAndGet();
            reply.complete(n);
        }, arrival - System.nanoTime(), TimeUnit.NANOSECONDS);
        return reply;
    }

    private final class Session implements NetfsSession {

        @Override
        public String volumeKey() {
            return "bench,throttled,export";
        }

        @Override
        public IoLimits limits() {
            return new IoLimits(READ_SIZE, READ_SIZE, 64);
        }

        @Override
        public FileAttributes stat(String path) throws IOException {
            return attributes(path);
        }

        @Override
        public List<DirEntry> list(String path) throws IOException {
            return List.of(new DirEntry(FILE.substring(1), attributes(FILE)));
        }

        @Override
        public RemoteFile open(String path, Set<? extends OpenOption> options) throws IOException {
            FileAttributes opened = attributes(path);
            return new RemoteFile() {
                @Override
                public FileAttributes attributes() {
                    return opened;
                }

                @Override
                public FileAttributes refresh() throws IOException {
                    return ThrottledFilesystem.this.attributes(path);
                }

                @Override
                public CompletionStage<Integer> read(long position, ByteBuffer dst) {
                    return ThrottledFilesystem.this.read(position, dst);
                }

                @Override
                public CompletionStage<Integer> write(long position, ByteBuffer src) {
                    return CompletableFuture.failedFuture(new AccessDeniedException(path, null, "read-only"));
                }

                @Override
                public void truncate(long newSize) throws IOException {
                    throw new AccessDeniedException(path, null, "read-only");
                }

                @Override
                public void fsync() {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void mkdir(String path) throws IOException {
            throw new AccessDeniedException(path, null, "read-only");
        }

        @Override
        public void delete(String path) throws IOException {
            throw new AccessDeniedException(path, null, "read-only");
        }

        @Override
        public void rename(String from, String to) throws IOException {
            throw new AccessDeniedException(from, null, "read-only");
        }

        @Override
        public ProtocolStats stats() {
            return new ProtocolStats(Map.of("read", reads.get()), readBytes.get(), 0, inFlight.get(), peakInFlight.get(), 0, 0);
        }

        @Override
        public void close() {
        }
    }
}
