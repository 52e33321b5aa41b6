package io.fscache.afs;

import io.fscache.afs.AfsCalls.Fetched;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An open AFS file (read-only). AFS has no open on the server: the file is its fid. Each read is
 * one FetchData64 call of at most the session's {@code rsize}, copied from the reply into the
 * caller's buffer; the status at the end of each reply refreshes the file's attributes (never with
 * an older DataVersion). Thread-safe.
 */
final class AfsFile implements RemoteFile {

    private final AfsSession session;
    private final String path;
    private final AfsFid fid;
    private final ProtocolCounters counters;
    private volatile AfsStatus latest;

    AfsFile(AfsSession session, String path, AfsFid fid, AfsStatus status, ProtocolCounters counters) {
        this.session = session;
        this.path = path;
        this.fid = fid;
        this.latest = status;
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
        return CompletableFuture.failedFuture(readOnly());
    }

    @Override
    public void truncate(long size) throws IOException {
        throw readOnly();
    }

    @Override
    public void fsync() {
        // nothing is written
    }

    @Override
    public void close() {
        // AFS has no open state on the server
    }

    private FileSystemException readOnly() {
        return new FileSystemException(path, null, "this afs client mounts read-only");
    }

    @Override
    public String toString() {
        return "afs file " + path;
    }
}
