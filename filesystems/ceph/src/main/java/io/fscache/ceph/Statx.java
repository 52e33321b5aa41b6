package io.fscache.ceph;

import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A decoded {@code struct ceph_statx} ({@code cephfs/ceph_ll_client.h}, x86-64/aarch64 layout:
 * u32 mask, blksize, nlink, uid, gid; u16 mode; u64 ino, size, blocks; dev_t dev, rdev; four
 * timespecs a, c, m, b; u64 version), and the {@link FileAttributes} the cache keys on, as Linux keys
 * Ceph ({@code fs/ceph/cache.c}): the cookie key is the inode number and snapshot id (libcephfs puts
 * the snapid in {@code stx_dev}), the coherency data the change attribute ({@code stx_version}, the
 * MDS's {@code change_attr}) and the size.
 */
record Statx(int mask, int mode, int uid, int gid, long ino, long size, long snapId, Instant atime, Instant ctime,
        Instant mtime, long version) {

    /** {@code sizeof(struct ceph_statx)}. */
    static final int SIZE = 136;
    static final int OFFSET_SIZE = 32;

    static final int CEPH_STATX_BASIC_STATS = 0x7ff;
    static final int CEPH_STATX_VERSION = 0x1000;
    /** What every call asks for: the basic stats and the change attribute. */
    static final int WANT = CEPH_STATX_BASIC_STATS | CEPH_STATX_VERSION;

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    static Statx decode(byte[] stx) {
        ByteBuffer b = ByteBuffer.wrap(stx).order(ByteOrder.nativeOrder());
        return new Statx(b.getInt(0), b.getShort(20) & 0xFFFF, b.getInt(12), b.getInt(16), b.getLong(24),
                b.getLong(OFFSET_SIZE), b.getLong(48), time(b, 64), time(b, 80), time(b, 96), b.getLong(128));
    }

    /** A {@code struct ceph_statx} with only {@code stx_size} set, for {@code ceph_ll_setattr(CEPH_SETATTR_SIZE)}. */
    static byte[] ofSize(long size) {
        byte[] stx = new byte[SIZE];
        ByteBuffer.wrap(stx).order(ByteOrder.nativeOrder()).putLong(OFFSET_SIZE, size);
        return stx;
    }

    private static Instant time(ByteBuffer b, int offset) {
        return Instant.ofEpochSecond(b.getLong(offset), b.getLong(offset + 8));
    }

    boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    FileType type() {
        return switch (mode & S_IFMT) {
            case S_IFREG -> FileType.REGULAR;
            case S_IFDIR -> FileType.DIRECTORY;
            case S_IFLNK -> FileType.SYMLINK;
            default -> FileType.OTHER;
        };
    }

    /** The inode number and snapshot id, 16 bytes: the cookie key. */
    byte[] fileId() {
        return ByteBuffer.allocate(16).putLong(ino).putLong(snapId).array();
    }

    /**
     * The change attribute and the size, 16 bytes, when the MDS granted the shared caps that make
     * {@code stx_version} valid; otherwise (flagged by a leading {@code 0xFF} byte, so the two never
     * compare equal) the ctime in nanoseconds and the size.
     */
    byte[] changeId() {
        if ((mask & CEPH_STATX_VERSION) != 0) {
            return ByteBuffer.allocate(16).putLong(version).putLong(size).array();
        }
        return ByteBuffer.allocate(17).put((byte) 0xFF).putLong(ctime.getEpochSecond() * 1_000_000_000L + ctime.getNano())
                .putLong(size).array();
    }

    FileAttributes attributes() {
        return new FileAttributes(type(), size, FileTime.from(mtime), FileTime.from(atime), FileTime.from(ctime),
                fileId(), changeId(), mode & 07777, Integer.toUnsignedString(uid), Integer.toUnsignedString(gid));
    }
}
