package io.fscache.nfs;

import io.fscache.api.Futures;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ReceivedBytes;
import io.fscache.netfs.ReceivingFile;
import io.fscache.nfs.Nfs3Status.StaleHandleException;
import io.fscache.nfs.Nfs4Ops.Op;
import io.fscache.nfs.Nfs4Status.StateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A file open on an NFSv4.1 server: its handle, its open stateid and owner, and its latest
 * attributes, refreshed by the GETATTR that follows every WRITE, COMMIT and SETATTR in its COMPOUND.
 * Writes are UNSTABLE and committed by {@link #fsync()} and {@link #close()} ({@link UncommittedWrites}).
 * An open state the server lost (BAD_STATEID, STALE_STATEID, EXPIRED: it restarted) is opened again
 * by handle (CLAIM_FH), once per call.
 */
final class Nfs41File implements ReceivingFile {

    /** What OPEN gave. */
    record Opened(byte[] stateid, byte[] handle, Fattr4 attributes) {
    }

    /** A WRITE's count, stability and verifier, and the attributes after it. */
    private record Written(Nfs4Reply.Written written, Fattr4 after) {
    }

    private final Nfs41Session session;
    private final String path;
    private final byte[] owner;
    private final int access;
    private final byte[] handle;
    private final ProtocolCounters counters;
    private final UncommittedWrites uncommitted;
    private volatile byte[] stateid;
    private volatile Fattr4 latest;
    private volatile boolean closed;

    Nfs41File(Nfs41Session session, String path, byte[] owner, int access, Opened opened, ProtocolCounters counters) {
        this.session = session;
        this.path = path;
        this.owner = owner;
        this.access = access;
        this.handle = opened.handle();
        this.stateid = opened.stateid();
        this.latest = opened.attributes();
        this.counters = counters;
        this.uncommitted = new UncommittedWrites(new UncommittedWrites.Server() {
            @Override
            public CompletableFuture<Long> commit() {
                return call("COMMIT", state -> List.of(Nfs4Ops.putfh(handle), Nfs4Ops.commit(), Nfs4Ops.getattr(Fattr4.CHANGED)),
                        reply -> {
                            reply.plain(Nfs4Ops.PUTFH);
                            long verifier = reply.commit();
                            observed(reply.getattr());
                            return verifier;
                        });
            }

            @Override
            public CompletableFuture<Integer> writeStable(long offset, ByteBuffer data) {
                return write(offset, data, Nfs4Ops.FILE_SYNC4).thenApply(w -> w.written().count());
            }
        }, "nfs server " + session.server() + ", " + path);
    }

    @Override
    public FileAttributes attributes() {
        return attributes(latest);
    }

    /** Checked at the open and at each refresh; post-operation attributes only update what they carry. */
    private FileAttributes attributes(Fattr4 a) {
        try {
            return a.toAttributes(handle);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public FileAttributes refresh() throws IOException {
        Fattr4 now = NfsSession.await(call("GETATTR", state -> List.of(Nfs4Ops.putfh(handle), Nfs4Ops.getattr(Fattr4.FILE)),
                reply -> {
                    reply.plain(Nfs4Ops.PUTFH);
                    return reply.getattr();
                }));
        latest = now;
        return now.toAttributes(handle);
    }

    private void observed(Fattr4 after) {
        Fattr4 before = latest;
        if (after.change() == -1 || Long.compareUnsigned(after.change(), before.change()) >= 0) {
            latest = before.with(after);
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
        return call("READ", state -> List.of(Nfs4Ops.putfh(handle), Nfs4Ops.read(state, position, count)), reply -> {
            reply.plain(Nfs4Ops.PUTFH);
            int n = reply.read(dst, count);
            counters.read(n);
            return n;
        });
    }

    @Override
    public CompletionStage<ReceivedBytes> receive(long position, int length) {
        int count = Math.min(length, session.limits().maxReadSize());
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("nfs file " + path + " is closed"));
        }
        return call("READ", state -> List.of(Nfs4Ops.putfh(handle), Nfs4Ops.read(state, position, count)), reply -> {
            reply.plain(Nfs4Ops.PUTFH);
            ReceivedBytes data = reply.received(count);
            counters.read(data.length());
            return data;
        });
    }

    @Override
    public CompletionStage<Integer> write(long position, ByteBuffer src) {
        int count = Math.min(src.remaining(), session.limits().maxWriteSize());
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("nfs file " + path + " is closed"));
        }
        ByteBuffer data = src.slice(src.position(), count);
        return uncommitted.room(count).thenCompose(room -> write(position, data, Nfs4Ops.UNSTABLE4)).thenApply(w -> {
            int n = w.written().count();
            uncommitted.written(position, data, n, w.written().committed() != Nfs4Ops.UNSTABLE4, w.written().verifier());
            src.position(src.position() + n);
            return n;
        });
    }

    private CompletableFuture<Written> write(long position, ByteBuffer data, int stable) {
        int sent = data.remaining();
        return call("WRITE", state -> List.of(Nfs4Ops.putfh(handle), Nfs4Ops.write(state, position, data, stable),
                Nfs4Ops.getattr(Fattr4.CHANGED)), reply -> {
                    reply.plain(Nfs4Ops.PUTFH);
                    Nfs4Reply.Written written = reply.write(sent);
                    counters.written(written.count());
                    Fattr4 after = reply.getattr();
                    observed(after);
                    return new Written(written, after);
                });
    }

    @Override
    public void truncate(long size) throws IOException {
        NfsSession.await(call("SETATTR", state -> List.of(Nfs4Ops.putfh(handle), Nfs4Ops.setSize(state, size),
                Nfs4Ops.getattr(Fattr4.CHANGED)), reply -> {
                    reply.plain(Nfs4Ops.PUTFH);
                    reply.setattr();
                    observed(reply.getattr());
                    return null;
                }));
    }

    @Override
    public void fsync() throws IOException {
        uncommitted.commit();
    }

    /** Commits what was written UNSTABLE, then sends the CLOSE of the open state. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            uncommitted.commit();
        } finally {
            // Not waited for, as Linux's client closes: its answer changes nothing here, and an open
            // state the server lost is closed already.
            byte[] state = stateid;
            session.closed(this, session.client().compound("CLOSE", path, List.of(Nfs4Ops.putfh(handle), Nfs4Ops.close(state)),
                    reply -> {
                        reply.plain(Nfs4Ops.PUTFH);
                        return reply.close();
                    }));
        }
    }

    @Override
    public String toString() {
        return "nfs file " + path;
    }

    /**
     * A COMPOUND with the open stateid. One whose open state the server lost is opened again by
     * handle and made once more; one refused for a stale handle looks the path up once and is made
     * again if the path still names this file.
     */
    private <T> CompletableFuture<T> call(String name, Function<byte[], List<Op>> ops, Nfs41Client.Parser<T> parser) {
        byte[] state = stateid;
        CompletableFuture<T> first = session.client().compound(name, path, ops.apply(state), parser);
        CompletableFuture<T> result = first.handle((value, failure) -> {
            Throwable cause = failure == null ? null : Futures.unwrap(failure);
            if (cause instanceof StateException lost && lost.openLost()) {
                return session.reopen(handle, owner, access, path).thenCompose(fresh -> {
                    stateid = fresh;
                    return session.client().compound(name, path, ops.apply(fresh), parser);
                });
            }
            if (cause instanceof StaleHandleException stale) {
                return session.lookup(path).thenCompose(found -> Arrays.equals(found.handle(), handle)
                        ? session.client().compound(name, path, ops.apply(stateid), parser)
                        : CompletableFuture.<T>failedFuture(stale.replaced()));
            }
            return first;
        }).thenCompose(Function.identity());
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                first.cancel(false);
            }
        });
        return result;
    }
}
