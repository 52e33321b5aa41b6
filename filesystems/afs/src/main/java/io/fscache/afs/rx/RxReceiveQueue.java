package io.fscache.afs.rx;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * The receiving half of a call: DATA packets put back in order and their bodies gathered into one
 * buffer. Packets beyond the receive window are dropped, so a peer can make a call hold at most
 * {@code window} packets out of order plus the in-order bytes, which may not exceed the call's
 * {@code maxBytes}. Tracks what the next ACK says: {@code firstPacket} is the next packet expected
 * (everything before it is consumed), the soft ACKs run from there to the highest packet seen.
 *
 * <p>Confined to the endpoint's event loop. {@link #release()} frees what it holds.
 */
final class RxReceiveQueue {

    /** What {@link #receive} made of a packet, for the ACK it may call for. */
    enum Arrival { IN_ORDER, OUT_OF_SEQUENCE, DUPLICATE, EXCEEDS_WINDOW }

    private final int window;
    private final long maxBytes;
    private final String what;
    private final ByteBuf[] held;
    private final CompositeByteBuf data;
    private int next = 1;
    private int highest;
    private int last;
    private int unacked;

    RxReceiveQueue(ByteBufAllocator alloc, int window, long maxBytes, String what) {
        this.window = window;
        this.maxBytes = maxBytes;
        this.what = what;
        this.held = new ByteBuf[window];
        this.data = alloc.compositeBuffer(Integer.MAX_VALUE);
    }

    /**
     * Takes a DATA packet's body (retaining it when kept).
     *
     * @throws RxProtocolException if the packet contradicts the last one or the call grows beyond {@code maxBytes}
     */
    Arrival receive(RxPacket packet) throws RxProtocolException {
        long seq = Integer.toUnsignedLong(packet.seq);
        if (seq == 0) {
            throw new RxProtocolException(what + ": a DATA packet with sequence number 0");
        }
        if (seq < next || (last != 0 && seq > last)) {
            return seq < next ? Arrival.DUPLICATE : fail("packet " + seq + " after the last one, " + last);
        }
        if (seq >= (long) next + window) {
            return Arrival.EXCEEDS_WINDOW;
        }
        if (packet.has(RxPacket.LAST_PACKET)) {
            if (seq < highest || (last != 0 && last != seq)) {
                fail("packet " + seq + " says it is the last, after packet " + Math.max(highest, last));
            }
            last = (int) seq;
        }
        int slot = (int) (seq % window);
        if (held[slot] != null) {
            return Arrival.DUPLICATE;
        }
        held[slot] = packet.body.retain();
        highest = Math.max(highest, (int) seq);
        unacked++;
        Arrival arrival = seq == next ? Arrival.IN_ORDER : Arrival.OUT_OF_SEQUENCE;
        while (held[next % window] != null) {
            ByteBuf body = held[next % window];
            held[next % window] = null;
            if (data.readableBytes() + (long) body.readableBytes() > maxBytes) {
                body.release();
                fail("the reply exceeds its maximum of " + maxBytes + " bytes");
            }
            data.addComponent(true, body);
            next++;
        }
        return arrival;
    }

    private Arrival fail(String message) throws RxProtocolException {
        throw new RxProtocolException(what + ": " + message);
    }

    /** Whether the last packet arrived and everything before it. */
    boolean complete() {
        return last != 0 && next > last;
    }

    /** The bytes received in order so far (owned by this queue until {@link #take()}). */
    CompositeByteBuf data() {
        return data;
    }

    /** Hands the in-order bytes to the caller, who releases them; the queue holds nothing more of them. */
    ByteBuf take() {
        return data.retain();
    }

    /** Whether a packet is missing below the highest received: the sender has one to send again. */
    boolean missing() {
        return highest >= next;
    }

    /** Packets received since the last ACK was built. */
    int unacked() {
        return unacked;
    }

    /** The ACK describing what was received: hard ACK below {@code next}, soft ACKs up to the highest seen. */
    RxAck ack(int reason, int serial, int rxMtu) {
        int count = Math.max(0, Math.min(RxAck.MAX_ACKS, highest - next + 1));
        byte[] acks = new byte[count];
        for (int i = 0; i < count; i++) {
            acks[i] = held[(next + i) % window] != null ? RxAck.ACKED : RxAck.NACKED;
        }
        unacked = 0;
        return new RxAck(window, 0, next, highest, serial, reason, acks, rxMtu, rxMtu, window, 1);
    }

    void release() {
        for (int i = 0; i < held.length; i++) {
            if (held[i] != null) {
                held[i].release();
                held[i] = null;
            }
        }
        data.release();
    }
}
