package io.fscache.afs.rx;

import io.fscache.afs.rx.RxReceiveQueue.Arrival;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call we make: the request sent through an {@link RxSendQueue}, the reply gathered by an
 * {@link RxReceiveQueue}, ACKs as OpenAFS sends them (on REQUEST_ACK, on every second packet, on a
 * packet out of sequence, else after a short delay, and every few milliseconds while a packet is
 * missing), pings answered, and the whole call bounded by its timeout. Confined to the endpoint's
 * event loop; the future completes there.
 */
final class RxClientCall {

    /** How long an ACK may wait for a second packet to ACK with it. */
    private static final long ACK_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * How often a missing packet is NACKed again while nothing arrives: OpenAFS retransmits after
     * three NACKs ({@code rx_nackThreshold}), so within 15 ms rather than at its timeout. A repeated
     * ACK carries the serial of the last packet received, below any retransmission's, so it never
     * makes the sender send a packet twice.
     */
    private static final long NACK_REPEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** OpenAFS's {@code rxi_HardAckRate}. */
    private static final int HARD_ACK_RATE = 2;

    final CompletableFuture<ByteBuf> future = new CompletableFuture<>();
    final String name;
    private final RxEndpoint endpoint;
    private final RxPeer peer;
    private final List<ByteBuf> request;
    private final long maxReply;
    private final long timeoutNanos;
    private RxConnection connection;
    private int channel;
    private RxCallId id;
    /** The call and its server for messages: {@code FetchData64 to 127.1.0.1:7000}. */
    private String what;
    private RxSendQueue sendQueue;
    private RxReceiveQueue receiveQueue;
    private ScheduledFuture<?> retransmitTimer;
    private ScheduledFuture<?> ackTimer;
    private ScheduledFuture<?> deadline;
    private boolean replying;
    private int lastSerial;

    RxClientCall(RxEndpoint endpoint, RxPeer peer, String name, List<ByteBuf> request, long maxReply, long timeoutNanos) {
        this.endpoint = endpoint;
        this.peer = peer;
        this.name = name;
        this.request = request;
        this.maxReply = maxReply;
        this.timeoutNanos = timeoutNanos;
    }

    /** Starts the call on {@code channel} of {@code connection}. */
    void start(RxConnection connection, int channel) {
        this.connection = connection;
        this.channel = channel;
        int callNumber = connection.attach(channel, this);
        id = new RxCallId(connection.peer, endpoint.epoch(), connection.cid | channel, callNumber, connection.serviceId, true);
        what = name + " to " + id.peer().getHostString() + ":" + id.peer().getPort();
        sendQueue = new RxSendQueue((out, requestAck) -> endpoint.send(id, out.seq,
                RxPacket.DATA, (out.last ? RxPacket.LAST_PACKET : RxPacket.MORE_PACKETS)
                        | (requestAck ? RxPacket.REQUEST_ACK : 0), out.payload), peer.rtt, peer.window);
        sendQueue.add(request);
        receiveQueue = new RxReceiveQueue(endpoint.alloc(), RxEndpoint.RECEIVE_WINDOW, maxReply, what);
        deadline = endpoint.loop().schedule(this::timedOut, timeoutNanos, TimeUnit.NANOSECONDS);
        sendQueue.pump();
        armRetransmit();
    }

    /** Fails a call that never started. */
    void abandon(Throwable failure) {
        for (ByteBuf payload : request) {
            payload.release();
        }
        future.completeExceptionally(failure);
    }

    void receive(RxPacket packet) {
        try {
            switch (packet.type) {
                case RxPacket.DATA -> data(packet);
                case RxPacket.ACK -> ack(packet);
                case RxPacket.ACKALL -> sendQueue.allAcked();
                case RxPacket.ABORT -> aborted(packet);
                default -> {
                    // BUSY: the channel still finishes an earlier call; the retransmission timer sends again.
                }
            }
        } catch (RxProtocolException e) {
            endpoint.abort(id, RxEndpoint.RX_PROTOCOL_ERROR);
            finish(e);
        }
    }

