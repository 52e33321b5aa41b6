package io.fscache.ninep;

import io.fscache.api.Futures;
import io.fscache.netfs.ConnectFailures;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.ninep.wire.NinePEncoder;
import io.fscache.ninep.wire.NinePFrameDecoder;
import io.fscache.ninep.wire.NinePProtocolException;
import io.fscache.ninep.wire.Replies;
import io.fscache.ninep.wire.TMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystemException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens connections: TCP connect, {@code Tversion} (msize negotiation) and {@code Tattach}, all
 * asynchronous so that a session may reconnect from any thread, an event loop's included.
 */
final class Connector {

    static final String VERSION = "9P2000.L";

    private final EventLoopGroup group;
    private final NinePOptions options;
    private final ProtocolCounters counters;

    Connector(EventLoopGroup group, NinePOptions options, ProtocolCounters counters) {
        this.group = group;
        this.options = options;
        this.counters = counters;
    }

    /** A connection attached to the export, its root on {@link Attached#rootFid()}. */
    record Attached(Connection connection, int rootFid) {
    }

    CompletableFuture<Attached> connect() {
        CompletableFuture<Attached> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // Pipelined Rread frames (each up to msize) arrive together: let one socket read take up to 1 MiB.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 64 << 10, 1 << 20))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        NinePFrameDecoder decoder = new NinePFrameDecoder(options.msize());
                        channel.pipeline().addLast(new FlushConsolidationHandler(256, true), decoder,
                                new NinePEncoder(), new Connection(channel, options.server(), decoder, counters,
                                        options.msize(), options.pipeline(), options.timeout().toNanos()));
                    }
                });
        ChannelFuture connecting = bootstrap.connect(new InetSocketAddress(options.host(), options.port()));
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(new IOException("cannot connect to 9p server " + options.server()
                        + ": " + ConnectFailures.reason(done.cause()), done.cause()));
                return;
            }
            Connection connection = connecting.channel().pipeline().get(Connection.class);
            handshake(connection).whenComplete((attached, failure) -> {
                if (failure != null) {
                    connection.close();
                    result.completeExceptionally(Futures.unwrap(failure));
                } else {
                    result.complete(attached);
                }
            });
        });
        return result;
    }

    private CompletableFuture<Attached> handshake(Connection connection) {
        return connection.call(TMessage.version(options.msize(), VERSION), Replies::version, options.aname())
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(unanswered(Futures.unwrap(failure))))
                .thenCompose(version -> {
                    if (!VERSION.equals(version.version())) {
                        throw new CompletionException(new IOException("9p server "
                                + options.server() + " speaks " + version.version() + ", not " + VERSION));
                    }
                    if (version.msize() > options.msize() || version.msize() < NinePOptions.MIN_MSIZE) {
                        throw new CompletionException(new NinePProtocolException(
                                "9p server " + options.server() + " answered msize " + version.msize()
                                        + " to a proposal of " + options.msize()));
                    }
                    connection.negotiated(version.msize());
                    int root = connection.fids().take();
                    return connection.call(TMessage.attach(root, options.uname(), options.aname(), options.nUname()),
                            Replies::qid, options.aname()).handle((qid, failure) -> {
                                if (failure != null) {
                                    throw new CompletionException(refusedAttach(Futures.unwrap(failure)));
                                }
                                return new Attached(connection, root);
                            });
                });
    }

    /**
     * A connection lost, or a reply that is not 9P, before the server answered {@code Tversion}: most
     * likely another server's port, which the message says (it said only "connection reset").
     */
    private Throwable unanswered(Throwable failure) {
        if (failure instanceof NinePProtocolException) {
            // Another service's greeting read as a frame: "frame size 759714643" is SSH's banner.
            return new NinePProtocolException(failure.getMessage() + " (is this a 9P server's port?)");
        }
        if (!(failure instanceof IOException) || failure instanceof FileSystemException) {
            return failure;
        }
        return new IOException(failure.getMessage() + " (is this a 9P server's port?)", failure);
    }

    /**
     * An {@code Rlerror} to {@code Tattach} names the export and the user it was for, and both causes
     * diod gives the same "operation not permitted" for: an export it does not have, and a user it
     * cannot look up.
     */
    private Throwable refusedAttach(Throwable failure) {
        if (!(failure instanceof FileSystemException refused)) {
            return failure;
        }
        String reason = refused.getReason() != null ? refused.getReason() : String.valueOf(refused.getMessage());
        String user = "user " + options.uname() + (options.nUname() == TMessage.NONUNAME ? "" : " (n_uname " + options.nUname() + ")");
        return new IOException("9p server " + options.server() + " refused to attach " + options.aname() + " as " + user
                + ": " + reason + "; is " + options.aname() + " exported (as the server spells it)?"
                + (options.nUname() == TMessage.NONUNAME ? " A server that cannot look the user up needs -o n_uname=<uid>." : ""),
                failure);
    }
}
