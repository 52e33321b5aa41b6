package io.fscache.afs.rx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Fuzz tests of what a peer sends an Rx endpoint. A hostile or broken peer gets its packet dropped,
 * or the one call it addressed failed with an {@link java.io.IOException}: the endpoint never
 * throws, a reply is never longer than its call allows, and every buffer is released (the module's
 * tests run with Netty's paranoid leak detection).
 */
class PacketFuzzTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.1.0.1", 7000);
    private static final int MAX_REPLY = 4096;

    /** Any datagram is a packet or refused; any ACK body is an ACK or refused. */
    @FuzzTest(maxExecutions = 500_000)
    void anyDatagramIsAPacketOrRefused(FuzzedDataProvider data) {
        ByteBuf datagram = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
        try {
            RxPacket packet = RxPacket.read(SERVER, datagram);
            try {
                RxAck.read(packet.body, "fuzz");
            } catch (RxProtocolException refused) {
                // a body that is no ACK
            } finally {
                packet.release();
            }
        } catch (RxProtocolException refused) {
            // shorter than a header
        } finally {
            datagram.release();
        }
    }

    /** Packets addressed to a call in flight, of any type, sequence, flags and body, leave the endpoint whole. */
    @FuzzTest(maxExecutions = 200_000)
    void packetsToACallInFlightFailOrCompleteItWithinItsBounds(FuzzedDataProvider data) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        RxEndpoint endpoint = new RxEndpoint(channel, (peer, service, request, alloc) -> {
            throw new RxAbortException("no service", -455);
        });
        channel.pipeline().addLast(endpoint);
        try {
            CompletableFuture<ByteBuf> call = endpoint.call(SERVER, 1, "Fuzz", Unpooled.wrappedBuffer(new byte[] {0, 0, 0, (byte) 132}),
                    MAX_REPLY, Duration.ofSeconds(30));
            channel.runPendingTasks();
            DatagramPacket first = channel.readOutbound();
            ByteBuf header = first.content();
            int epoch = header.getInt(0);
            int cid = header.getInt(4);
            int callNumber = header.getInt(8);
            first.release();
            while (data.remainingBytes() > 0) {
                boolean ours = data.consumeBoolean();
                ByteBuf packet = Unpooled.buffer().writeInt(ours ? epoch : data.consumeInt()).writeInt(ours ? cid : data.consumeInt())
                        .writeInt(ours ? callNumber : data.consumeInt()).writeInt(data.consumeInt(0, 80)).writeInt(data.consumeInt())
                        .writeByte(data.consumeInt(0, 14)).writeByte(data.consumeInt(0, 255) & ~RxPacket.CLIENT_INITIATED | (ours ? 0 : data.consumeInt(0, 1)))
                        .writeByte(0).writeByte(0).writeShort(0).writeShort(1)
                        .writeBytes(data.consumeBytes(data.consumeInt(0, 2048)));
                channel.writeInbound(new DatagramPacket(packet, null, SERVER));
                channel.runPendingTasks();
                if (data.consumeBoolean()) {
                    channel.advanceTimeBy(data.consumeInt(0, 2000), java.util.concurrent.TimeUnit.MILLISECONDS);
                    channel.runScheduledPendingTasks();
                }
            }
            if (call.isDone() && !call.isCompletedExceptionally()) {
                ByteBuf reply = call.join();
                try {
                    assertTrue(reply.readableBytes() <= MAX_REPLY, "a reply beyond its call's bound");
                } finally {
                    reply.release();
                }
            }
            endpoint.close();
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
