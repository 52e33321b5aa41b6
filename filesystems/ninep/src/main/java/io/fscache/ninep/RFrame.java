package io.fscache.ninep;

import io.netty.buffer.ByteBuf;

/**
 * One reply frame as cut by {@link NinePFrameDecoder}: its type, tag and body. The body is a
 * retained slice; whoever takes the frame releases it.
 */
record RFrame(int type, int tag, ByteBuf body) {

    void release() {
        body.release();
    }
}
