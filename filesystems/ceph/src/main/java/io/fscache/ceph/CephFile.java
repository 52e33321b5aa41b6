package io.fscache.ceph;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open file: an {@code Fh*} from {@code ceph_ll_open} or {@code ceph_ll_create} and the inode
 * reference it was opened on, both released at {@link #close()}. Reads and writes run on the
 * session's pool of blocking threads ({@code ceph_ll_read} and {@code ceph_ll_write} block in
 * pacific, which has no non-blocking I/O) and move data straight between the cluster and a direct
 * buffer; a heap buffer goes through the pool thread's own direct buffer. A transfer the OSDs do
 * not answer fails with ETIMEDOUT after the mount's {@code timeout} (libcephfs's
 * {@code rados_osd_op_timeout}); no timeout of our own abandons a native call, which must never
 * outlive the buffer it writes into. Thread-safe.
 */
final class CephFile implements RemoteFile {

    private static final int CEPH_SETATTR_SIZE = 1 << 5;
    /** Each pool thread's direct buffer for heap buffers, grown to the largest transfer it made. */
    private static final ThreadLocal<ByteBuffer> BOUNCE = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(0));

    private final CephMount mount;
    private final String path;
    private final long inode;
    private final long fh;
    private final Executor io;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A write went through this handle: with the object cacher it may still be in this process only. */
    private volatile boolean wrote;
    private volatile FileAttributes attributes;

    CephFile(CephMount mount, String path, long inode, long fh, Statx stat, Executor io, Runnable onClose) {
        this.mount = mount;
        this.path = path;
        this.inode = inode;
        this.fh = fh;
        this.io = io;
        this.onClose = onClose;
        this.attributes = stat.attributes();
    }

    @Override
    public FileAttributes attributes() {
        return attributes;
    }

    @Override
    public FileAttributes refresh() throws IOException {
        byte[] stx = new byte[Statx.SIZE];
        CephMount.check(mount.call("GETATTR", () -> LibCephFs.ceph_ll_getattr(mount.cm, inode, stx, Statx.WANT, 0,
                mount.perms)), path);
        FileAttributes now = Statx.decode(stx).attributes();
        attributes = now;
        mount.invalidations().refreshed(now.fileId());
        return now;
    }

    @Override
    public CompletionStage<Integer> read(long position, ByteBuffer dst) {
        int length = Math.min(dst.remaining(), mount.options.rsize());
        return CompletableFuture.supplyAsync(() -> transfer(position, dst, length, true), io);
    }

    @Override
    public CompletionStage<Integer> write(long position, ByteBuffer src) {
        int length = Math.min(src.remaining(), mount.options.wsize());
        return CompletableFuture.supplyAsync(() -> transfer(position, src, length, false), io);
    }

    /** One {@code ceph_ll_read} or {@code ceph_ll_write} of {@code length} bytes at {@code position}, on a pool thread. */
    private int transfer(long position, ByteBuffer buffer, int length, boolean read) {
        try {
            ByteBuffer direct = buffer.isDirect() ? buffer : bounce(length);
            if (!read && direct != buffer) {
                direct.put(0, buffer, buffer.position(), length);
            }
            long address = Pointer.nativeValue(Native.getDirectBufferPointer(direct)) + (direct == buffer ? buffer.position() : 0);
            int moved = read
                    ? mount.call("READ", () -> LibCephFs.ceph_ll_read(mount.cm, fh, position, length, address))
                    : mount.call("WRITE", () -> LibCephFs.ceph_ll_write(mount.cm, fh, position, length, address));
            if (moved < 0) {
                throw Errno.ioException(moved, path, mount.options.server(), read ? "READ" : "WRITE");
            }
            if (read && direct != buffer) {
                buffer.put(buffer.position(), direct, 0, moved);
            }
            buffer.position(buffer.position() + moved);
            if (read) {
                mount.counters().read(moved);
            } else {
                wrote = true;
                mount.counters().written(moved);
            }
            return moved;
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static ByteBuffer bounce(int length) {
        ByteBuffer buffer = BOUNCE.get();
        if (buffer.capacity() < length) {
            buffer = ByteBuffer.allocateDirect(length);
            BOUNCE.set(buffer);
        }
        return buffer;
    }

    @Override
    public void truncate(long size) throws IOException {
        byte[] stx = Statx.ofSize(size);
        CephMount.check(mount.call("SETATTR", () -> LibCephFs.ceph_ll_setattr(mount.cm, inode, stx, CEPH_SETATTR_SIZE,
                mount.perms)), path);
    }

    @Override
    public void fsync() throws IOException {
        CephMount.check(mount.call("FSYNC", () -> LibCephFs.ceph_ll_fsync(mount.cm, fh, 0)), path);
    }

    /**
     * Closes the handle, then records the attributes and releases the inode. What was written is
     * synced to the OSDs first: with the object cacher it is buffered in this process, and a close
     * must leave nothing that a crash of this JVM could lose.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (wrote) {
                fsync();
            }
            CephMount.check(mount.call("CLOSE", () -> LibCephFs.ceph_ll_close(mount.cm, fh)), path);
            refresh();
        } finally {
            try {
                mount.put(inode);
            } finally {
                onClose.run();
            }
        }
    }
}
