package io.fscache.nfs.rpc;

import io.fscache.netfs.ConnectFailures;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** Opens {@link RpcConnection}s: TCP connect on a shared event-loop group, asynchronously. */
public final class RpcClient {

    private RpcClient() {
    }

    /**
     * Connects to {@code host:port}. The host name is resolved on the calling thread. Fails with an
     * {@link IOException} naming {@link RpcSettings#peer()} and the reason.
     */
    public static CompletableFuture<RpcConnection> connect(EventLoopGroup group, String host, int port, RpcSettings settings) {
        CompletableFuture<RpcConnection> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // READ replies are up to rsize (1 MiB): let one socket read take up to that much.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 64 << 10, 1 << 20))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new FlushConsolidationHandler(256, true),
                                new RecordDecoder(settings.maxRecord()), new RpcConnection(channel, settings));
                    }
                });
        ChannelFuture connecting;
        try {
            connecting = bootstrap.connect(new InetSocketAddress(host, port));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IOException("cannot connect to " + settings.peer() + ": " + e.getMessage(), e));
        }
        connecting.addListener(done -> {
            if (done.isSuccess()) {
                result.complete(connecting.channel().pipeline().get(RpcConnection.class));
            } else {
                result.completeExceptionally(new IOException("cannot connect to " + settings.peer() + ": "
                        + ConnectFailures.reason(done.cause()), done.cause()));
            }
        });
        return result;
    }
}
