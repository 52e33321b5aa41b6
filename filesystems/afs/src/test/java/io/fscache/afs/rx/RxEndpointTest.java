package io.fscache.afs.rx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Rx endpoint on an {@link EmbeddedChannel}, playing the server by hand: what goes on the wire
 * for a call, how replies are put together, ACKed and bounded, pings, aborts, retransmission,
 * timeouts, and calls served to a peer. Time is Netty's embedded clock, never the wall's.
 */
class RxEndpointTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.1.0.1", 7000);
    private static final int SERVICE = 1;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final RxEndpoint endpoint = new RxEndpoint(channel, (peer, serviceId, request, alloc) -> {
        int opcode = request.readInt();
        if (opcode != 206) {
            throw new RxAbortException("opcode " + opcode, -455);
        }
        return alloc.buffer(4).writeInt(42);
    });

    RxEndpointTest() {
        channel.freezeTime();
        channel.pipeline().addLast(endpoint);
    }

    /** Calls a test leaves in flight fail and give back what they hold. */
    @AfterEach
    void finish() {
        endpoint.close();
        channel.finishAndReleaseAll();
    }

    @Test
    void aCallIsOneDataPacketAndItsReplyCompletesIt() throws Exception {
        CompletableFuture<ByteBuf> call = call(bytes(132, 1, 1, 1), 1024);
        RxPacket request = sent();
        assertEquals(RxPacket.DATA, request.type);
        assertEquals(1, request.seq);
        assertEquals(RxPacket.CLIENT_INITIATED | RxPacket.LAST_PACKET, request.flags & ~RxPacket.REQUEST_ACK);
        assertEquals(SERVICE, request.serviceId);
        assertEquals(0, request.cid & RxPacket.CHANNEL_MASK);
        assertEquals(1, request.callNumber);
        assertEquals(0, request.epoch & 0x80000000);
        assertArrayEquals(bytes(132, 1, 1, 1), ByteBufUtil.getBytes(request.body));
        reply(request, 1, RxPacket.LAST_PACKET, bytes(7, 8));
        ByteBuf reply = call.get();
        try {
            assertArrayEquals(bytes(7, 8), ByteBufUtil.getBytes(reply));
        } finally {
            reply.release();
        }
        RxPacket ackAll = sent();
        assertEquals(RxPacket.ACKALL, ackAll.type);
        ackAll.release();
        request.release();
    }

    @Test
    void aPingIsAnsweredWithAPingResponseTheFileserverAccepts() throws Exception {
        CompletableFuture<ByteBuf> call = call(bytes(153), 1024);
        RxPacket request = sent();
        inbound(request, RxPacket.ACK, 0, RxPacket.REQUEST_ACK, 99, ack(RxAck.PING, 1, 0));
        RxPacket pong = sent();
        assertEquals(RxPacket.ACK, pong.type);
        assertTrue(pong.has(RxPacket.CLIENT_INITIATED), "the response carries CLIENT_INITIATED");
        RxAck ack = RxAck.read(pong.body, "test");
        assertEquals(RxAck.PING_RESPONSE, ack.reason());
        assertEquals(99, ack.serial());
        assertTrue(ack.firstPacket() >= 1);
        assertTrue(ack.rwind() >= 32, "advertised window " + ack.rwind());
        assertFalse(call.isDone());
        pong.release();
        request.release();
    }

    @Test
    void aReplyOutOfOrderIsPutBackInOrderAndNackedUntilItIsWhole() throws Exception {
        CompletableFuture<ByteBuf> call = call(bytes(130), 1024);
        RxPacket request = sent();
        reply(request, 2, 0, bytes(2));
        RxPacket nack = sent();
        RxAck ack = RxAck.read(nack.body, "test");
        assertEquals(RxAck.OUT_OF_SEQUENCE, ack.reason());
        assertEquals(1, ack.firstPacket());
        assertArrayEquals(new byte[] {0, 1}, ack.acks());
        reply(request, 3, RxPacket.LAST_PACKET, bytes(3));
        RxPacket second = sent();
        assertEquals(RxAck.OUT_OF_SEQUENCE, RxAck.read(second.body, "test").reason());
        assertFalse(call.isDone());
        reply(request, 1, 0, bytes(1));
        ByteBuf reply = call.get();
        try {
            assertArrayEquals(bytes(1, 2, 3), ByteBufUtil.getBytes(reply));
        } finally {
            reply.release();
        }
        nack.release();
        second.release();
        request.release();
    }

    // A fileserver that lost a reply's last packets gets nothing that prompts an ACK, and OpenAFS
    // retransmits after three NACKs: at 1 % loss, one FetchData64 in ten waited for its timeout.
    @Test
    void aMissingPacketIsNackedAgainEveryFewMillisecondsUntilItArrives() throws Exception {
        CompletableFuture<ByteBuf> call = call(bytes(130), 1024);
        RxPacket request = sent();
        reply(request, 2, RxPacket.LAST_PACKET, bytes(2));
        sent().release();
        for (int round = 0; round < 2; round++) {
            channel.advanceTimeBy(5, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            RxPacket again = sent();
            RxAck ack = RxAck.read(again.body, "test");
            assertEquals(RxAck.DELAY, ack.reason());
            assertEquals(1, ack.firstPacket());
            assertArrayEquals(new byte[] {0, 1}, ack.acks(), "packet 1 NACKed, packet 2 soft-ACKed");
            again.release();
        }
        reply(request, 1, 0, bytes(1));
        call.get().release();
        drain();
        channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertNull(channel.readOutbound(), "nothing is ACKed once the reply is whole");
        request.release();
    }

    @Test
    void everySecondPacketIsAckedAndTheRestAfterADelay() throws Exception {
        call(bytes(130), 1 << 20);
        RxPacket request = sent();
        reply(request, 1, 0, bytes(1));
        assertNull(channel.readOutbound());
        reply(request, 2, 0, bytes(2));
        RxPacket ack = sent();
        assertEquals(3, RxAck.read(ack.body, "test").firstPacket());
        reply(request, 3, 0, bytes(3));
        assertNull(channel.readOutbound());
        channel.advanceTimeBy(50, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        RxPacket delayed = sent();
        RxAck late = RxAck.read(delayed.body, "test");
        assertEquals(RxAck.DELAY, late.reason());
        assertEquals(4, late.firstPacket());
        ack.release();
        delayed.release();
        request.release();
    }

    @Test
    void aReplyLongerThanTheCallAllowsFailsTheCallAndAbortsIt() {
        CompletableFuture<ByteBuf> call = call(bytes(130), 8);
        RxPacket request = sent();
        reply(request, 1, RxPacket.LAST_PACKET, new byte[9]);
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, call::get);
        assertInstanceOf(RxProtocolException.class, failure.getCause());
        RxPacket abort = sent();
        assertEquals(RxPacket.ABORT, abort.type);
        assertEquals(RxEndpoint.RX_PROTOCOL_ERROR, abort.body.getInt(0));
        abort.release();
        request.release();
    }

    @Test
    void packetsBeyondTheReceiveWindowAreDroppedNotHeld() throws Exception {
        CompletableFuture<ByteBuf> call = call(bytes(130), 1 << 20);
        RxPacket request = sent();
        reply(request, 1 + RxEndpoint.RECEIVE_WINDOW, 0, bytes(9));
        RxPacket refused = sent();
        assertEquals(RxAck.EXCEEDS_WINDOW, RxAck.read(refused.body, "test").reason());
        reply(request, 1, RxPacket.LAST_PACKET, bytes(1));
        ByteBuf reply = call.get();
        try {
            assertArrayEquals(bytes(1), ByteBufUtil.getBytes(reply));
        } finally {
            reply.release();
        }
        refused.release();
        request.release();
    }

    @Test
    void anAbortFailsTheCallWithItsCode() {
        CompletableFuture<ByteBuf> call = call(bytes(130), 1024);
        RxPacket request = sent();
        inbound(request, RxPacket.ABORT, 0, 0, 5, Unpooled.buffer().writeInt(49733388));
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, call::get);
        assertEquals(49733388, assertInstanceOf(RxAbortException.class, failure.getCause()).code());
        request.release();
    }

    @Test
    void aRequestNobodyAcksIsSentAgainWithANewSerialAndTheCallTimesOut() {
        CompletableFuture<ByteBuf> call = endpoint.call(SERVER, SERVICE, "Test", Unpooled.wrappedBuffer(bytes(130)), 1024,
                Duration.ofSeconds(5));
        channel.runPendingTasks();
        RxPacket first = sent();
        channel.advanceTimeBy(1100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        RxPacket again = sent();
        assertEquals(first.seq, again.seq);
        assertNotEquals(first.serial, again.serial);
        assertTrue(again.has(RxPacket.REQUEST_ACK));
        for (int i = 0; i < 10 && !call.isDone(); i++) {
            channel.advanceTimeBy(1, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
        }
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, call::get);
        assertInstanceOf(SocketTimeoutException.class, failure.getCause());
        first.release();
        again.release();
        drain();
    }

    @Test
    void aShortDatagramIsDroppedAndCounted() {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[27]), null, SERVER));
        assertEquals(1, endpoint.dropped());
        assertNull(channel.readOutbound());
    }

    @Test
    void aPeersCallIsServedAndAnUnknownOpcodeAborted() {
        ByteBuf probe = header(0x1234, 0x100, 1, 1, 7, RxPacket.DATA, RxPacket.CLIENT_INITIATED | RxPacket.LAST_PACKET)
                .writeInt(206);
        channel.writeInbound(new DatagramPacket(probe, null, SERVER));
        RxPacket reply = sent();
        assertEquals(RxPacket.DATA, reply.type);
        assertFalse(reply.has(RxPacket.CLIENT_INITIATED));
        assertTrue(reply.has(RxPacket.LAST_PACKET));
        assertEquals(0x1234, reply.epoch);
        assertEquals(42, reply.body.getInt(0));
        ByteBuf other = header(0x1234, 0x100, 2, 1, 8, RxPacket.DATA, RxPacket.CLIENT_INITIATED | RxPacket.LAST_PACKET)
                .writeInt(207);
        channel.writeInbound(new DatagramPacket(other, null, SERVER));
        RxPacket abort = sent();
        assertEquals(RxPacket.ABORT, abort.type);
        assertEquals(-455, abort.body.getInt(0));
        reply.release();
        abort.release();
    }

    // ---- helpers ----

    private CompletableFuture<ByteBuf> call(byte[] request, long maxReply) {
        CompletableFuture<ByteBuf> call = endpoint.call(SERVER, SERVICE, "Test", Unpooled.wrappedBuffer(request), maxReply,
                Duration.ofSeconds(30));
        channel.runPendingTasks();
        return call;
    }

    /** The next packet the endpoint sent. */
    private RxPacket sent() {
        DatagramPacket datagram = channel.readOutbound();
        try {
            return RxPacket.read(datagram.recipient(), datagram.content());
        } catch (RxProtocolException e) {
            throw new AssertionError(e);
        } finally {
            datagram.release();
        }
    }

    private void drain() {
        for (DatagramPacket datagram = channel.readOutbound(); datagram != null; datagram = channel.readOutbound()) {
            datagram.release();
        }
    }

    /** A server's DATA packet answering {@code request}. */
    private void reply(RxPacket request, int seq, int flags, byte[] body) {
        inbound(request, RxPacket.DATA, seq, flags, 100 + seq, Unpooled.wrappedBuffer(body));
    }

    private void inbound(RxPacket request, int type, int seq, int flags, int serial, ByteBuf body) {
        ByteBuf packet = header(request.epoch, request.cid, request.callNumber, seq, serial, type, flags).writeBytes(body);
        body.release();
        channel.writeInbound(new DatagramPacket(packet, null, SERVER));
        channel.runPendingTasks();
    }

    private static ByteBuf header(int epoch, int cid, int callNumber, int seq, int serial, int type, int flags) {
        return Unpooled.buffer().writeInt(epoch).writeInt(cid).writeInt(callNumber).writeInt(seq).writeInt(serial)
                .writeByte(type).writeByte(flags).writeByte(0).writeByte(0).writeShort(0).writeShort(SERVICE);
    }

    private static ByteBuf ack(int reason, int firstPacket, int serial) {
        ByteBuf body = Unpooled.buffer();
        new RxAck(32, 0, firstPacket, 0, serial, reason, new byte[0], 1444, 1444, 32, 1).write(body);
        return body;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
