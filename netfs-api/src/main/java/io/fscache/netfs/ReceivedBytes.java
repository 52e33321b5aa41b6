package io.fscache.netfs;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

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

    /**
     * Bytes whose views {@code buffers} makes (fresh ones on each call) and which {@code release}
     * gives back, once, on the first {@link #close()}: a Netty protocol passes a retained slice's
     * {@code nioBuffers} and {@code release}.
     *
     * @param length the bytes the views hold together
     */
    static ReceivedBytes of(int length, Supplier<ByteBuffer[]> buffers, Runnable release) {
        AtomicBoolean closed = new AtomicBoolean();
        return new ReceivedBytes() {
            @Override
            public int length() {
                return length;
            }

            @Override
            public ByteBuffer[] buffers() {
                return buffers.get();
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    release.run();
                }
            }
        };
    }
}
