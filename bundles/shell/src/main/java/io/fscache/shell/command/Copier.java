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

    /** The block of a download or a warm: readahead keeps the server busy between the reader's blocks. */
    static final int BLOCK = 1 << 20;
    /**
     * The block of an upload. A write through a mount in writethrough mode returns once the server
     * has it (as netfslib's writethrough does), so the engine can only keep as many write RPCs in
     * flight as one write spans: 1 MiB is a single RPC at NFS's and SMB's usual write size.
     */
    static final int UPLOAD_BLOCK = 8 << 20;

    private Copier() {
    }

    /**
     * @param out where to write, or {@code null} to only read (warming the cache)
     * @param block the bytes read and written at a time: {@link #BLOCK} or {@link #UPLOAD_BLOCK}
     * @throws InterruptedIOException if the thread is interrupted
     */
    static long copy(ReadableByteChannel in, WritableByteChannel out, Progress progress, int block) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(block);
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
