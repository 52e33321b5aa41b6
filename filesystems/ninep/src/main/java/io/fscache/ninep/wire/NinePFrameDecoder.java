package io.fscache.ninep.wire;

import io.fscache.netfs.ConnectFailures;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream into {@link RFrame}s. The size field is checked before anything is
 * allocated: a frame shorter than its own header or longer than the negotiated msize is a
 * protocol error, so a hostile server cannot make the client buffer more than msize bytes.
 */
public final class NinePFrameDecoder extends ByteToMessageDecoder {

    /** Bytes looked at when a frame size is out of bounds, to tell another protocol's text greeting. */
    private static final int GREETING_READ = 64;

    private volatile int maxFrameSize;
    /** After a bad frame nothing more is read: the stream has lost its framing. */
    private boolean broken;

    /** @param maxFrameSize the msize the client proposed (lowered once the server answered) */
    public NinePFrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        // A large Rread arrives in many socket reads: keep them as components, which the frame's
        // retained slice and the engine (ReceivedBytes) read in place, rather than copying each into
        // an ever larger buffer on the event loop.
        setCumulator(COMPOSITE_CUMULATOR);
    }

    public void maxFrameSize(int size) {
        this.maxFrameSize = size;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws NinePProtocolException {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        long size = in.getUnsignedIntLE(in.readerIndex());
        if (size < TMessage.HEADER || size > maxFrameSize) {
            broken = true;
            byte[] first = new byte[Math.min(in.readableBytes(), GREETING_READ)];
            in.getBytes(in.readerIndex(), first);
            in.skipBytes(in.readableBytes());
            throw new NinePProtocolException(ConnectFailures.textGreeting(first)
                    .map(text -> "it sent text, not a 9P message: \"" + text + "\"")
                    .orElse("frame size " + size + (size < TMessage.HEADER
                            ? " is smaller than the 7-byte header" : " exceeds msize " + maxFrameSize)));
        }
        if (in.readableBytes() < size) {
            return;
        }
        int type = in.getUnsignedByte(in.readerIndex() + 4);
        int tag = in.getUnsignedShortLE(in.readerIndex() + 5);
        in.skipBytes(TMessage.HEADER);
        out.add(new RFrame(type, tag, in.readRetainedSlice((int) size - TMessage.HEADER)));
    }

    /**
     * A connection closed in the middle of a frame is reported as a protocol error, passed on as a
     * message so that it arrives before the channel's inactivity does.
     */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws NinePProtocolException {
        decode(ctx, in, out);
        if (in.isReadable() && !broken) {
            String expected = in.readableBytes() >= 4 ? " of a " + in.getUnsignedIntLE(in.readerIndex()) + "-byte frame" : "";
            out.add(new NinePProtocolException("connection closed after " + in.readableBytes() + " bytes" + expected));
            in.skipBytes(in.readableBytes());
        }
    }
}
