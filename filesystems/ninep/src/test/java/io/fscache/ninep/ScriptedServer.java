package io.fscache.ninep;

import io.fscache.ninep.wire.Bytes;
import io.fscache.ninep.wire.NinePFrameDecoder;
import io.fscache.ninep.wire.RFrame;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A test-only 9P "server" on loopback that answers the handshake, walks, opens and clunks
 * correctly and hands every other request to a script, which may answer wrongly, partly or never.
 * Walks go to the script too if it asks for them.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the script sees: one request; {@code newFid} is a walk's, -1 for other requests. */
    record Request(int type, int tag, int flushedTag, long newFid) {
    }

    @FunctionalInterface
    interface Script {
        void answer(ChannelHandlerContext ctx, Request request);
    }

    final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    /** The fids the client clunked, in order. */
    final BlockingQueue<Long> clunked = new LinkedBlockingQueue<>();
    private final boolean scriptWalks;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    ScriptedServer(Script script) throws InterruptedException {
        this(script, false);
    }

    ScriptedServer(Script script, boolean scriptWalks) throws InterruptedException {
        this.scriptWalks = scriptWalks;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new NinePFrameDecoder(1 << 20), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                RFrame frame = (RFrame) msg;
                                try {
                                    serve(ctx, frame, script);
                                } finally {
                                    frame.release();
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                closed.countDown();
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    URI uri() {
        return URI.create("x-9p://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/srv");
    }

    private void serve(ChannelHandlerContext ctx, RFrame frame, Script script) {
        int tag = frame.tag();
        switch (frame.type()) {
            case 100 -> send(ctx, Bytes.of().u32(65536).str("9P2000.L").frame(101, tag));
            case 104 -> send(ctx, Bytes.of().qid(0x80, 0, 1).frame(105, tag));
            case 110 -> {
                if (scriptWalks) {
                    Request request = new Request(110, tag, -1, frame.body().getUnsignedIntLE(frame.body().readerIndex() + 4));
                    received.add(request);
                    script.answer(ctx, request);
                    return;
                }
                frame.body().skipBytes(8);
                int names = frame.body().readUnsignedShortLE();
                Bytes reply = Bytes.of().u16(names);
                for (int i = 0; i < names; i++) {
                    reply.qid(0, 0, 100 + i);
                }
                send(ctx, reply.frame(111, tag));
            }
            case 12 -> send(ctx, Bytes.of().qid(0, 0, 100).u32(0).frame(13, tag));
            case 120 -> {
                clunked.add(frame.body().readUnsignedIntLE());
                send(ctx, Bytes.of().frame(121, tag));
            }
            default -> {
                int flushed = frame.type() == 108 ? frame.body().readUnsignedShortLE() : -1;
                Request request = new Request(frame.type(), tag, flushed, -1);
                received.add(request);
                script.answer(ctx, request);
            }
        }
    }

    static void send(ChannelHandlerContext ctx, byte[] bytes) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    /** An {@code Rwalk} of one name. */
    static byte[] walkedOne(int tag) {
        return Bytes.of().u16(1).qid(0, 0, 100).frame(111, tag);
    }

    /** A complete {@code Rgetattr} for a 10-byte regular file. */
    static byte[] getattr(int tag) {
        return Bytes.of().u64(0x7FF).qid(0, 0, 100).u32(0100644).u32(0).u32(0).u64(1).u64(0).u64(10).u64(4096)
                .u64(8).u64(1).u64(0).u64(1).u64(0).u64(1).u64(0).u64(0).u64(0).u64(0).u64(0).frame(25, tag);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
