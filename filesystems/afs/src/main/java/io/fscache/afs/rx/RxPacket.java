package io.fscache.afs.rx;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import java.net.InetSocketAddress;

/**
 * One Rx packet: the 28-byte header ({@code struct rx_header} in OpenAFS's {@code rx_packet.h},
 * {@code struct rxrpc_wire_header} in Linux's {@code net/rxrpc/protocol.h}), its body, and the peer
 * it came from or goes to. All fields are as on the wire (unsigned values held in Java ints).
 *
 * <p>Owns its body: {@link #release()} releases it. Packets are built and read on one event loop.
 */
public final class RxPacket extends AbstractReferenceCounted {

    public static final int HEADER_SIZE = 28;

    public static final int DATA = 1;
    public static final int ACK = 2;
    public static final int BUSY = 3;
    public static final int ABORT = 4;
    public static final int ACKALL = 5;
    public static final int CHALLENGE = 6;
    public static final int RESPONSE = 7;
    public static final int DEBUG = 8;
    public static final int VERSION = 13;

    public static final int CLIENT_INITIATED = 1;
    public static final int REQUEST_ACK = 2;
    public static final int LAST_PACKET = 4;
    public static final int MORE_PACKETS = 8;
    /** On an ACK: the sender may slow-start (set on every ACK, as OpenAFS does). */
    public static final int SLOW_START_OK = 0x20;

    /** The channel (call slot) of a connection id: its low two bits. */
    public static final int CHANNEL_MASK = 3;

    final InetSocketAddress peer;
    final int epoch;
    final int cid;
    final int callNumber;
    final int seq;
    int serial;
    final int type;
    final int flags;
    final int userStatus;
    final int securityIndex;
    final int serviceId;
    final ByteBuf body;

    RxPacket(InetSocketAddress peer, int epoch, int cid, int callNumber, int seq, int serial, int type, int flags,
            int userStatus, int securityIndex, int serviceId, ByteBuf body) {
        this.peer = peer;
        this.epoch = epoch;
        this.cid = cid;
        this.callNumber = callNumber;
        this.seq = seq;
        this.serial = serial;
        this.type = type;
        this.flags = flags;
        this.userStatus = userStatus;
        this.securityIndex = securityIndex;
        this.serviceId = serviceId;
        this.body = body;
    }

    /**
     * Reads a datagram's header; the body is a retained slice of {@code datagram}.
     *
     * @throws RxProtocolException if the datagram is shorter than a header
     */
    static RxPacket read(InetSocketAddress peer, ByteBuf datagram) throws RxProtocolException {
        if (datagram.readableBytes() < HEADER_SIZE) {
            throw new RxProtocolException("an Rx packet of " + datagram.readableBytes() + " bytes from " + peer
                    + " is shorter than its 28-byte header");
        }
        int epoch = datagram.readInt();
        int cid = datagram.readInt();
        int callNumber = datagram.readInt();
        int seq = datagram.readInt();
        int serial = datagram.readInt();
        int type = datagram.readUnsignedByte();
        int flags = datagram.readUnsignedByte();
        int userStatus = datagram.readUnsignedByte();
        int securityIndex = datagram.readUnsignedByte();
        datagram.skipBytes(2); // checksum / spare: unused by rxnull
        int serviceId = datagram.readUnsignedShort();
        // A small packet in a large receive buffer is copied out, so that a call holding many packets
        // holds their bytes, not a receive buffer each.
        int length = datagram.readableBytes();
        ByteBuf body = length * 2 < datagram.capacity()
                ? datagram.alloc().buffer(length).writeBytes(datagram, length)
                : datagram.readRetainedSlice(length);
        return new RxPacket(peer, epoch, cid, callNumber, seq, serial, type, flags, userStatus, securityIndex, serviceId, body);
    }

    /** Writes the header, then the body (not consumed), to {@code out}. */
    void write(ByteBuf out) {
        out.writeInt(epoch).writeInt(cid).writeInt(callNumber).writeInt(seq).writeInt(serial);
        out.writeByte(type).writeByte(flags).writeByte(userStatus).writeByte(securityIndex);
        out.writeShort(0).writeShort(serviceId);
        out.writeBytes(body, body.readerIndex(), body.readableBytes());
    }

    /** The connection id without the channel bits. */
    int connectionId() {
        return cid & ~CHANNEL_MASK;
    }

    int channel() {
        return cid & CHANNEL_MASK;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public int type() {
        return type;
    }

    public int seq() {
        return seq;
    }

    public int serial() {
        return serial;
    }

    public int flags() {
        return flags;
    }

    public ByteBuf body() {
        return body;
    }

    @Override
    protected void deallocate() {
        body.release();
    }

    @Override
    public RxPacket touch(Object hint) {
        body.touch(hint);
        return this;
    }

    static String typeName(int type) {
        return switch (type) {
            case DATA -> "DATA";
            case ACK -> "ACK";
            case BUSY -> "BUSY";
            case ABORT -> "ABORT";
            case ACKALL -> "ACKALL";
            case CHALLENGE -> "CHALLENGE";
            case RESPONSE -> "RESPONSE";
            case DEBUG -> "DEBUG";
            case VERSION -> "VERSION";
            default -> "type " + type;
        };
    }

    @Override
    public String toString() {
        return typeName(type) + " cid=" + Integer.toHexString(cid) + " call=" + callNumber + " seq=" + seq + " serial="
                + serial + " flags=" + Integer.toHexString(flags) + " len=" + body.readableBytes();
    }
}