    private void data(RxPacket packet) throws RxProtocolException {
        if (!replying) {
            replying = true;
            sendQueue.allAcked();
        }
        lastSerial = packet.serial;
        Arrival arrival = receiveQueue.receive(packet);
        if (receiveQueue.complete()) {
            endpoint.send(id, 0, RxPacket.ACKALL, 0, null);
            ByteBuf reply = receiveQueue.take();
            finish(null);
            if (!future.complete(reply)) {
                reply.release();
            }
            return;
        }
        int reason = switch (arrival) {
            case DUPLICATE -> RxAck.DUPLICATE;
            case OUT_OF_SEQUENCE -> RxAck.OUT_OF_SEQUENCE;
            case EXCEEDS_WINDOW -> RxAck.EXCEEDS_WINDOW;
            case IN_ORDER -> packet.has(RxPacket.REQUEST_ACK) || receiveQueue.unacked() >= HARD_ACK_RATE ? RxAck.REQUESTED : 0;
        };
        if (reason != 0) {
            sendAck(reason, packet.serial);
        }
        if (ackTimer == null && (reason == 0 || receiveQueue.missing())) {
            armDelayedAck();
        }
    }

    /**
     * ACKs after a short delay what arrived since the last ACK, and while a packet is missing, ACKs
     * again every {@link #NACK_REPEAT_NANOS}: a sender that lost the last packets of a reply, or whose
     * window is full of packets beyond the hole, gets nothing that would prompt an ACK, and would
     * otherwise wait for its retransmission timeout.
     */
    private void armDelayedAck() {
        ackTimer = endpoint.loop().schedule(() -> {
            ackTimer = null;
            sendAck(RxAck.DELAY, lastSerial);
            if (receiveQueue.missing() && !future.isDone()) {
                armDelayedAck();
            }
        }, receiveQueue.missing() ? NACK_REPEAT_NANOS : ACK_DELAY_NANOS, TimeUnit.NANOSECONDS);
    }

    private void sendAck(int reason, int serial) {
        if (ackTimer != null) {
            ackTimer.cancel(false);
            ackTimer = null;
        }
        endpoint.sendAck(id, receiveQueue.ack(reason, serial, RxEndpoint.RECEIVE_MTU));
    }

    private void ack(RxPacket packet) throws RxProtocolException {
        RxAck ack = RxAck.read(packet.body, id.peer().toString());
        peer.learn(ack);
        if (ack.reason() == RxAck.PING) {
            endpoint.sendAck(id, new RxAck(RxEndpoint.RECEIVE_WINDOW, 0, 1, 0, packet.serial, RxAck.PING_RESPONSE, new byte[0],
                    RxEndpoint.RECEIVE_MTU, RxEndpoint.RECEIVE_MTU, RxEndpoint.RECEIVE_WINDOW, 1));
            return;
        }
        if (!replying) {
            sendQueue.onAck(ack, what);
            armRetransmit();
        }
    }

    private void armRetransmit() {
        if (retransmitTimer != null) {
            retransmitTimer.cancel(false);
            retransmitTimer = null;
        }
        if (!replying && sendQueue.awaitingAck() && !future.isDone()) {
            retransmitTimer = endpoint.loop().schedule(() -> {
                retransmitTimer = null;
                if (!replying) {
                    sendQueue.onTimeout();
                    armRetransmit();
                }
            }, peer.rtt.rto(), TimeUnit.NANOSECONDS);
        }
    }

    private void aborted(RxPacket packet) {
        int code = packet.body.readableBytes() >= 4 ? packet.body.getInt(packet.body.readerIndex()) : RxEndpoint.RX_CALL_DEAD;
        finish(new RxAbortException(what + " aborted with code " + code, code));
    }

    private void timedOut() {
        deadline = null;
        endpoint.abort(id, RxEndpoint.RX_CALL_TIMEOUT);
        finish(new SocketTimeoutException(what + ": no reply in "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
    }

    /** Fails the call from outside (the endpoint closes, the caller cancelled). */
    void fail(Throwable failure) {
        if (!future.isDone() && connection != null) {
            endpoint.abort(id, RxEndpoint.RX_CALL_DEAD);
        }
        finish(failure);
    }

    private void finish(Throwable failure) {
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {retransmitTimer, ackTimer, deadline}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        retransmitTimer = ackTimer = deadline = null;
        if (sendQueue != null) {
            sendQueue.release();
            receiveQueue.release();
            sendQueue = null;
            connection.detach(channel, this);
            endpoint.finished(connection);
        }
        if (failure != null) {
            future.completeExceptionally(failure);
        }
    }

    boolean started() {
        return connection != null;
    }
}
