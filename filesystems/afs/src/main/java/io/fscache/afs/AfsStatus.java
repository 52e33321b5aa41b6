package io.fscache.afs;

import io.fscache.afs.rx.RxProtocolException;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import io.netty.buffer.ByteBuf;
import java.nio.file.attribute.FileTime;

/**
 * A file's status as the fileserver returns it ({@code AFSFetchStatus}, 21 words, in
 * {@code src/fsint/afsint.xg}): type (1 file, 2 directory, 3 symbolic link), the 64-bit length and
 * DataVersion (their high words come late in the struct), owner, group, mode bits, the caller's
 * and anonymous access rights, and times in seconds.
 */
record AfsStatus(int type, long length, long dataVersion, int owner, int group, int mode, int callerAccess,
        int anonymousAccess, long clientModTime, long serverModTime, int parentVnode, int parentUnique) {

    static final int FILE = 1;
    static final int DIRECTORY = 2;
    static final int SYMLINK = 3;
    static final int WORDS = 21;

    static AfsStatus read(ByteBuf in) throws RxProtocolException {
        AfsXdr.need(in, 4L * WORDS, "AFSFetchStatus");
        int[] w = new int[WORDS];
        for (int i = 0; i < WORDS; i++) {
            w[i] = in.readInt();
        }
        int type = w[1];
        if (type < FILE || type > SYMLINK) {
            throw new RxProtocolException("AFSFetchStatus has file type " + type + ", not 1, 2 or 3");
        }
        long length = ((long) w[19] << 32) | Integer.toUnsignedLong(w[3]);
        long dataVersion = ((long) w[17] << 32) | Integer.toUnsignedLong(w[4]);
        if (length < 0) {
            throw new RxProtocolException("AFSFetchStatus has a negative length");
        }
        return new AfsStatus(type, length, dataVersion, w[6], w[15], w[9] & 07777, w[7], w[8],
                Integer.toUnsignedLong(w[13]), Integer.toUnsignedLong(w[14]), w[10], w[11]);
    }

    boolean isDirectory() {
        return type == DIRECTORY;
    }

    /** The DataVersion as the cache's coherency data: eight bytes, big-endian (kAFS's {@code afs_vnode_cache_aux}). */
    byte[] changeId() {
        byte[] id = new byte[8];
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (dataVersion >>> (56 - 8 * i));
        }
        return id;
    }

    FileAttributes toAttributes(AfsFid fid) {
        FileType fileType = switch (type) {
            case DIRECTORY -> FileType.DIRECTORY;
            case SYMLINK -> FileType.SYMLINK;
            default -> FileType.REGULAR;
        };
        FileTime modified = FileTime.fromMillis(clientModTime * 1000);
        FileTime changed = FileTime.fromMillis(serverModTime * 1000);
        return new FileAttributes(fileType, length, modified, modified, changed, fid.cookieKey(), changeId(), mode,
                Integer.toUnsignedString(owner), Integer.toUnsignedString(group));
    }
}
