package io.fscache.afs;

import io.fscache.afs.rx.RxAbortException;
import io.fscache.afs.rx.RxEndpoint;
import io.fscache.afs.rx.RxPortProbe;
import io.fscache.api.Futures;
import io.fscache.netfs.ProtocolCounters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls one AFS server's service over a session's {@link RxEndpoint}: counts each call, parses
 * the reply and releases it, makes a call again while the volume is busy or offline (VBUSY,
 * VOFFLINE: up to {@value #BUSY_RETRIES} times, a second apart, as {@code fs/afs/rotate.c} waits),
 * asks where the volume went when the server says it moved or lacks it (VMOVED, VNOVOL: once per
 * call, then the call goes to the server named), and turns aborts into {@code java.nio} exceptions
 * naming the caller's path. Thread-safe.
 */
final class AfsClient {

    /** Parses a reply; the reply is released after. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(ByteBuf reply) throws IOException;
    }

    /** Finds where a volume went: asked when the server says it moved (VMOVED) or does not have it (VNOVOL). */
    @FunctionalInterface
    interface Relocator {
        CompletableFuture<InetSocketAddress> relocate();
    }

    static final int BUSY_RETRIES = 10;
    /**
     * How long a call waits for its answer before its server's port is probed ({@link RxPortProbe}),
     * and again each time as long: a fileserver that is not running then fails the call at once
     * with "Connection refused", not after the call's timeout (30 s for every command, in a user's try).
     */
    private static final long PROBE_EVERY_MILLIS = 1000;
    private static final Duration PROBE_WAIT = Duration.ofMillis(500);

    private final RxEndpoint endpoint;
    private volatile InetSocketAddress server;
    private volatile Relocator relocator;
    private final int serviceId;
    private final Duration timeout;
    private final ProtocolCounters counters;
    /** The port probe in flight, shared by the calls waiting; guarded by {@code this}. */
    private CompletableFuture<Void> probe;

    AfsClient(RxEndpoint endpoint, InetSocketAddress server, int serviceId, Duration timeout, ProtocolCounters counters) {
        this.endpoint = endpoint;
        this.server = server;
        this.serviceId = serviceId;
        this.timeout = timeout;
        this.counters = counters;
    }

    InetSocketAddress server() {
        return server;
    }

    /** Where calls go after a VMOVED or VNOVOL (once per call): the server {@code relocator} names. */
    void relocateWith(Relocator relocator) {
        this.relocator = relocator;
    }

    static ByteBufAllocator alloc() {
        return PooledByteBufAllocator.DEFAULT;
    }

    /**
     * Makes a call.
     *
     * @param request builds the request (it is built again for a retry)
     * @param maxReply the most reply bytes accepted
     * @param path what the call is about, as its errors name it
     */
    <T> CompletableFuture<T> call(String name, String path, Function<ByteBufAllocator, ByteBuf> request, long maxReply,
            Parser<T> parser) {
        CompletableFuture<T> call = call(name, path, request, maxReply, parser, 0, false);
        if (!call.isDone()) {
            probeWhileWaiting(call);
        }
        return call;
    }

    /** Probes the server's port every {@link #PROBE_EVERY_MILLIS} until {@code waiting} completes; a refusal fails it. */
    private void probeWhileWaiting(CompletableFuture<?> waiting) {
        CompletableFuture.delayedExecutor(PROBE_EVERY_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
            if (waiting.isDone()) {
                return;
            }
            probe().whenComplete((answered, refused) -> {
                if (refused != null) {
                    waiting.completeExceptionally(refused);
                } else {
                    probeWhileWaiting(waiting);
                }
            });
        });
    }

    private synchronized CompletableFuture<Void> probe() {
        if (probe == null || probe.isDone()) {
            InetSocketAddress at = server;
            probe = RxPortProbe.refused(at, "the afs server " + at.getHostString() + ":" + at.getPort(), PROBE_WAIT);
        }
        return probe;
    }

    private <T> CompletableFuture<T> call(String name, String path, Function<ByteBufAllocator, ByteBuf> request, long maxReply,
            Parser<T> parser, int attempt, boolean relocated) {
        counters.sent(name);
        return endpoint.call(server, serviceId, name, request.apply(alloc()), maxReply, timeout).handle((reply, failure) -> {
            counters.answered();
            if (failure == null) {
                try {
                    return CompletableFuture.completedFuture(parser.parse(reply));
                } catch (IOException | RuntimeException e) {
                    return CompletableFuture.<T>failedFuture(e);
                } finally {
                    reply.release();
                }
            }
            Throwable cause = Futures.unwrap(failure);
            counters.failed(cause instanceof RxAbortException abort ? AfsErrors.of(abort, name, path) : cause);
            if (cause instanceof RxAbortException abort) {
                if (AfsErrors.retryable(abort.code()) && attempt < BUSY_RETRIES) {
                    return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                            .thenCompose(ignored -> call(name, path, request, maxReply, parser, attempt + 1, relocated));
                }
                Relocator where = relocator;
                if ((abort.code() == AfsErrors.VMOVED || abort.code() == AfsErrors.VNOVOL) && where != null && !relocated) {
                    return where.relocate().thenCompose(moved -> {
                        server = moved;
                        return call(name, path, request, maxReply, parser, attempt, true);
                    });
                }
                return CompletableFuture.<T>failedFuture(AfsErrors.of(abort, name, path));
            }
            return CompletableFuture.<T>failedFuture(cause instanceof IOException io ? io
                    : new IOException(name + " of " + path + " failed: " + cause, cause));
        }).thenCompose(Function.identity());
    }

    static <T> T await(CompletableFuture<T> future) throws IOException {
        return Futures.awaitInterruptibly(future, "the afs server");
    }
}
