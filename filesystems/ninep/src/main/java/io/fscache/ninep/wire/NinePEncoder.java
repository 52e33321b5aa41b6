package io.fscache.ninep.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Frames requests: {@code size[4] type[1] tag[2] body}, little-endian as 9P is. */
public final class NinePEncoder extends MessageToByteEncoder<TaggedRequest> {

    public NinePEncoder() {
        super(TaggedRequest.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, TaggedRequest request, boolean preferDirect) {
        int size = request.message().frameSize();
        return preferDirect ? ctx.alloc().ioBuffer(size, size) : ctx.alloc().heapBuffer(size, size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, TaggedRequest request, ByteBuf out) {
        TMessage message = request.message();
        int start = out.writerIndex();
        out.writeIntLE(message.frameSize());
        out.writeByte(message.op().requestType());
        out.writeShortLE(request.tag());
        message.writeBody(out);
        if (out.writerIndex() - start != message.frameSize()) {
            throw new IllegalStateException(message + " body does not match its declared size");
        }
    }
}
