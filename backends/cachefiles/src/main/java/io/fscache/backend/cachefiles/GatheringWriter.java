package io.fscache.backend.cachefiles;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes bytes given as several buffers (a protocol's receive buffers, lent as they came off the
 * socket) to a data file in positional writes of up to {@link #RUN} bytes, gathered through a buffer
 * of the writing thread. ext4 sizes the page-cache folios of a file by the writes that fill it, and a
 * warm read of this cache is a read of those pages: a file written in 4 KiB pieces read back at
 * ~6 GB/s, in 64 KiB pieces at ~14, in 1 MiB writes at 18-21 (Linux 6.18, large folios), so the copy
 * into one run costs the store thread less than the reader gains. {@link FileChannel} has no
 * positional gathering write. One instance per cache; thread-safe, each thread gathering into its
 * own buffer.
 */
final class GatheringWriter {

    /** The largest positional write, and each thread's gathering buffer. */
    static final int RUN = 1 << 20;

    private final ThreadLocal<ByteBuffer> runs = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(RUN));

    /**
     * Writes {@code length} bytes of {@code srcs}, from their positions on and in order, to
     * {@code channel} at {@code position}. The buffers' positions do not move.
     *
     * @throws IOException as {@link FileChannel#write(ByteBuffer, long)} throws it
     * @throws BufferUnderflowException if the buffers hold fewer than {@code length} bytes
     */
    void write(FileChannel channel, ByteBuffer[] srcs, long position, long length) throws IOException {
        if (srcs.length == 1) {
            writeFully(channel, srcs[0].duplicate().limit(srcs[0].position() + Math.toIntExact(length)), position);
            return;
        }
        ByteBuffer run = runs.get();
        long at = position;
        long end = position + length;
        int next = 0;
        ByteBuffer src = ByteBuffer.allocate(0);
        while (at < end) {
            run.clear().limit((int) Math.min(RUN, end - at));
            while (run.hasRemaining()) {
                while (!src.hasRemaining()) {
                    if (next == srcs.length) {
                        throw new BufferUnderflowException();
                    }
                    src = srcs[next++].duplicate();
                }
                int n = Math.min(src.remaining(), run.remaining());
                run.put(run.position(), src, src.position(), n);
                run.position(run.position() + n);
                src.position(src.position() + n);
            }
            at += writeFully(channel, run.flip(), at);
        }
    }

    private static int writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        int written = 0;
        while (bytes.hasRemaining()) {
            written += channel.write(bytes, position + written);
        }
        return written;
    }
}
