package io.fscache.smb.smbj;

import com.hierynomus.protocol.commons.buffer.Buffer;
import com.hierynomus.smb.SMBBuffer;
import com.hierynomus.smbj.io.ByteChunkProvider;
import java.nio.ByteBuffer;

/**
 * A WRITE's data taken straight from the caller's buffer into smbj's packet buffer, which is sized
 * once. smbj's own providers need the data in a {@code byte[]} of their own, then copy it in 64 KiB
 * chunks into a packet buffer that doubles as it fills: for a 1 MiB write, a copy of the data, 16
 * chunk copies and five regrowths that copy what is already in. In a profile of 1 MiB writes through
 * a mount, that serialization took as long as the socket write.
 *
 * <p>Reads {@code data} from its position to its limit, without moving them; the buffer must not
 * change until the request is sent (smbj serializes it on the sending thread).
 */
public final class ByteBufferChunks extends ByteChunkProvider {

    private final ByteBuffer data;

    /** @param offset the file offset the data goes to, in bytes */
    public ByteBufferChunks(ByteBuffer data, long offset) {
        this.data = data.duplicate();
        this.offset = offset;
    }

    @Override
    public boolean isAvailable() {
        return data.hasRemaining();
    }

    @Override
    public void prepareWrite(int maxBytesToPrepare) {
        // The data is all in memory already.
    }

    @Override
    protected int getChunk(byte[] chunk) {
        int length = Math.min(chunk.length, data.remaining());
        data.get(chunk, 0, length);
        return length;
    }

    @Override
    public int bytesLeft() {
        return data.remaining();
    }

    /**
     * Puts up to {@code chunks} chunks of the data into {@code buffer} in one copy, growing it once.
     * A request being signed is written into smbj's signing buffer, which computes the MAC over what
     * goes through its put methods and forwards it to the packet's buffer: that one takes the chunks.
     */
    @Override
    public void writeChunks(Buffer<?> buffer, int chunks) {
        if (buffer.getClass() != SMBBuffer.class) {
            super.writeChunks(buffer, chunks);
            return;
        }
        int length = (int) Math.min((long) chunks * chunkSize, data.remaining());
        buffer.ensureCapacity(length);
        data.get(buffer.array(), buffer.wpos(), length);
        buffer.wpos(buffer.wpos() + length);
        offset += length;
    }
}
