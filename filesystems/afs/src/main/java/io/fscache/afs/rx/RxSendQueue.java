package io.fscache.afs.rx;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending half of a call: its DATA packets, sent within the congestion window and the peer's
 * receive window, and sent again when lost. As in OpenAFS's {@code rxi_Start}, the peer's window
 * spans from the first packet it has not hard-ACKed, and the congestion window counts packets in
 * flight beyond those it soft-ACKed: slow start from four packets, then one packet more per window
 * ACKed. After three NACKs of a packet sent before the ACKing packet it is sent again at once and
 * the window halves (fast retransmit, {@code rx_nackThreshold}); on a timeout every unACKed packet
 * counts as lost, the window falls to two and they go again in order as ACKs open it. ACK serials
 * that name a packet sent once feed the peer's {@link RxRtt}.
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
        boolean lost;
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

    /** Sends what the windows allow: packets counted lost first, then new ones. */
    void pump() {
        int softAcked = 0;
        int inFlight = 0;
        for (int i = hardAcked; i < nextSend; i++) {
            Out out = packets.get(i);
            if (out.acked) {
                softAcked++;
            } else if (!out.lost) {
                inFlight++;
            }
        }
        int limit = hardAcked + Math.min(peerWindow, softAcked + cwnd);
        int budget = cwnd - inFlight;
        for (int i = hardAcked; i < Math.min(limit, nextSend) && budget > 0; i++) {
            Out out = packets.get(i);
            if (out.lost && !out.acked) {
                budget--;
                transmit(out, true);
            }
        }
        while (nextSend < packets.size() && nextSend < limit && budget > 0) {
            Out out = packets.get(nextSend++);
            budget--;
            // As OpenAFS's rxi_Start: an ACK is asked for when a packet fills the window, never for
            // the last one, whose answer (the reply, or the peer's own ACK) comes anyway.
            transmit(out, !out.last && (budget == 0 || nextSend == limit));
        }
    }

    private void transmit(Out out, boolean requestAck) {
        if (out.sent) {
            out.retransmitted = true;
        }
        out.sent = true;
        out.lost = false;
        out.nacks = 0;
        out.serial = transmitter.send(out, requestAck);
        out.sentNanos = System.nanoTime();
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
            if (!out.acked && !out.lost && Integer.compareUnsigned(out.serial, ack.serial()) < 0 && ++out.nacks == NACK_THRESHOLD) {
                ssthresh = Math.max(2, cwnd / 2);
                cwnd = ssthresh;
                out.lost = true;
            }
        }
        if (newlyAcked > 0) {
            rtt.acked();
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

    /** The retransmission timer fired: every packet in flight counts as lost and goes again as the window allows. */
    void onTimeout() {
        ssthresh = Math.max(2, cwnd / 2);
        cwnd = 2;
        rtt.backOff();
        for (int i = hardAcked; i < nextSend; i++) {
            Out out = packets.get(i);
            if (!out.acked) {
                out.lost = true;
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
        for (int i = hardAcked; i < nextSend; i++) {
            if (!packets.get(i).acked) {
                return true;
            }
        }
        return false;
    }

    void release() {
        allAcked();
    }
}
