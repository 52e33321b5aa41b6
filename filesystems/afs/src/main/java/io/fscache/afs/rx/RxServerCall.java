package io.fscache.afs.rx;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call a peer makes to us: the request gathered (at most {@link #MAX_REQUEST} bytes), served
 * by the endpoint's {@link RxService} once complete, and the reply sent through an
 * {@link RxSendQueue} until the peer ACKs it. A request packet with REQUEST_ACK is ACKed; a call
 * that stays unfinished for a minute is dropped. Confined to the endpoint's event loop.
 */
final class RxServerCall {

    /** The largest request served: a CallBack of 50 fids and 50 promises is about 1.3 KB. */
    static final int MAX_REQUEST = 16 << 10;
    private static final long LIFETIME_NANOS = TimeUnit.MINUTES.toNanos(1);

    final RxCallId id;
    private final RxEndpoint endpoint;
    private final RxPeer peer;
    private final RxReceiveQueue receiveQueue;
    private RxSendQueue sendQueue;
    private ScheduledFuture<?> retransmitTimer;
    private final ScheduledFuture<?> lifetime;
    private boolean done;

    RxServerCall(RxEndpoint endpoint, RxPeer peer, RxCallId id) {
        this.endpoint = endpoint;
        this.peer = peer;
        this.id = id;
        this.receiveQueue = new RxReceiveQueue(endpoint.alloc(), RxEndpoint.RECEIVE_WINDOW, MAX_REQUEST, "a call from " + id.peer());
        this.lifetime = endpoint.loop().schedule(this::end, LIFETIME_NANOS, TimeUnit.NANOSECONDS);
    }

    void receive(RxPacket packet) {
        if (done) {
            return;
        }
        try {
            switch (packet.type) {
                case RxPacket.DATA -> data(packet);
                case RxPacket.ACK -> ack(RxAck.read(packet.body, id.peer().toString()), packet.serial);
                case RxPacket.ACKALL -> end();
                case RxPacket.ABORT -> end();
                default -> {
                }
            }
        } catch (RxProtocolException e) {
            endpoint.abort(id, RxEndpoint.RX_PROTOCOL_ERROR);
            end();
        }
    }

    private void data(RxPacket packet) throws RxProtocolException {
        if (sendQueue != null) {
            return; // a request packet again after the reply began: the reply's own retransmission covers it
        }
        receiveQueue.receive(packet);
        if (!receiveQueue.complete()) {
            if (packet.has(RxPacket.REQUEST_ACK) || receiveQueue.unacked() >= 2) {
                endpoint.sendAck(id, receiveQueue.ack(RxAck.REQUESTED, packet.serial, RxEndpoint.RECEIVE_MTU));
            }
            return;
        }
        ByteBuf reply;
        try {
            reply = endpoint.serve(id, receiveQueue.data());
        } catch (RxAbortException e) {
            endpoint.abort(id, e.code());
            end();
            return;
        }
        sendQueue = new RxSendQueue((out, requestAck) -> endpoint.send(id, out.seq, RxPacket.DATA,
                (out.last ? RxPacket.LAST_PACKET : RxPacket.MORE_PACKETS) | (requestAck ? RxPacket.REQUEST_ACK : 0),
                out.payload), peer.rtt, peer.window);
        sendQueue.add(RxEndpoint.split(reply, peer.payload));
        sendQueue.pump();
        armRetransmit();
    }

    private void ack(RxAck ack, int serial) throws RxProtocolException {
        peer.learn(ack);
        if (ack.reason() == RxAck.PING) {
            endpoint.sendAck(id, receiveQueue.ack(RxAck.PING_RESPONSE, serial, RxEndpoint.RECEIVE_MTU));
            return;
        }
        if (sendQueue != null) {
            sendQueue.onAck(ack, "the reply to " + id.peer());
            if (sendQueue.done()) {
                end();
            } else {
                armRetransmit();
            }
        }
    }

    private void armRetransmit() {
        if (retransmitTimer != null) {
            retransmitTimer.cancel(false);
        }
        retransmitTimer = endpoint.loop().schedule(() -> {
            if (!done) {
                sendQueue.onTimeout();
                armRetransmit();
            }
        }, peer.rtt.rto(), TimeUnit.NANOSECONDS);
    }

    /** The peer has the reply, gave up, or started its next call on the channel: forget the call. */
    void end() {
        if (done) {
            return;
        }
        done = true;
        lifetime.cancel(false);
        if (retransmitTimer != null) {
            retransmitTimer.cancel(false);
        }
        if (sendQueue != null) {
            sendQueue.release();
        }
        receiveQueue.release();
        endpoint.ended(this);
    }

    boolean done() {
        return done;
    }
}
