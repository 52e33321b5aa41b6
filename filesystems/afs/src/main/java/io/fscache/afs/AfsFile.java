package io.fscache.afs;

import io.fscache.afs.AfsCalls.Fetched;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.RemoteFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An open AFS file. AFS has no open on the server: the file is its fid. Each read is one
 * FetchData64 call of at most the session's {@code rsize}, copied from the reply into the caller's
 * buffer; reads run in parallel. Each write is one StoreData64 call of at most {@code wsize}, and
 * writes run one after another in the order they were made: every StoreData64 also sets the file's
 * length, which is the largest end written or truncated to so far, and a call run out of order
 * could cut off what a later one wrote. The status each reply ends with refreshes the file's
 * attributes (never with an older DataVersion). Thread-safe.
 */
final class AfsFile implements RemoteFile {

    private final AfsSession session;
    private final String path;
    private final AfsFid fid;
    private final ProtocolCounters counters;
    private final boolean writable;
    private volatile AfsStatus latest;
    // Guarded by this: the length the file has once every write made so far ran, and the last write.
    private long length;
    private CompletableFuture<?> writes = CompletableFuture.completedFuture(null);

    AfsFile(AfsSession session, String path, AfsFid fid, AfsStatus status, boolean writable, ProtocolCounters counters) {
        this.session = session;
        this.path = path;
        this.fid = fid;
        this.latest = status;
        this.writable = writable;
        this.length = status.length();
        this.counters = counters;
    }

    @Override
    public FileAttributes attributes() {
        return latest.toAttributes(fid);
    }

    /** The promised status when a callback promise covers the file, else FetchStatus's. */
    @Override
    public FileAttributes refresh() throws IOException {
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
        int count = Math.min(src.remaining(), session.limits().maxWriteSize());
        ByteBuf data = Unpooled.wrappedBuffer(src.slice(src.position(), count));
        return store(position, data, position + count, true).thenApply(status -> {
            counters.written(count);
            src.position(src.position() + count);
            return count;
        });
    }

    /** StoreData64 of nothing at {@code size} with the file's length {@code size}. */
    @Override
    public void truncate(long size) throws IOException {
        AfsClient.await(store(size, Unpooled.EMPTY_BUFFER, size, false));
    }

    /**
     * Queues one StoreData64 behind the writes made before it.
     *
     * @param end the file's length after this call: at least {@code end} when {@code grow}, exactly {@code end} otherwise
     */
    private CompletableFuture<AfsStatus> store(long position, ByteBuf data, long end, boolean grow) {
        CompletableFuture<AfsStatus> call;
        synchronized (this) {
            length = grow ? Math.max(length, end) : end;
            long fileLength = length;
            call = writes.handle((ignored, failure) -> null).thenCompose(ignored -> session.fs().call("StoreData64", path,
                    alloc -> AfsCalls.storeData64(alloc, fid, position, data, fileLength, AfsChanges.nowSeconds()),
                    AfsSession.STATUS_REPLY, AfsCalls::statusAndSync));
            writes = call;
        }
        return call.thenApply(status -> {
            session.vnodes().changed(fid, status);
            observed(status);
            return status;
        });
    }

    /** Waits for the writes made so far; StoreData64 returns once the fileserver has the data. */
    @Override
    public void fsync() throws IOException {
        CompletableFuture<?> last;
        synchronized (this) {
            last = writes;
        }
        AfsClient.await(last);
    }

    /** Waits for the writes made so far (AFS has no open state on the server). */
    @Override
    public void close() throws IOException {
        fsync();
    }

    @Override
    public String toString() {
        return "afs file " + path;
    }
}
