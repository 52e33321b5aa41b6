package io.fscache.afs.rx;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Rx endpoint on one UDP socket: the calls we make to any peer ({@link #call}) and the calls
 * peers make to us, served by an {@link RxService} (a fileserver calls an AFS client back on the
 * socket the client called from). rxnull security only.
 *
 * <p>Calls go on connections of four channels each, up to {@value #CONNECTIONS_PER_PEER}
 * connections per peer and service; calls beyond wait in order. All state is confined to the
 * socket's event loop: {@link #call} may be called from any thread, and its future completes on
 * the event loop. A malformed packet is dropped and counted ({@link #dropped()}); a packet that
 * breaks a call's protocol fails and aborts that call only.
 */
public final class RxEndpoint extends SimpleChannelInboundHandler<DatagramPacket> {

    /** The largest packet we take, header included (OpenAFS's {@code RX_MAX_PACKET_SIZE}), advertised in every ACK. */
    public static final int RECEIVE_MTU = 16384;
    /** The receive window we advertise and keep, in packets. */
    public static final int RECEIVE_WINDOW = 64;
    public static final int CONNECTIONS_PER_PEER = 8;
    public static final int RX_CALL_DEAD = -1;
    public static final int RX_CALL_TIMEOUT = -3;
    public static final int RX_PROTOCOL_ERROR = -5;
    private static final int MAX_SERVER_CALLS = 256;
    /** Peers and served connections remembered at most: a peer that makes up addresses or connections cannot grow them. */
    private static final int MAX_REMEMBERED = 4096;
    private static final byte[] VERSION = "fscache-afs rx".getBytes(StandardCharsets.US_ASCII);

    private record ServerKey(InetSocketAddress peer, int epoch, int cid) {
    }

    private final Channel channel;
    private final EventLoop loop;
    private final RxService service;
    private final int epoch;
    private final AtomicLong dropped = new AtomicLong();

    // Event-loop state.
    private final RxConnections connections = new RxConnections();
    private final Map<InetSocketAddress, RxPeer> peers = new HashMap<>();
    private final Map<ServerKey, RxServerCall> serverCalls = new HashMap<>();
    private final Map<ServerKey, Integer> serverCallNumbers = new HashMap<>();
    private int serial;
    private boolean closed;

    /** An endpoint on {@code channel} (its handler once added to the pipeline); {@link #bind} makes both. */
    RxEndpoint(Channel channel, RxService service) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.service = service;
        // The epoch is the start time in seconds, as OpenAFS's; bit 31 clear: connections are matched by address too.
        this.epoch = (int) (System.currentTimeMillis() / 1000) & 0x7FFFFFFF;
    }

    /**
     * Opens a UDP socket on {@code local} (port 0: any free port) serving {@code service}.
     *
     * @throws IOException (through the future) if the socket cannot be bound
     */
    public static CompletableFuture<RxEndpoint> bind(EventLoopGroup group, InetSocketAddress local, RxService service) {
        CompletableFuture<RxEndpoint> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_MTU))
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 1 << 20)
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new RxEndpoint(ch, service));
                    }
                });
        bootstrap.bind(local).addListener(done -> {
            if (done.isSuccess()) {
                result.complete(((io.netty.channel.ChannelFuture) done).channel().pipeline().get(RxEndpoint.class));
            } else {
                result.completeExceptionally(new IOException("cannot open a UDP socket on " + local + ": "
                        + done.cause().getMessage(), done.cause()));
            }
        });
        return result;
    }

    /** The local address the socket is bound to. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Packets dropped as malformed or for no call, since the endpoint opened. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Makes a call. The request (opcode first) is owned by the endpoint from here on; the reply is
     * the caller's to release.
     *
     * @param name the RPC's name, for errors ({@code "FetchData64"})
     * @param maxReply the most reply bytes accepted; a longer reply fails the call with {@link RxProtocolException}
     * @return the reply; fails with {@link RxAbortException} (the peer aborted),
     *         {@link java.net.SocketTimeoutException} (no complete reply in {@code timeout}),
     *         {@link RxProtocolException}, or an {@link IOException} once the endpoint is closed
     */
    public CompletableFuture<ByteBuf> call(InetSocketAddress peer, int serviceId, String name, ByteBuf request, long maxReply,
            Duration timeout) {
        CompletableFuture<ByteBuf> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                RxPeer known = peer(peer);
                RxClientCall call = new RxClientCall(this, known, name, split(request, known.payload), maxReply, timeout.toNanos());
                call.future.whenComplete((reply, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else if (!result.complete(reply)) {
                        reply.release();
                    }
                });
                result.whenComplete((reply, failure) -> {
                    if (result.isCancelled()) {
                        loop.execute(() -> call.fail(new IOException(name + " cancelled")));
                    }
                });
                if (closed) {
                    call.abandon(new IOException("the Rx endpoint is closed"));
                } else {
                    connections.start(call, peer, serviceId);
                }
            });
        } catch (RejectedExecutionException e) {
            request.release();
            result.completeExceptionally(new IOException("the afs client is shut down"));
        }
        return result;
    }

    /** A call on {@code connection} ended: a waiting call may take its channel. */
    void finished(RxConnection connection) {
        connections.finished(connection);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
        RxPacket packet;
        try {
            packet = RxPacket.read(datagram.sender(), datagram.content());
        } catch (RxProtocolException e) {
            dropped.incrementAndGet();
            return;
        }
        try {
            if (packet.securityIndex != 0 && packet.type != RxPacket.CHALLENGE) {
                dropped.incrementAndGet();
            } else if (packet.type == RxPacket.VERSION) {
                version(packet);
            } else if (packet.has(RxPacket.CLIENT_INITIATED)) {
                serverPacket(packet);
            } else {
                clientPacket(packet);
            }
        } finally {
            packet.release();
        }
    }

    private void clientPacket(RxPacket packet) {
        RxConnection connection = packet.epoch == epoch ? connections.get(packet.connectionId()) : null;
        if (connection == null || !connection.peer.equals(packet.peer)) {
            dropped.incrementAndGet();
            return;
        }
        RxClientCall call = connection.call(packet.channel());
        if (call != null && call.started() && packet.callNumber == connection.callNumber(packet.channel())) {
            if (packet.type == RxPacket.CHALLENGE) {
                call.fail(new IOException("the server " + packet.peer + " demands authentication (rxkad): this client "
                        + "speaks only rxnull, for cells that let anonymous users in"));
                return;
            }
            call.receive(packet);
            return;
        }
        RxCallId id = new RxCallId(packet.peer, epoch, packet.cid, packet.callNumber, packet.serviceId, true);
        if (packet.type == RxPacket.DATA && packet.callNumber == connection.callNumber(packet.channel())) {
            send(id, 0, RxPacket.ACKALL, 0, null); // our final ACK of a finished call was lost
        } else if (packet.type == RxPacket.ACK && isPing(packet)) {
            sendAck(id, pingResponse(packet.serial));
        } else {
            dropped.incrementAndGet();
        }
    }

    private void serverPacket(RxPacket packet) {
        ServerKey key = new ServerKey(packet.peer, packet.epoch, packet.cid);
        RxServerCall call = serverCalls.get(key);
        int last = serverCallNumbers.getOrDefault(key, 0);
        if (call != null && call.id.callNumber() == packet.callNumber) {
            call.receive(packet);
            return;
        }
        RxCallId id = new RxCallId(packet.peer, packet.epoch, packet.cid, packet.callNumber, packet.serviceId, false);
        if (packet.type == RxPacket.DATA && Integer.compareUnsigned(packet.callNumber, last) > 0) {
            if (call != null) {
                call.end(); // a new call on the channel ACKs the last one's reply
            }
            if (serverCalls.size() >= MAX_SERVER_CALLS) {
                send(id, 0, RxPacket.BUSY, 0, null);
                return;
            }
            if (serverCallNumbers.size() >= MAX_REMEMBERED) {
                serverCallNumbers.clear(); // peers that call from ever new connections cannot grow it: an old call's packet may be served twice
            }
            serverCallNumbers.put(key, packet.callNumber);
            RxServerCall next = new RxServerCall(this, peer(packet.peer), id);
            serverCalls.put(key, next);
            next.receive(packet);
        } else if (packet.type == RxPacket.ACK && isPing(packet)) {
            sendAck(id, pingResponse(packet.serial));
        } else {
            dropped.incrementAndGet();
        }
    }

    /** What we know of {@code address}; forgotten, all of it, when too many addresses called us. */
    private RxPeer peer(InetSocketAddress address) {
        if (peers.size() >= MAX_REMEMBERED && !peers.containsKey(address)) {
            peers.clear();
        }
        return peers.computeIfAbsent(address, p -> new RxPeer());
    }

    private static boolean isPing(RxPacket packet) {
        return packet.body.readableBytes() > 16 && packet.body.getUnsignedByte(packet.body.readerIndex() + 16) == RxAck.PING;
    }

    private static RxAck pingResponse(int serial) {
        return new RxAck(RECEIVE_WINDOW, 0, 1, 0, serial, RxAck.PING_RESPONSE, new byte[0], RECEIVE_MTU, RECEIVE_MTU,
                RECEIVE_WINDOW, 1);
    }

    private void version(RxPacket packet) {
        if (packet.has(RxPacket.CLIENT_INITIATED)) {
            RxCallId id = new RxCallId(packet.peer, packet.epoch, packet.cid, packet.callNumber, packet.serviceId, false);
            ByteBuf body = channel.alloc().buffer(65);
            body.writeBytes(VERSION).writeZero(65 - VERSION.length);
            try {
                send(id, 0, RxPacket.VERSION, 0, body);
            } finally {
                body.release();
            }
        }
    }

    /** Serves a complete request with the service. */
    ByteBuf serve(RxCallId id, ByteBuf request) throws RxAbortException {
        return service.serve(id.peer(), id.serviceId(), request, channel.alloc());
    }

    void ended(RxServerCall call) {
        serverCalls.remove(new ServerKey(call.id.peer(), call.id.epoch(), call.id.cid()), call);
    }

    /** Sends one packet of a call (the body is not consumed); returns its serial. */
    int send(RxCallId id, int seq, int type, int flags, ByteBuf body) {
        int packetSerial = ++serial;
        ByteBuf out = channel.alloc().directBuffer(RxPacket.HEADER_SIZE + (body == null ? 0 : body.readableBytes()));
        out.writeInt(id.epoch()).writeInt(id.cid()).writeInt(id.callNumber()).writeInt(seq).writeInt(packetSerial);
        out.writeByte(type).writeByte(id.flags(flags)).writeByte(0).writeByte(0).writeShort(0).writeShort(id.serviceId());
        if (body != null) {
            out.writeBytes(body, body.readerIndex(), body.readableBytes());
        }
        channel.writeAndFlush(new DatagramPacket(out, id.peer()));
        return packetSerial;
    }

    void sendAck(RxCallId id, RxAck ack) {
        ByteBuf body = channel.alloc().buffer(18 + ack.acks().length + 19);
        try {
            ack.write(body);
            send(id, 0, RxPacket.ACK, RxPacket.SLOW_START_OK, body);
        } finally {
            body.release();
        }
    }

    void abort(RxCallId id, int code) {
        ByteBuf body = channel.alloc().buffer(4).writeInt(code);
        try {
            send(id, 0, RxPacket.ABORT, 0, body);
        } finally {
            body.release();
        }
    }

    /** Cuts {@code data} into packet payloads of at most {@code payload} bytes (at least one, maybe empty); consumes it. */
    static List<ByteBuf> split(ByteBuf data, int payload) {
        List<ByteBuf> parts = new ArrayList<>();
        do {
            parts.add(data.readRetainedSlice(Math.min(payload, data.readableBytes())));
        } while (data.isReadable());
        data.release();
        return parts;
    }

    int epoch() {
        return epoch;
    }

    EventLoop loop() {
        return loop;
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /** Fails every call and closes the socket; waits for the socket to close unless called on its event loop. */
    public void close() {
        if (loop.inEventLoop()) {
            failAll();
            channel.close();
            return;
        }
        try {
            loop.submit(this::failAll).awaitUninterruptibly();
        } catch (RejectedExecutionException e) {
            // the event loop is gone, and with it every call
        }
        channel.close().awaitUninterruptibly();
    }

    private void failAll() {
        closed = true;
        connections.failAll(new IOException("the Rx endpoint is closed"));
        for (RxServerCall call : List.copyOf(serverCalls.values())) {
            call.end();
        }
    }
}
