package io.fscache.nfs.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.ProtocolCounters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One RPC connection on an {@link EmbeddedChannel}: calls matched to replies by XID, the in-flight
 * cap, refusals, and what a hostile or silent server gets (a protocol error and a closed connection).
 */
class RpcConnectionTest {

    private static final Program PROGRAM = new Program(100003, 3, "NFSv3");

    private final ProtocolCounters counters = new ProtocolCounters();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final RpcConnection connection = connection(2);

    private RpcConnection connection(int maxInFlight) {
        RpcConnection c = new RpcConnection(channel, new RpcSettings("nfs server 127.0.0.1:2049",
                new AuthSys("client", 1000, 100, new int[] {4, 27}), 1024, maxInFlight, Duration.ofSeconds(5), counters));
        channel.pipeline().addLast(new RecordDecoder(1024), c);
        return c;
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    private CompletableFuture<Long> call(int value) {
        CompletableFuture<Long> future = connection.call(PROGRAM, 6, "READ", out -> out.writeInt(value),
                result -> Xdr.uint32(result, "value"));
        channel.runPendingTasks();
        return future;
    }

    /** The XID of the next request on the wire, after checking its call header. */
    private int sentXid() {
        ByteBuf record = channel.readOutbound();
        try {
            assertEquals(RecordDecoder.LAST_FRAGMENT | (record.readableBytes() - 4), record.readInt(), "one last fragment");
            int xid = record.readInt();
            assertEquals(0, record.readInt(), "CALL");
            assertEquals(2, record.readInt(), "RPC version");
            assertEquals(100003, record.readInt());
            assertEquals(3, record.readInt());
            assertEquals(6, record.readInt());
            assertEquals(AuthSys.FLAVOR, record.readInt());
            record.skipBytes(record.readInt());
            assertEquals(0, record.readInt(), "AUTH_NONE verifier");
            assertEquals(0, record.readInt());
            return xid;
        } finally {
            record.release();
        }
    }

    private void reply(int xid, int acceptStat, int... result) {
        ByteBuf body = Unpooled.buffer().writeInt(xid).writeInt(1).writeInt(0).writeInt(0).writeInt(0).writeInt(acceptStat);
        for (int word : result) {
            body.writeInt(word);
        }
        channel.writeInbound(Unpooled.buffer().writeInt(RecordDecoder.LAST_FRAGMENT | body.readableBytes()).writeBytes(body));
        body.release();
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally(), "failed");
        try {
            future.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void repliesCompleteTheirCallsByXidInAnyOrder() throws Exception {
        CompletableFuture<Long> first = call(1);
        CompletableFuture<Long> second = call(2);
        int x1 = sentXid();
        int x2 = sentXid();
        reply(x2, 0, 22);
        reply(x1, 0, 11);
        assertEquals(11, first.get());
        assertEquals(22, second.get());
        assertEquals(2L, counters.snapshot().rpcs().get("READ"));
        assertEquals(0, counters.snapshot().inFlight());
    }

    @Test
    void callsBeyondTheInFlightCapWaitForAReply() throws Exception {
        call(1);
        call(2);
        CompletableFuture<Long> third = call(3);
        int x1 = sentXid();
        sentXid();
        assertNull(channel.readOutbound(), "the third call waits");
        reply(x1, 0, 1);
        int x3 = sentXid();
        reply(x3, 0, 3);
        assertEquals(3, third.get());
        assertEquals(2, counters.snapshot().peakInFlight());
    }

    @Test
    void aRefusedCallFailsAloneAndTheConnectionStays() throws Exception {
        CompletableFuture<Long> refused = call(1);
        reply(sentXid(), 2, 2, 2);
        Throwable e = failure(refused);
        assertInstanceOf(RpcRefusedException.class, e);
        assertEquals("nfs server 127.0.0.1:2049 does not serve the version of NFSv3 READ (it serves versions 2..2)", e.getMessage());
        CompletableFuture<Long> next = call(2);
        reply(sentXid(), 0, 7);
        assertEquals(7, next.get());
    }

    @Test
    void aReplyToNoCallFailsEveryCallAndClosesTheConnection() {
        CompletableFuture<Long> pending = call(1);
        int xid = sentXid();
        reply(xid + 1, 0, 1);
        Throwable e = failure(pending);
        assertInstanceOf(RpcProtocolException.class, e);
        assertEquals("rpc protocol error from nfs server 127.0.0.1:2049: a reply with XID "
                + Integer.toUnsignedString(xid + 1) + " answers no call", e.getMessage());
        assertFalse(channel.isOpen());
        assertFalse(connection.isOpen());
    }

    @Test
    void aTruncatedResultIsAProtocolError() {
        CompletableFuture<Long> pending = call(1);
        reply(sentXid(), 0);
        Throwable e = failure(pending);
        assertEquals("rpc protocol error from nfs server 127.0.0.1:2049: XDR value needs 4 bytes, 0 left"
                + " (in the reply to NFSv3 READ)", e.getMessage());
        assertFalse(channel.isOpen());
    }

    @Test
    void aRecordBeyondTheLimitFailsTheCallsAndClosesTheConnection() {
        CompletableFuture<Long> pending = call(1);
        channel.writeInbound(Unpooled.buffer().writeInt(RecordDecoder.LAST_FRAGMENT | 4096));
        assertTrue(failure(pending).getMessage().endsWith("a record of 4096 bytes exceeds the limit of 1024"));
        assertFalse(channel.isOpen());
    }

    @Test
    void aReplyThatNeverEndsTimesOutAndClosesTheConnection() {
        CompletableFuture<Long> pending = call(1);
        // Half a record, then nothing.
        channel.writeInbound(Unpooled.buffer().writeInt(RecordDecoder.LAST_FRAGMENT | 100).writeInt(sentXid()));
        channel.advanceTimeBy(6, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertEquals("nfs server 127.0.0.1:2049 did not answer NFSv3 READ within 5000 ms", failure(pending).getMessage());
        assertFalse(channel.isOpen());
        assertEquals(1, counters.snapshot().errors());
    }

    @Test
    void aCallDroppedBecauseAnotherGotNoAnswerSaysSoAndIsATimeout() {
        CompletableFuture<Long> unanswered = call(1);
        sentXid();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        CompletableFuture<Long> commit = connection.call(PROGRAM, 21, "COMMIT", out -> out.writeInt(2),
                result -> Xdr.uint32(result, "value"));
        channel.runPendingTasks();
        channel.advanceTimeBy(4, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        Throwable dropped = failure(commit);
        assertInstanceOf(SocketTimeoutException.class, dropped);
        assertEquals("nfs server 127.0.0.1:2049 did not answer NFSv3 COMMIT: the connection was dropped when READ got"
                + " no answer within 5000 ms", dropped.getMessage());
        assertInstanceOf(SocketTimeoutException.class, failure(unanswered));
    }

    @Test
    void aCancelledCallsReplyIsDropped() throws Exception {
        CompletableFuture<Long> cancelled = call(1);
        int xid = sentXid();
        cancelled.cancel(false);
        reply(xid, 0, 1);
        assertTrue(channel.isOpen(), "a late reply to a cancelled call is no protocol error");
        CompletableFuture<Long> next = call(2);
        reply(sentXid(), 0, 2);
        assertEquals(2, next.get());
    }
}
