package io.fscache.smb.smbj;

import com.hierynomus.protocol.transport.PacketHandlers;
import com.hierynomus.protocol.transport.PacketReceiver;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.protocol.transport.TransportLayer;
import com.hierynomus.smb.SMBPacket;
import com.hierynomus.smb.SMBPacketData;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.transport.TransportLayerFactory;
import com.hierynomus.smbj.transport.tcp.direct.DirectTcpTransportFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns smbj's response {@link Future}s into {@link CompletableFuture}s without a waiting thread per
 * request.
 *
 * <p>smbj 0.14 sends requests asynchronously but its futures offer no callback. This transport
 * factory wraps smbj's own TCP transport so that every packet (and every connection error) smbj's
 * reader thread hands to the connection also schedules a sweep over the requests still pending; the
 * sweep completes those whose future is done. Sweeps run on {@code completer}, never on the reader
 * thread: a continuation there that sends the next request could wait for credits that only the
 * reader thread can deliver. It also keeps each connection's {@link SmbCredits} and tells it when
 * packets (and so credits) arrive.
 */
public final class AsyncResponses implements TransportLayerFactory<SMBPacketData<?>, SMBPacket<?, ?>> {

    private final TransportLayerFactory<SMBPacketData<?>, SMBPacket<?, ?>> tcp = new DirectTcpTransportFactory<>();
    private final Executor completer;
    private final Set<Pending<?>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweepScheduled = new AtomicBoolean();
    /** The credits of each live connection, by smbj's connection (the receiver its transport feeds). */
    private final Map<PacketReceiver<?>, SmbCredits> credits = Collections.synchronizedMap(new WeakHashMap<>());
    /** The connections smbj's reader found broken (smbj itself still calls them connected). */
    private final Set<PacketReceiver<?>> lost = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    public AsyncResponses(Executor completer) {
        this.completer = completer;
    }

    @Override
    public TransportLayer<SMBPacket<?, ?>> createTransportLayer(
            PacketHandlers<SMBPacketData<?>, SMBPacket<?, ?>> handlers, SmbConfig config) {
        PacketReceiver<SMBPacketData<?>> connection = handlers.getReceiver();
        PacketReceiver<SMBPacketData<?>> notifying = new PacketReceiver<>() {
            private SmbCredits gate;

            @Override
            public void handle(SMBPacketData<?> packet) throws TransportException {
                try {
                    connection.handle(packet);
                } finally {
                    responseArrived();
                    if (gate == null) {
                        gate = AsyncResponses.this.credits.get(connection);
                    }
                    if (gate != null) {
                        gate.packetArrived();
                    }
                }
            }

            @Override
            public void handleError(Throwable failure) {
                connectionLost(connection, failure);
                connection.handleError(failure);
            }
        };
        return tcp.createTransportLayer(
                new PacketHandlers<>(handlers.getSerializer(), notifying, handlers.getPacketFactory()), config);
    }

    /**
     * Whether smbj's reader found {@code connection} broken: smbj still reports it connected, and a
     * share or session closed over it waits out the whole timeout for an answer.
     */
    public boolean isLost(Connection connection) {
        return lost.contains(connection);
    }

    /** The credits of {@code connection}, one gate per connection whichever session asks. */
    public SmbCredits credits(Connection connection) {
        return credits.computeIfAbsent(connection, c -> new SmbCredits(connection, completer));
    }

    /**
     * A stage completed with smbj's response to a request sent on {@code connection}, or exceptionally
     * with its failure, the connection's loss, or a {@link TimeoutException} after {@code timeout} (the
     * request is then cancelled).
     */
    public <T> CompletableFuture<T> track(Future<T> response, Connection connection, Duration timeout) {
        Pending<T> request = new Pending<>(response, new CompletableFuture<>(), connection);
        pending.add(request);
        request.result.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((value, failure) -> {
            pending.remove(request);
            if (failure instanceof TimeoutException) {
                response.cancel(true);
            }
        });
        // The response may have arrived before the request was registered.
        responseArrived();
        return request.result;
    }

    private void responseArrived() {
        if (!pending.isEmpty() && sweepScheduled.compareAndSet(false, true)) {
            try {
                completer.execute(this::sweep);
            } catch (RejectedExecutionException e) {
                sweepScheduled.set(false);
                pending.forEach(Pending::completeNow);
            }
        }
    }

    /**
     * Fails the requests of a connection that smbj's reader found broken, before smbj handles it:
     * smbj then logs off its sessions over the dead connection and only fails its own futures once
     * that has timed out. (smbj's {@link Connection} is the receiver its transport delivers to.)
     */
    private void connectionLost(PacketReceiver<?> connection, Throwable failure) {
        lost.add(connection);
        SmbCredits gate = credits.remove(connection);
        if (gate != null) {
            gate.fail(new TransportException("connection lost (" + failure.getClass().getSimpleName() + ": "
                    + failure.getMessage() + ")", failure));
        }
        List<Pending<?>> lost = pending.stream().filter(request -> request.connection() == connection).toList();
        if (lost.isEmpty()) {
            return;
        }
        Runnable fail = () -> {
            for (Pending<?> request : lost) {
                if (pending.remove(request)) {
                    request.result().completeExceptionally(new TransportException(
                            "connection lost (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")",
                            failure));
                }
            }
        };
        try {
            completer.execute(fail);
        } catch (RejectedExecutionException e) {
            fail.run();
        }
    }

    private void sweep() {
        sweepScheduled.set(false);
        for (Pending<?> request : pending) {
            if (request.response.isDone() && pending.remove(request)) {
                request.completeNow();
            }
        }
    }

    private record Pending<T>(Future<T> response, CompletableFuture<T> result, PacketReceiver<?> connection) {

        void completeNow() {
            try {
                result.complete(response.isDone() ? response.get()
                        : failWith(new TransportException("the SMB client was closed")));
            } catch (ExecutionException e) {
                result.completeExceptionally(e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        private T failWith(TransportException failure) throws ExecutionException {
            throw new ExecutionException(failure);
        }
    }
}
