package io.fscache.nfs;

import io.fscache.api.Futures;
import io.fscache.nfs.rpc.NotSentException;
import io.fscache.nfs.rpc.Program;
import io.fscache.nfs.rpc.RpcClient;
import io.fscache.nfs.rpc.RpcConnection;
import io.fscache.nfs.rpc.RpcConnection.Args;
import io.fscache.nfs.rpc.RpcConnection.Parser;
import io.fscache.nfs.rpc.RpcSettings;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * An NFSv3 session's connection: one at a time; when it is lost, the calls in flight fail and the
 * next call connects again. NFSv3 is stateless, so file handles work in every connection.
 * Thread-safe; the lock guards only the current connection's future.
 */
final class Nfs3Client {

    private final EventLoopGroup group;
    private final NfsOptions options;
    private final RpcSettings settings;
    private CompletableFuture<RpcConnection> current;
    private boolean closed;

    Nfs3Client(EventLoopGroup group, NfsOptions options, RpcSettings settings, RpcConnection first) {
        this.group = group;
        this.options = options;
        this.settings = settings;
        this.current = CompletableFuture.completedFuture(first);
    }

    /** The live connection, connecting again if the last one was lost. */
    private synchronized CompletableFuture<RpcConnection> connection() {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("nfs session with " + options.server() + " is closed"));
        }
        CompletableFuture<RpcConnection> live = current;
        if (!live.isDone() || (!live.isCompletedExceptionally() && live.join().isOpen())) {
            return live;
        }
        current = RpcClient.connect(group, options.host(), options.port(), settings);
        current.thenRun(settings.counters()::reconnected);
        return current;
    }

    /**
     * Calls an NFSv3 procedure on the live connection. A call its connection failed before sending
     * ({@link NotSentException}) is made once more on a new connection: the server never saw it.
     * Cancelling the returned future cancels the call, whose reply is then dropped rather than
     * parsed into the caller's buffers.
     */
    <T> CompletableFuture<T> call(int procedure, String name, Args args, Parser<T> parser) {
        CompletableFuture<T> result = new CompletableFuture<>();
        send(procedure, name, args, parser, result, true);
        return result;
    }

    private <T> void send(int procedure, String name, Args args, Parser<T> parser, CompletableFuture<T> result, boolean again) {
        connection().whenComplete((c, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Futures.unwrap(failure));
                return;
            }
            CompletableFuture<T> sent = c.call(Program.NFS3, procedure, name, args, parser);
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    sent.cancel(false);
                }
            });
            sent.whenComplete((v, e) -> {
                Throwable cause = e == null ? null : Futures.unwrap(e);
                if (cause instanceof NotSentException && again && !result.isDone()) {
                    send(procedure, name, args, parser, result, false);
                } else if (cause != null) {
                    result.completeExceptionally(cause);
                } else if (!result.complete(v) && v instanceof AutoCloseable lent) {
                    RpcConnection.closeLent(lent);
                }
            });
        });
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Closes the connection; later calls fail. */
    void close() {
        CompletableFuture<RpcConnection> last;
        synchronized (this) {
            closed = true;
            last = current;
        }
        last.thenAccept(RpcConnection::close);
    }
}
