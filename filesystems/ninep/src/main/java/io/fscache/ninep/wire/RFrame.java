package io.fscache.ninep.wire;

import io.netty.buffer.ByteBuf;

/**
 * One reply frame as cut by {@link NinePFrameDecoder}: its type, tag and body. The body is a
 * retained slice; whoever takes the frame releases it.
 */
public record RFrame(int type, int tag, ByteBuf body) {

    public void release() {
        body.release();
    }
}
