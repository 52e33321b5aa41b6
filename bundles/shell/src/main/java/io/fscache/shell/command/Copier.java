package io.fscache.shell.command;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Copies a channel to another (or to nowhere) in large blocks, reporting progress. Stops at the next
 * block once its thread is interrupted (Ctrl-C at the console), leaving the interrupt set.
 */
final class Copier {

    private static final int BLOCK = 1 << 20;

    private Copier() {
    }

    /**
     * @param out where to write, or {@code null} to only read (warming the cache)
     * @throws InterruptedIOException if the thread is interrupted
     */
    static long copy(ReadableByteChannel in, WritableByteChannel out, Progress progress) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BLOCK);
        long total = 0;
        int n;
        while ((n = in.read(buffer.clear())) >= 0) {
            if (Thread.currentThread().isInterrupted()) {
                // A remote read is not interruptible: it completes, then the copy stops here.
                throw new InterruptedIOException("interrupted");
            }
            buffer.flip();
            while (out != null && buffer.hasRemaining()) {
                out.write(buffer);
            }
            total += n;
            progress.advance(n);
        }
        return total;
    }
}
