package io.fscache.afs;

import io.fscache.afs.rx.RxProtocolException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * XDR (RFC 4506) as rxgen marshals AFS's RPCs: big-endian 32-bit words, strings and opaques
 * padded to four bytes. Every read checks the bytes left in the reply and a maximum first, and
 * throws {@link RxProtocolException} naming what was being read. Stateless.
 */
final class AfsXdr {

    private AfsXdr() {
    }

    static int int32(ByteBuf in, String what) throws RxProtocolException {
        need(in, 4, what);
        return in.readInt();
    }

    /** An unsigned 32-bit word. */
    static long uint32(ByteBuf in, String what) throws RxProtocolException {
        need(in, 4, what);
        return in.readUnsignedInt();
    }

    /** A 64-bit value sent as two words, high first (OpenAFS's {@code afs_int64} over rx). */
    static long int64(ByteBuf in, String what) throws RxProtocolException {
        need(in, 8, what);
        return in.readLong();
    }

    static void skip(ByteBuf in, int words, String what) throws RxProtocolException {
        need(in, 4L * words, what);
        in.skipBytes(4 * words);
    }

    /** A counted string of at most {@code max} bytes, ISO-8859-1 (AFS names are bytes). */
    static String string(ByteBuf in, int max, String what) throws RxProtocolException {
        long length = uint32(in, what + " length");
        if (length > max) {
            throw new RxProtocolException("XDR " + what + " of " + length + " bytes exceeds its maximum of " + max);
        }
        need(in, length + pad((int) length), what);
        String value = in.toString(in.readerIndex(), (int) length, StandardCharsets.ISO_8859_1);
        in.skipBytes((int) length + pad((int) length));
        return value;
    }

    /** A counted array's length, at most {@code max}, each element at least {@code elementBytes} of what is left. */
    static int count(ByteBuf in, int max, int elementBytes, String what) throws RxProtocolException {
        long count = uint32(in, what + " count");
        if (count > max) {
            throw new RxProtocolException("XDR " + what + " count " + count + " exceeds its maximum of " + max);
        }
        need(in, count * elementBytes, what);
        return (int) count;
    }

    static void need(ByteBuf in, long bytes, String what) throws RxProtocolException {
        if (in.readableBytes() < bytes) {
            throw new RxProtocolException("XDR " + what + " needs " + bytes + " bytes, " + in.readableBytes() + " left");
        }
    }

    static int pad(int length) {
        return -length & 3;
    }

    /** Writes a counted string (names: their bytes as given, from {@link io.fscache.netfs.FileNames#encode}). */
    static void writeString(ByteBuf out, byte[] bytes) {
        out.writeInt(bytes.length).writeBytes(bytes).writeZero(pad(bytes.length));
    }
}
