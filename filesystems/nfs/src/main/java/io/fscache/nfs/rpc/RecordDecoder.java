package io.fscache.nfs.rpc;

import io.fscache.netfs.ConnectFailures;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the TCP byte stream into ONC RPC records (RFC 5531 §11, record marking): each fragment
 * begins with a 4-byte mark, its top bit set on the record's last fragment, the other 31 bits the
 * fragment's length. A record in one fragment is passed on as a slice of the input; one in several is
 * reassembled into a single buffer. Every mark is checked before anything is buffered: a record
 * that would grow beyond the maximum, or an empty fragment that is not the last (which could keep a
 * record open forever without growing it), is a protocol error, after which nothing more is read.
 * So a hostile server can make the client hold at most one record of the maximum size.
 *
 * <p>Emits {@link ByteBuf} records (released by the next handler) and, for a connection closed
 * inside a record, an {@link RpcProtocolException} as a message. One instance per channel.
 */
public final class RecordDecoder extends ByteToMessageDecoder {

    static final int LAST_FRAGMENT = 0x80000000;
    /** Bytes looked at when a record mark is out of bounds, to tell another protocol's text greeting. */
    private static final int GREETING_READ = 64;

    private final int maxRecord;
    /** The fragments of an unfinished record so far; {@code null} between records. */
    private ByteBuf partial;
    private boolean broken;

    /** @param maxRecord the largest record accepted, in bytes (all fragments together) */
    public RecordDecoder(int maxRecord) {
        if (maxRecord <= 0) {
            throw new IllegalArgumentException("maxRecord must be positive: " + maxRecord);
        }
        this.maxRecord = maxRecord;
        // A large READ reply arrives in many socket reads: keep them as components rather than
        // copying them into an ever larger buffer (MERGE_CUMULATOR copied each reply twice more).
        setCumulator(COMPOSITE_CUMULATOR);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws RpcProtocolException {
        while (!broken && in.readableBytes() >= 4) {
            int mark = in.getInt(in.readerIndex());
            boolean last = (mark & LAST_FRAGMENT) != 0;
            int length = mark & ~LAST_FRAGMENT;
            int before = partial == null ? 0 : partial.readableBytes();
            if (length == 0 && !last) {
                refuse(in, "an empty record fragment that is not the last");
            }
            if ((long) before + length > maxRecord) {
                byte[] first = new byte[Math.min(in.readableBytes(), GREETING_READ)];
                in.getBytes(in.readerIndex(), first);
                refuse(in, ConnectFailures.textGreeting(first).map(text -> "it sent text, not an RPC record: \"" + text + "\"")
                        .orElse("a record of " + (before > 0 ? "at least " : "") + ((long) before + length)
                                + " bytes exceeds the limit of " + maxRecord));
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            if (partial == null && last) {
                out.add(in.readRetainedSlice(length));
                continue;
            }
            if (partial == null) {
                partial = ctx.alloc().buffer(Math.min(maxRecord, Math.max(256, 2 * length)), maxRecord);
            }
            partial.writeBytes(in, length);
            if (last) {
                out.add(partial);
                partial = null;
            }
        }
        if (broken) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void refuse(ByteBuf in, String what) throws RpcProtocolException {
        broken = true;
        in.skipBytes(in.readableBytes());
        releasePartial();
        throw new RpcProtocolException(what);
    }

    /**
     * A connection closed inside a record is a protocol error, passed on as a message so that it
     * arrives before the channel's inactivity does.
     */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws RpcProtocolException {
        decode(ctx, in, out);
        if (!broken && (in.isReadable() || partial != null)) {
            int held = in.readableBytes() + (partial == null ? 0 : partial.readableBytes());
            out.add(new RpcProtocolException("connection closed inside a record, after " + held + " bytes of it"));
            in.skipBytes(in.readableBytes());
            releasePartial();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releasePartial();
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
