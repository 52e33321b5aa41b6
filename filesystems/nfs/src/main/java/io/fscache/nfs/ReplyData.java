package io.fscache.nfs;

import io.fscache.netfs.ReceivedBytes;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A READ reply's data, lent to the engine where it arrived: a retained slice of the RPC record (the
 * socket reads it came in, as a {@link io.netty.buffer.CompositeByteBuf}'s components), released on
 * {@link #close()}.
 */
final class ReplyData implements ReceivedBytes {

    private final ByteBuf data;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param data a slice this object now owns one reference of */
    ReplyData(ByteBuf data) {
        this.data = data;
    }

    @Override
    public int length() {
        return data.readableBytes();
    }

    @Override
    public ByteBuffer[] buffers() {
        return data.nioBuffers();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            data.release();
        }
    }
}
