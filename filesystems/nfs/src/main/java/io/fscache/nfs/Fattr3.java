package io.fscache.nfs;

import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import io.fscache.nfs.rpc.RpcProtocolException;
import io.fscache.nfs.rpc.Xdr;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * NFSv3 file attributes, {@code fattr3} (RFC 1813 §2.6): 84 bytes on the wire. Times are seconds
 * and nanoseconds since the epoch; {@code fsid} and {@code fileid} are the server's.
 */
record Fattr3(int type, int mode, long nlink, long uid, long gid, long size, long fsid, long fileid,
        long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec, long ctimeSec, long ctimeNsec) {

    static final int NF3REG = 1;
    static final int NF3DIR = 2;
    static final int NF3LNK = 5;

    static Fattr3 read(ByteBuf in) throws RpcProtocolException {
        int type = Xdr.int32(in, "fattr3 type");
        int mode = Xdr.int32(in, "fattr3 mode");
        long nlink = Xdr.uint32(in, "fattr3 nlink");
        long uid = Xdr.uint32(in, "fattr3 uid");
        long gid = Xdr.uint32(in, "fattr3 gid");
        long size = Xdr.int64(in, "fattr3 size");
        Xdr.int64(in, "fattr3 used");
        Xdr.int64(in, "fattr3 rdev");
        long fsid = Xdr.int64(in, "fattr3 fsid");
        long fileid = Xdr.int64(in, "fattr3 fileid");
        long[] times = new long[6];
        for (int i = 0; i < times.length; i++) {
            times[i] = Xdr.uint32(in, "fattr3 time");
        }
        if (size < 0) {
            throw new RpcProtocolException("fattr3 size " + Long.toUnsignedString(size) + " is beyond 2^63");
        }
        return new Fattr3(type, mode, nlink, uid, gid, size, fsid, fileid, times[0], times[1], times[2], times[3],
                times[4], times[5]);
    }

    /** An optional {@code fattr3} ({@code post_op_attr}); {@code null} when the server sent none. */
    static Fattr3 readOptional(ByteBuf in) throws RpcProtocolException {
        return Xdr.bool(in, "post_op_attr") ? read(in) : null;
    }

    /**
     * The engine's view: the file handle is the cookie key, as Linux keys NFS files; mtime, ctime
     * and size are the coherency data (ctime too: a write that puts the mtime back still moves it).
     */
    FileAttributes toAttributes(byte[] handle) {
        FileType fileType = switch (type) {
            case NF3REG -> FileType.REGULAR;
            case NF3DIR -> FileType.DIRECTORY;
            case NF3LNK -> FileType.SYMLINK;
            default -> FileType.OTHER;
        };
        byte[] changeId = ByteBuffer.allocate(8 * 5).putLong(mtimeSec).putLong(mtimeNsec)
                .putLong(ctimeSec).putLong(ctimeNsec).putLong(size).array();
        return new FileAttributes(fileType, size, time(mtimeSec, mtimeNsec), time(atimeSec, atimeNsec),
                time(ctimeSec, ctimeNsec), handle, changeId, mode & 07777, Long.toString(uid), Long.toString(gid));
    }

    /** Whether these attributes are at least as recent as {@code other}'s, by ctime. */
    boolean notOlderThan(Fattr3 other) {
        return ctimeSec != other.ctimeSec ? ctimeSec > other.ctimeSec : ctimeNsec >= other.ctimeNsec;
    }

    private static FileTime time(long seconds, long nanos) {
        return FileTime.from(Instant.ofEpochSecond(seconds, Math.min(nanos, 999_999_999L)));
    }
}
