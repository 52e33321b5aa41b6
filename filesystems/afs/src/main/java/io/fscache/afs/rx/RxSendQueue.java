package io.fscache.afs.rx;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending half of a call: its DATA packets, sent within the congestion window and the peer's
 * receive window, and sent again when lost. Slow start from four packets up to the peer's window,
 * then one packet more per window ACKed; after three NACKs of a packet sent before the ACKing
 * packet, that packet is sent again at once and the window halves (fast retransmit, OpenAFS's
 * {@code rx_nackThreshold}); on a timeout the oldest unACKed packets go again and the window falls
 * to two. ACK serials that name a packet sent once feed the peer's {@link RxRtt}.
 *
 * <p>Confined to the endpoint's event loop. Owns the payloads until they are hard-ACKed or the
 * queue is released.
 */
final class RxSendQueue {

    /** Sends one DATA packet: the queue has set its serial-independent fields; the transmitter stamps serial and time. */
    interface Transmitter {
        /** Sends {@code packet}; returns the serial it went with. */
        int send(Out packet, boolean requestAck);
    }

    /** One DATA packet of the call. */
    static final class Out {
        final int seq;
        final ByteBuf payload;
        final boolean last;
        int serial;
        long sentNanos;
        boolean sent;
        boolean retransmitted;
        boolean acked;
        int nacks;

        Out(int seq, ByteBuf payload, boolean last) {
            this.seq = seq;
            this.payload = payload;
            this.last = last;
        }
    }

    private static final int INITIAL_CWND = 4;
    private static final int NACK_THRESHOLD = 3;

    private final List<Out> packets = new ArrayList<>();
    private final Transmitter transmitter;
    private final RxRtt rtt;
    private int hardAcked;
    private int nextSend;
    private int cwnd = INITIAL_CWND;
    private int ssthresh = RxAck.MAX_ACKS;
    private int peerWindow;
    private int ackedInWindow;

    RxSendQueue(Transmitter transmitter, RxRtt rtt, int peerWindow) {
        this.transmitter = transmitter;
        this.rtt = rtt;
        this.peerWindow = peerWindow;
    }

    /** Appends the payloads (taking ownership), the last one marked LAST_PACKET. */
    void add(List<ByteBuf> payloads) {
        for (int i = 0; i < payloads.size(); i++) {
            packets.add(new Out(packets.size() + 1, payloads.get(i), i == payloads.size() - 1));
        }
    }

    /** Sends what the windows allow. */
    void pump() {
        int window = Math.min(cwnd, peerWindow);
        while (nextSend < packets.size() && inFlight() < window) {
            Out out = packets.get(nextSend++);
            boolean fills = nextSend == packets.size() || inFlight() + 1 >= window;
            transmit(out, fills);
        }
    }

    private void transmit(Out out, boolean requestAck) {
        if (out.sent) {
            out.retransmitted = true;
        }
        out.sent = true;
        out.nacks = 0;
        out.serial = transmitter.send(out, requestAck);
        out.sentNanos = System.nanoTime();
    }

    private int inFlight() {
        int count = 0;
        for (int i = hardAcked; i < nextSend; i++) {
            if (!packets.get(i).acked) {
                count++;
            }
        }
        return count;
    }

    /**
     * Applies an ACK from the peer.
     *
     * @throws RxProtocolException if it hard-ACKs packets never sent
     */
    void onAck(RxAck ack, String what) throws RxProtocolException {
        long first = Integer.toUnsignedLong(ack.firstPacket());
        if (first - 1 > nextSend) {
            throw new RxProtocolException(what + ": an ACK of packet " + (first - 1) + " when only " + nextSend + " were sent");
        }
        if (ack.rwind() > 0) {
            peerWindow = Math.min(RxAck.MAX_ACKS, ack.rwind());
        }
        long now = System.nanoTime();
        for (int i = Math.max(0, hardAcked - 1); i < nextSend; i++) {
            Out out = packets.get(i);
            if (out.serial == ack.serial() && !out.retransmitted && ack.reason() != RxAck.DELAY) {
                rtt.sample(now - out.sentNanos);
                break;
            }
        }
        int newlyAcked = 0;
        while (hardAcked < first - 1) {
            Out out = packets.get(hardAcked++);
            if (!out.acked) {
                newlyAcked++;
            }
            out.acked = true;
            out.payload.release();
        }
        int highestSoft = -1;
        for (int i = hardAcked; i < nextSend; i++) {
            Out out = packets.get(i);
            if (!out.acked && ack.acked(out.seq)) {
                out.acked = true;
                newlyAcked++;
                highestSoft = i;
            } else if (ack.acked(out.seq)) {
                highestSoft = i;
            }
        }
        for (int i = hardAcked; i < highestSoft; i++) {
            Out out = packets.get(i);
            if (!out.acked && Integer.compareUnsigned(out.serial, ack.serial()) < 0 && ++out.nacks == NACK_THRESHOLD) {
                ssthresh = Math.max(2, cwnd / 2);
                cwnd = ssthresh;
                transmit(out, true);
            }
        }
        grow(newlyAcked);
        pump();
    }

    private void grow(int newlyAcked) {
        if (cwnd < ssthresh) {
            cwnd = Math.min(RxAck.MAX_ACKS, cwnd + newlyAcked);
        } else if ((ackedInWindow += newlyAcked) >= cwnd) {
            ackedInWindow = 0;
            cwnd = Math.min(RxAck.MAX_ACKS, cwnd + 1);
        }
    }

    /** The retransmission timer fired: the oldest unACKed packet goes again with a request for an ACK. */
    void onTimeout() {
        ssthresh = Math.max(2, cwnd / 2);
        cwnd = 2;
        rtt.backOff();
        for (int i = hardAcked; i < nextSend; i++) {
            Out out = packets.get(i);
            if (!out.acked) {
                transmit(out, true);
                return;
            }
        }
        pump();
    }

    /** The peer has everything (it hard-ACKed all, or answered, which means the same). */
    void allAcked() {
        while (hardAcked < packets.size()) {
            Out out = packets.get(hardAcked++);
            out.acked = true;
            if (nextSend < hardAcked) {
                nextSend = hardAcked;
            }
            out.payload.release();
        }
    }

    /** Whether every packet was sent and hard- or soft-ACKed. */
    boolean done() {
        for (int i = hardAcked; i < packets.size(); i++) {
            if (!packets.get(i).acked) {
                return false;
            }
        }
        return true;
    }

    /** Whether a packet is sent and awaits its ACK (the retransmission timer should run). */
    boolean awaitingAck() {
        return inFlight() > 0;
    }

    void release() {
        allAcked();
    }
}
