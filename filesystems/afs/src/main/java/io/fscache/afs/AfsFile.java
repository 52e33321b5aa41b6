package io.fscache.afs;

import io.fscache.afs.AfsCalls.Fetched;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.RemoteFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An open AFS file. AFS has no open on the server: the file is its fid. Each read is one
 * FetchData64 call of at most the session's {@code rsize}, copied from the reply into the caller's
 * buffer; reads run in parallel, after the writes made before them. Writes are gathered while they
 * continue one another, up to {@code wsize}, and each gathered run is one StoreData64 call (a
 * write stage completes once its bytes are gathered, as an NFS UNSTABLE write completes before it
 * is durable; {@link #fsync}, {@link #close}, {@link #refresh} and {@link #truncate} send what is
 * gathered and wait). StoreData64 also carries the file's length: the fileserver cuts the file to
 * it before writing when it is shorter ({@code StoreData_RXStyle} in OpenAFS's
 * {@code src/viced/afsfileprocs.c}), so a write passes the largest length there is and never cuts,
 * and writes of ranges that do not overlap run in parallel, up to the session's calls in flight;
 * a write that overlaps one in flight, and a truncation, wait for every write before them. A call
 * that fails fails the next write, fsync or close. The status each reply ends with refreshes the
 * file's attributes (never with an older DataVersion). Thread-safe.
 */
final class AfsFile implements RemoteFile {

    private final AfsSession session;
    private final String path;
    private final AfsFid fid;
    private final ProtocolCounters counters;
    private final boolean writable;
    private volatile AfsStatus latest;
    /** The length a write passes: no file is longer, so the fileserver never cuts one for a write. */
    private static final long NO_CUT = Long.MAX_VALUE;

    /** A StoreData64 in flight and the range it writes. */
    private record Store(long start, long end, CompletableFuture<?> done) {
    }

    // Guarded by this: the StoreData64 calls in flight, the gathered run not sent yet and where it
    // starts, and a failure not yet reported.
    private final List<Store> stores = new ArrayList<>();
    private ByteBuf gathered;
    private long gatheredAt;
    private Throwable failure;

    AfsFile(AfsSession session, String path, AfsFid fid, AfsStatus status, boolean writable, ProtocolCounters counters) {
        this.session = session;
        this.path = path;
        this.fid = fid;
        this.latest = status;
        this.writable = writable;
        this.counters = counters;
    }

    @Override
    public FileAttributes attributes() {
        return latest.toAttributes(fid);
    }

    /** The promised status when a callback promise covers the file, else FetchStatus's. */
    @Override
    public FileAttributes refresh() throws IOException {
        fsync();
        observed(session.status(fid, path));
        return attributes();
    }

    private synchronized void observed(AfsStatus status) {
        if (Long.compareUnsigned(status.dataVersion(), latest.dataVersion()) >= 0) {
            latest = status;
        }
    }

    @Override
    public CompletionStage<Integer> read(long position, ByteBuffer dst) {
        int count = Math.min(dst.remaining(), session.limits().maxReadSize());
        if (count == 0) {
            return CompletableFuture.completedFuture(0);
        }
        CompletableFuture<?> before;
        synchronized (this) {
            send();
            before = allStores();
        }
        return before.handle((ignored, failed) -> null).thenCompose(ignored -> fetch(position, dst, count));
    }

    private CompletableFuture<Integer> fetch(long position, ByteBuffer dst, int count) {
        long breaks = session.vnodes().breaks();
        return session.fs().call("FetchData64", path, alloc -> AfsCalls.fetchData64(alloc, fid, position, count),
                count + 8L + AfsCalls.STATUS_TRAILER, reply -> {
                    int n = AfsCalls.dataLength(reply, count, path);
                    if (!dst.hasRemaining() || dst.remaining() < n) {
                        throw new IOException("the buffer of a read of " + path + " changed while it was read");
                    }
                    int at = dst.position();
                    ByteBuffer target = dst.duplicate().limit(at + n);
                    reply.readBytes(target);
                    Fetched trailer = AfsCalls.fetched(reply);
                    session.vnodes().fetched(fid, trailer, breaks);
                    observed(trailer.status());
                    dst.position(at + n);
                    counters.read(n);
                    return n;
                });
    }

    @Override
    public CompletionStage<Integer> write(long position, ByteBuffer src) {
        if (!writable) {
            return CompletableFuture.failedFuture(new IOException("afs file " + path + " is not open for writing"));
        }
        int wsize = session.limits().maxWriteSize();
        int count = Math.min(src.remaining(), wsize);
        synchronized (this) {
            if (failure != null) {
                return CompletableFuture.failedFuture(takeFailure());
            }
            if (gathered != null && (position != gatheredAt + gathered.readableBytes() || gathered.readableBytes() + count > wsize)) {
                send();
            }
            if (gathered == null) {
                gathered = Unpooled.buffer(Math.min(wsize, Math.max(count, 64 << 10)), wsize);
                gatheredAt = position;
            }
            gathered.writeBytes(src.duplicate().limit(src.position() + count));
            if (gathered.readableBytes() == wsize) {
                send();
            }
        }
        src.position(src.position() + count);
        return CompletableFuture.completedFuture(count);
    }

    /** Queues the gathered run as one StoreData64; a failure is kept for the next write, fsync or close. Holds this. */
    private void send() {
        if (gathered == null) {
            return;
        }
        ByteBuf data = gathered;
        long at = gatheredAt;
        gathered = null;
        int count = data.readableBytes();
        store(at, data, at + count, false).whenComplete((status, failed) -> {
            data.release();
            if (failed != null) {
                synchronized (this) {
                    failure = failure == null ? failed : failure;
                }
            } else {
                counters.written(count);
            }
        });
    }

    private IOException takeFailure() {
        Throwable failed = failure;
        failure = null;
        return failed instanceof IOException io ? io : new IOException("writing " + path + " failed: " + failed, failed);
    }

    /** StoreData64 of nothing at {@code size} with the file's length {@code size}, after every write before it. */
    @Override
    public void truncate(long size) throws IOException {
        CompletableFuture<AfsStatus> truncated;
        synchronized (this) {
            send();
            truncated = store(size, Unpooled.EMPTY_BUFFER, size, true);
        }
        AfsClient.await(truncated);
    }

    /**
     * Starts one StoreData64, or queues it behind the writes in flight when it overlaps one of
     * them, cuts the file, or finds the session's calls in flight all taken. Holds this.
     */
    private CompletableFuture<AfsStatus> store(long position, ByteBuf data, long end, boolean cut) {
        boolean alone = !cut && stores.size() < session.limits().maxInFlight()
                && stores.stream().noneMatch(other -> other.start < end && position < other.end);
        CompletableFuture<?> before = alone ? CompletableFuture.completedFuture(null) : allStores();
        long fileLength = cut ? end : NO_CUT;
        CompletableFuture<AfsStatus> call = before.handle((ignored, failed) -> null).thenCompose(ignored -> session.fs()
                .call("StoreData64", path, alloc -> AfsCalls.storeData64(alloc, fid, position, data, fileLength,
                        AfsChanges.nowSeconds()), AfsSession.STATUS_REPLY, AfsCalls::statusAndSync))
                .thenApply(status -> {
                    session.vnodes().changed(fid, status);
                    observed(status);
                    return status;
                });
        Store store = new Store(cut ? 0 : position, cut ? Long.MAX_VALUE : end, call);
        stores.add(store);
        call.whenComplete((status, failed) -> {
            synchronized (this) {
                stores.remove(store);
            }
        });
        return call;
    }

    /** Completes when every StoreData64 now in flight has. Holds this. */
    private CompletableFuture<Void> allStores() {
        return CompletableFuture.allOf(stores.stream().map(store -> store.done.handle((status, failed) -> null))
                .toArray(CompletableFuture[]::new));
    }

    /** Sends what is gathered and waits for the writes made so far; StoreData64 returns once the fileserver has the data. */
    @Override
    public void fsync() throws IOException {
        CompletableFuture<?> last;
        synchronized (this) {
            send();
            last = allStores();
        }
        try {
            AfsClient.await(last);
        } catch (IOException e) {
            // reported below, once
        }
        synchronized (this) {
            if (failure != null) {
                throw takeFailure();
            }
        }
    }

    /** Sends what is gathered and waits for the writes made so far (AFS has no open state on the server). */
    @Override
    public void close() throws IOException {
        fsync();
    }

    @Override
    public String toString() {
        return "afs file " + path;
    }
}
