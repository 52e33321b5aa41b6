package io.fscache.netfs.lib;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link FileChannel} on an open remote file: keeps the position and applies the open options
 * (append, sync, delete-on-close); the {@link OpenFile} does the I/O. {@link #force} uploads
 * write-back data and asks the server to make it durable. Memory mapping and locks are not
 * supported (the protocols' contract has neither).
 *
 * <p>Thread-safe: position-changing calls are serialized; positional reads and writes are not.
 * Closed by {@link #close()} or when the mount goes away; a close never waits for a read in
 * progress, which then fails with {@link AsynchronousCloseException}.
 */
final class NetfsFileChannel extends FileChannel {

    /** What to do after the file is closed (delete-on-close). */
    @FunctionalInterface
    interface AfterClose {
        void run() throws IOException;
    }

    private static final int TRANSFER_BUFFER = 1 << 20;

    private final OpenFile file;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    private final boolean sync;
    private final AfterClose afterClose;
    private long position;

    NetfsFileChannel(OpenFile file, boolean readable, boolean writable, boolean append, boolean sync,
            AfterClose afterClose) {
        this.file = file;
        this.readable = readable;
        this.writable = writable;
        this.append = append;
        this.sync = sync;
        this.afterClose = afterClose;
        file.onUnmount(this::close);
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int wanted = dsts[i].remaining();
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (n < wanted) {
                break;
            }
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        ensureOpen();
        checkPosition(at);
        if (!readable) {
            throw new NonReadableChannelException();
        }
        try {
            return file.read(at, dst);
        } catch (IOException e) {
            if (!isOpen()) {
                // Closed by another thread while the read was on the wire: say that, not the
                // protocol's view of a handle that went away.
                AsynchronousCloseException closed = new AsynchronousCloseException();
                closed.addSuppressed(e);
                throw closed;
            }
            throw e;
        }
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        ensureWritable();
        int length = src.remaining();
        long at = file.write(append ? -1 : position, src);
        position = at + length;
        if (sync) {
            file.force();
        }
        return length;
    }

    @Override
    public synchronized long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
        }
        return total;
    }

    @Override
    public int write(ByteBuffer src, long at) throws IOException {
        ensureWritable();
        checkPosition(at);
        int length = src.remaining();
        file.write(at, src);
        if (sync) {
            file.force();
        }
        return length;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        checkPosition(newPosition);
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return file.size();
    }

    @Override
    public synchronized FileChannel truncate(long size) throws IOException {
        ensureWritable();
        checkPosition(size);
        file.truncate(size);
        position = Math.min(position, size);
        return this;
    }

    /** Uploads write-back data and makes the server's copy durable (metadata or not: the protocols make no difference). */
    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        file.force();
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(TRANSFER_BUFFER, Math.max(1, count)));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = read(buffer, at + done);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
        return done;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(TRANSFER_BUFFER, Math.max(1, count)));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = src.read(buffer);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            write(buffer, at + done);
            done += n;
        }
        return done;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw new UnsupportedOperationException("a network file cannot be memory-mapped");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("network filesystems here have no locks");
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("network filesystems here have no locks");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
        if (afterClose != null) {
            afterClose.run();
        }
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private void ensureWritable() throws IOException {
        ensureOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
    }

    private static void checkPosition(long at) {
        if (at < 0) {
            throw new IllegalArgumentException("negative position " + at);
        }
    }
}
