package io.fscache.afs.rx;

import io.netty.buffer.ByteBuf;

/**
 * The body of an Rx ACK ({@code struct rx_ackPacket}, OpenAFS {@code rx.h}; {@code rxrpc_ackpacket}
 * in Linux): buffer space, max skew, {@code firstPacket} (every packet below it is received and
 * consumed: a hard ACK), {@code previousPacket}, the serial that prompted it, the reason, and one
 * byte per packet from {@code firstPacket} on (1 received, 0 not). Then three pad bytes and an
 * optional trailer ({@code rxi_SendAck}): the largest packet the sender takes ({@code rxMtu}), its
 * interface MTU, its receive window in packets and how many packets a jumbogram may carry; a field
 * the peer left out is {@code -1}.
 *
 * @param acks the soft-ACK bytes, at most {@value #MAX_ACKS}
 */
public record RxAck(int bufferSpace, int maxSkew, int firstPacket, int previousPacket, int serial, int reason, byte[] acks,
        int rxMtu, int maxMtu, int rwind, int jumboMax) {

    public static final int REQUESTED = 1;
    public static final int DUPLICATE = 2;
    public static final int OUT_OF_SEQUENCE = 3;
    public static final int EXCEEDS_WINDOW = 4;
    public static final int NOSPACE = 5;
    public static final int PING = 6;
    public static final int PING_RESPONSE = 7;
    public static final int DELAY = 8;
    public static final int IDLE = 9;

    /** {@code RX_MAXACKS}: the soft-ACK array's capacity on the wire. */
    public static final int MAX_ACKS = 255;
    static final byte NACKED = 0;
    static final byte ACKED = 1;
    private static final int FIXED = 18;

    /**
     * Reads an ACK body.
     *
     * @throws RxProtocolException if the body is shorter than its fixed part and soft ACKs, or a soft ACK is not 0 or 1
     */
    static RxAck read(ByteBuf body, String peer) throws RxProtocolException {
        if (body.readableBytes() < FIXED) {
            throw new RxProtocolException("an Rx ACK of " + body.readableBytes() + " bytes from " + peer
                    + " is shorter than its 18-byte fixed part");
        }
        int bufferSpace = body.readUnsignedShort();
        int maxSkew = body.readUnsignedShort();
        int firstPacket = body.readInt();
        int previousPacket = body.readInt();
        int serial = body.readInt();
        int reason = body.readUnsignedByte();
        int count = body.readUnsignedByte();
        if (body.readableBytes() < count) {
            throw new RxProtocolException("an Rx ACK from " + peer + " claims " + count + " soft ACKs but carries "
                    + body.readableBytes() + " bytes");
        }
        byte[] acks = new byte[count];
        body.readBytes(acks);
        for (byte ack : acks) {
            if (ack != ACKED && ack != NACKED) {
                throw new RxProtocolException("an Rx ACK from " + peer + " has a soft ACK of " + ack + ", not 0 or 1");
            }
        }
        int[] trailer = {-1, -1, -1, -1};
        if (body.readableBytes() >= 3) {
            body.skipBytes(3);
            for (int i = 0; i < trailer.length && body.readableBytes() >= 4; i++) {
                trailer[i] = body.readInt();
            }
        }
        return new RxAck(bufferSpace, maxSkew, firstPacket, previousPacket, serial, reason, acks, trailer[0], trailer[1],
                trailer[2], trailer[3]);
    }

    /** Writes this ACK with its pad and full trailer. */
    void write(ByteBuf out) {
        out.writeShort(bufferSpace).writeShort(maxSkew).writeInt(firstPacket).writeInt(previousPacket).writeInt(serial);
        out.writeByte(reason).writeByte(acks.length).writeBytes(acks).writeZero(3);
        out.writeInt(rxMtu).writeInt(maxMtu).writeInt(rwind).writeInt(jumboMax);
    }

    /** Whether the soft ACKs say packet {@code seq} arrived (false outside their range). */
    boolean acked(int seq) {
        long index = Integer.toUnsignedLong(seq) - Integer.toUnsignedLong(firstPacket);
        return index >= 0 && index < acks.length && acks[(int) index] == ACKED;
    }

    static String reasonName(int reason) {
        return switch (reason) {
            case REQUESTED -> "requested";
            case DUPLICATE -> "duplicate";
            case OUT_OF_SEQUENCE -> "out of sequence";
            case EXCEEDS_WINDOW -> "exceeds window";
            case NOSPACE -> "no space";
            case PING -> "ping";
            case PING_RESPONSE -> "ping response";
            case DELAY -> "delay";
            case IDLE -> "idle";
            default -> "reason " + reason;
        };
    }
}
