package io.fscache.nfs.rpc;

import io.netty.buffer.ByteBuf;

/**
 * XDR (RFC 4506) on Netty buffers: big-endian, every item padded to a multiple of four bytes.
 * Readers check each length against the bytes left in the record and against a maximum before
 * anything is allocated, and throw {@link RpcProtocolException} naming what was being read; they
 * never read beyond the buffer's writer index. Writers append to the buffer. Stateless.
 */
public final class Xdr {

    private Xdr() {
    }

    /** An unsigned 32-bit integer. */
    public static long uint32(ByteBuf in, String what) throws RpcProtocolException {
        need(in, 4, what);
        return in.readUnsignedInt();
    }

    /** A 32-bit integer, signed as Java holds it (for enums, flags and counts compared unsigned). */
    public static int int32(ByteBuf in, String what) throws RpcProtocolException {
        need(in, 4, what);
        return in.readInt();
    }

    /** A 64-bit (hyper) integer. */
    public static long int64(ByteBuf in, String what) throws RpcProtocolException {
        need(in, 8, what);
        return in.readLong();
    }

    /** A boolean: exactly 0 or 1. */
    public static boolean bool(ByteBuf in, String what) throws RpcProtocolException {
        int value = int32(in, what);
        if (value != 0 && value != 1) {
            throw new RpcProtocolException("XDR boolean " + what + " is " + Integer.toUnsignedString(value) + ", not 0 or 1");
        }
        return value == 1;
    }

    /** A variable-length opaque of at most {@code max} bytes, copied. */
    public static byte[] opaque(ByteBuf in, int max, String what) throws RpcProtocolException {
        int length = length(in, max, what);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        in.skipBytes(pad(length));
        return bytes;
    }

    /** A variable-length opaque of at most {@code max} bytes as a slice of {@code in} (not retained). */
    public static ByteBuf opaqueSlice(ByteBuf in, int max, String what) throws RpcProtocolException {
        int length = length(in, max, what);
        ByteBuf slice = in.readSlice(length);
        in.skipBytes(pad(length));
        return slice;
    }

    /** A fixed-length opaque of {@code length} bytes, copied. */
    public static byte[] fixed(ByteBuf in, int length, String what) throws RpcProtocolException {
        need(in, length + (long) pad(length), what);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        in.skipBytes(pad(length));
        return bytes;
    }

    /** Skips a variable-length opaque of at most {@code max} bytes. */
    public static void skipOpaque(ByteBuf in, int max, String what) throws RpcProtocolException {
        int length = length(in, max, what);
        in.skipBytes(length + pad(length));
    }

    /** The length of the opaque that follows, checked against {@code max} and what the record holds (padding included). */
    private static int length(ByteBuf in, int max, String what) throws RpcProtocolException {
        long length = uint32(in, what + " length");
        if (length > max) {
            throw new RpcProtocolException("XDR " + what + " of " + length + " bytes exceeds its maximum of " + max);
        }
        need(in, length + pad((int) length), what);
        return (int) length;
    }

    private static void need(ByteBuf in, long bytes, String what) throws RpcProtocolException {
        if (in.readableBytes() < bytes) {
            throw new RpcProtocolException("XDR " + what + " needs " + bytes + " bytes, " + in.readableBytes() + " left");
        }
    }

    /** The zero bytes that pad {@code length} bytes to a multiple of four. */
    public static int pad(int length) {
        return -length & 3;
    }

    public static void writeInt(ByteBuf out, int value) {
        out.writeInt(value);
    }

    public static void writeLong(ByteBuf out, long value) {
        out.writeLong(value);
    }

    public static void writeBool(ByteBuf out, boolean value) {
        out.writeInt(value ? 1 : 0);
    }

    /** A variable-length opaque: its length, the bytes, the padding. */
    public static void writeOpaque(ByteBuf out, byte[] bytes) {
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
        out.writeZero(pad(bytes.length));
    }
}
