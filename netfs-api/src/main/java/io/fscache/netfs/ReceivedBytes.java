package io.fscache.netfs;

import java.nio.ByteBuffer;

/**
 * Bytes a server sent, still in the buffers the protocol received them in (a READ reply's data as it
 * came off the connection), lent to the engine until {@link #close()}. The engine copies them to the
 * reader and to the cache from there, so the protocol's I/O thread copies nothing: with a copy into the
 * engine's buffer, a cold NFS read spent two fifths of its event loop's time in that copy.
 *
 * <p>Threading: {@link #buffers()} may be called from any thread until the bytes are closed;
 * {@link #close()} is called once, by the owner, after every use.
 */
public interface ReceivedBytes extends AutoCloseable {

    /** How many bytes there are: the sum of the {@link #buffers()}' remaining bytes. */
    int length();

    /**
     * The bytes in order, as fresh views (the caller may move their positions and limits) of memory
     * that stays valid until {@link #close()}; the caller must not write to it.
     */
    ByteBuffer[] buffers();

    /** Gives the buffers back to the protocol; the views must not be used afterwards. */
    @Override
    void close();
}
