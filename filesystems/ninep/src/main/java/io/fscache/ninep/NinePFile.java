package io.fscache.ninep;

import io.fscache.api.Futures;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ReceivedBytes;
import io.fscache.netfs.ReceivingFile;
import io.fscache.ninep.wire.Replies;
import io.fscache.ninep.wire.TMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An open file. It remembers its path and open flags, so that after the session lost its
 * connection the next call walks and opens it again in the new connection (lazily, without
 * blocking: reads may be issued from an event loop).
 */
final class NinePFile implements ReceivingFile {

    /** The file's fid in one connection, and the I/O unit the open gave. */
    record Handle(Connection connection, int fid, int iounit) {

        int maxRead() {
            int max = connection.msize() - Replies.IOHDRSZ;
            return iounit > 0 ? Math.min(iounit, max) : max;
        }

        int maxWrite() {
            int max = connection.msize() - Replies.IOHDRSZ;
            return iounit > 0 ? Math.min(iounit, max) : max;
        }
    }

    private final NinePSession session;
    private final String path;
    private final int flags;
    private final ProtocolCounters counters;
    private volatile CompletableFuture<Handle> handle;
    private volatile FileAttributes attributes;
    private volatile boolean closed;

    /** @param flags the open flags without create or truncate, as a re-open uses them */
    NinePFile(NinePSession session, String path, int flags, Handle handle, FileAttributes attributes,
            ProtocolCounters counters) {
        this.session = session;
        this.path = path;
        this.flags = flags;
        this.counters = counters;
        this.handle = CompletableFuture.completedFuture(handle);
        this.attributes = attributes;
    }

    @Override
    public FileAttributes attributes() {
        return attributes;
    }

    @Override
    public FileAttributes refresh() throws IOException {
        Handle h = NinePSession.await(handle());
        FileAttributes now = NinePSession.attributes(NinePSession.await(h.connection()
                .call(TMessage.getattr(h.fid(), TMessage.GETATTR_BASIC), Replies::attr, path)));
        // diod stats the fid's path, not the open file: after a rename over the path these are
        // another file's attributes, and must not pass for this one's.
        if (!Arrays.equals(now.fileId(), attributes.fileId())) {
            throw new IOException(path + " was replaced on the 9p server while open: its attributes are another file's");
        }
        attributes = now;
        return attributes;
    }

    @Override
    public CompletionStage<Integer> read(long position, ByteBuffer dst) {
        return rpc(h -> {
            int count = Math.min(dst.remaining(), h.maxRead());
            if (count == 0) {
                return CompletableFuture.completedFuture(0);
            }
            return h.connection().call(TMessage.read(h.fid(), position, count), body -> {
                int n = Replies.readInto(body, dst, count);
                counters.read(n);
                return n;
            }, path);
        });
    }

    @Override
    public CompletionStage<ReceivedBytes> receive(long position, int length) {
        return rpc(h -> {
            int count = Math.min(length, h.maxRead());
            return h.connection().call(TMessage.read(h.fid(), position, count), body -> {
                ReceivedBytes data = Replies.lent(body, count);
                counters.read(data.length());
                return data;
            }, path);
        });
    }

    @Override
    public CompletionStage<Integer> write(long position, ByteBuffer src) {
        return rpc(h -> {
            int count = Math.min(src.remaining(), h.maxWrite());
            ByteBuffer data = src.slice(src.position(), count);
            return h.connection().call(TMessage.write(h.fid(), position, data), body -> {
                int n = Replies.written(body, count);
                counters.written(n);
                src.position(src.position() + n);
                return n;
            }, path);
        });
    }

    @Override
    public void truncate(long size) throws IOException {
        Handle h = NinePSession.await(handle());
        NinePSession.await(h.connection().call(TMessage.setSize(h.fid(), size), body -> (Void) null, path));
    }

    @Override
    public void fsync() throws IOException {
        Handle h = NinePSession.await(handle());
        NinePSession.await(h.connection().call(TMessage.fsync(h.fid()), body -> (Void) null, path));
    }

    @Override
    public void close() throws IOException {
        CompletableFuture<Handle> last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = handle;
        }
        session.closed(this);
        // Sent, not waited for: the data is the server's already (9P writes are synchronous), so a
        // close costs no round trip; the fid returns to the pool when Rclunk arrives. A handle still
        // being re-opened is clunked when it arrives.
        last.thenAccept(h -> {
            if (h.connection().isOpen()) {
                h.connection().clunk(h.fid());
            }
        });
    }

    @Override
    public String toString() {
        return "9p file " + path;
    }

    /** The handle in the live connection, opening the file again if its connection was lost. */
    private CompletableFuture<Handle> handle() {
        CompletableFuture<Handle> h = handle;
        if (!h.isDone() || (!h.isCompletedExceptionally() && h.join().connection().isOpen())) {
            return h;
        }
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("9p file " + path + " is closed"));
            }
            if (handle == h) {
                handle = session.reopen(path, flags);
            }
            return handle;
        }
    }

    /**
     * Runs one RPC on the live handle. The returned future is the caller's: cancelling it cancels
     * the RPC, which the connection then flushes.
     */
    private <T> CompletableFuture<T> rpc(Function<Handle, CompletableFuture<T>> call) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("9p file " + path + " is closed"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        handle().whenComplete((h, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Futures.unwrap(failure));
                return;
            }
            CompletableFuture<T> sent = call.apply(h);
            result.whenComplete((n, e) -> {
                if (result.isCancelled()) {
                    sent.cancel(false);
                }
            });
            sent.whenComplete((n, e) -> {
                if (e != null) {
                    result.completeExceptionally(Futures.unwrap(e));
                } else if (!result.complete(n) && n instanceof ReceivedBytes lent) {
                    lent.close();
                }
            });
        });
        return result;
    }
}
