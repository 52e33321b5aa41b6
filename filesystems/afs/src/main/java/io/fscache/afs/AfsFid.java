package io.fscache.afs;

import io.fscache.afs.rx.RxProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * A file's identity in AFS ({@code AFSFid}, {@code src/fsint/common.xg}): volume id, vnode number
 * and uniquifier, each an unsigned 32-bit word held in an int. A volume's root directory is vnode 1,
 * uniquifier 1.
 */
record AfsFid(int volume, int vnode, int unique) {

    static AfsFid root(int volume) {
        return new AfsFid(volume, 1, 1);
    }

    static AfsFid read(ByteBuf in) throws RxProtocolException {
        AfsXdr.need(in, 12, "AFSFid");
        return new AfsFid(in.readInt(), in.readInt(), in.readInt());
    }

    void write(ByteBuf out) {
        out.writeInt(volume).writeInt(vnode).writeInt(unique);
    }

    /** The cache cookie key, as kAFS keys a vnode: vnode then uniquifier, big-endian (the volume is in the volume key). */
    byte[] cookieKey() {
        return new byte[] {(byte) (vnode >>> 24), (byte) (vnode >>> 16), (byte) (vnode >>> 8), (byte) vnode,
                (byte) (unique >>> 24), (byte) (unique >>> 16), (byte) (unique >>> 8), (byte) unique};
    }

    @Override
    public String toString() {
        return Integer.toUnsignedString(volume) + "." + Integer.toUnsignedString(vnode) + "." + Integer.toUnsignedString(unique);
    }
}
