package io.fscache.nfs;

import io.fscache.api.Futures;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ReceivedBytes;
import io.fscache.netfs.ReceivingFile;
import io.fscache.nfs.Nfs3Status.StaleHandleException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An open NFSv3 file: its handle and its latest attributes. NFSv3 has no open on the server, so the
 * handle works in every connection of the session. The post-operation attributes of every READ,
 * WRITE, COMMIT and SETATTR reply refresh the attributes (never with older ones, by ctime).
 * Writes are UNSTABLE and committed by {@link #fsync()} and {@link #close()}; see
 * {@link UncommittedWrites} for a server that restarts in between. A stale handle looks the path up
 * again once: the same handle is tried again, another one fails the call (the file was replaced).
 */
final class NfsFile implements ReceivingFile {

    private final NfsSession session;
    private final String path;
    private final byte[] handle;
    private final ProtocolCounters counters;
    private final UncommittedWrites uncommitted;
    private volatile Fattr3 latest;
    private volatile FileAttributes attributes;
    private volatile boolean closed;

    NfsFile(NfsSession session, String path, byte[] handle, Fattr3 attributes, ProtocolCounters counters) {
        this.session = session;
        this.path = path;
        this.handle = handle;
        this.counters = counters;
        this.uncommitted = new UncommittedWrites(new UncommittedWrites.Server() {
            @Override
            public CompletableFuture<Long> commit() {
                return session.call(Nfs3Calls.COMMIT, "COMMIT", Nfs3Calls.commit(handle), r -> Nfs3Replies.commit(r, path))
                        .thenApply(committed -> {
                            observed(committed.attributes());
                            return committed.verifier();
                        });
            }

            @Override
            public CompletableFuture<Integer> writeStable(long offset, ByteBuffer data) {
                int sent = data.remaining();
                return session.call(Nfs3Calls.WRITE, "WRITE", Nfs3Calls.write(handle, offset, data, Nfs3Calls.FILE_SYNC),
                        r -> Nfs3Replies.write(r, sent, path)).thenApply(written -> {
                            observed(written.attributes());
                            return written.count();
                        });
            }
        }, "nfs server " + session.server() + ", " + path);
        this.latest = attributes;
        this.attributes = attributes.toAttributes(handle);
    }

    @Override
    public FileAttributes attributes() {
        return attributes;
    }

    @Override
    public FileAttributes refresh() throws IOException {
        Fattr3 now = NfsSession.await(retryStale(() -> session.call(Nfs3Calls.GETATTR, "GETATTR", Nfs3Calls.handle(handle),
                r -> Nfs3Replies.getattr(r, path))));
        latest = now;
        attributes = now.toAttributes(handle);
        return attributes;
    }

    /** Takes post-operation attributes unless older than the ones held (replies may overtake each other). */
    private void observed(Fattr3 after) {
        if (after != null && after.notOlderThan(latest)) {
            latest = after;
            attributes = after.toAttributes(handle);
        }
    }

    @Override
    public CompletionStage<Integer> read(long position, ByteBuffer dst) {
        int count = Math.min(dst.remaining(), session.limits().maxReadSize());
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("nfs file " + path + " is closed"));
        }
        if (count == 0) {
            return CompletableFuture.completedFuture(0);
        }
        return retryStale(() -> session.call(Nfs3Calls.READ, "READ", Nfs3Calls.read(handle, position, count),
                r -> Nfs3Replies.read(r, dst, count, path))).thenApply(read -> {
                    counters.read(read.count());
                    observed(read.attributes());
                    return read.count();
                });
    }

    @Override
    public CompletionStage<ReceivedBytes> receive(long position, int length) {
        int count = Math.min(length, session.limits().maxReadSize());
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("nfs file " + path + " is closed"));
        }
        return retryStale(() -> session.call(Nfs3Calls.READ, "READ", Nfs3Calls.read(handle, position, count),
                r -> Nfs3Replies.received(r, count, path))).thenApply(read -> {
                    counters.read(read.data().length());
                    observed(read.attributes());
                    return read.data();
                });
    }

    @Override
    public CompletionStage<Integer> write(long position, ByteBuffer src) {
        int count = Math.min(src.remaining(), session.limits().maxWriteSize());
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("nfs file " + path + " is closed"));
        }
        ByteBuffer data = src.slice(src.position(), count);
        return uncommitted.room(count).thenCompose(room -> retryStale(() -> session.call(Nfs3Calls.WRITE, "WRITE",
                Nfs3Calls.write(handle, position, data, Nfs3Calls.UNSTABLE), r -> Nfs3Replies.write(r, count, path)))).thenApply(written -> {
                    counters.written(written.count());
                    observed(written.attributes());
                    uncommitted.written(position, data, written.count(), written.committed() != Nfs3Calls.UNSTABLE,
                            written.verifier());
                    src.position(src.position() + written.count());
                    return written.count();
                });
    }

    @Override
    public void truncate(long size) throws IOException {
        observed(session.truncate(handle, path, size, latest));
    }

    @Override
    public void fsync() throws IOException {
        uncommitted.commit();
    }

    /** Commits what was written UNSTABLE; the attributes are then as of the close. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        session.closed(this);
        uncommitted.commit();
    }

    @Override
    public String toString() {
        return "nfs file " + path;
    }

    /** Runs a call; on a stale handle, looks the path up once and runs it again if the path still names this file. */
    private <T> CompletableFuture<T> retryStale(java.util.function.Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> first = call.get();
        CompletableFuture<T> result = first.handle((value, failure) -> {
            if (failure == null || !(Futures.unwrap(failure) instanceof StaleHandleException stale)) {
                return first;
            }
            return session.lookup(path).thenCompose(found -> Arrays.equals(found.handle(), handle)
                    ? call.get() : CompletableFuture.<T>failedFuture(stale.replaced()));
        }).thenCompose(Function.identity());
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                first.cancel(false);
            }
        });
        return result;
    }
}
