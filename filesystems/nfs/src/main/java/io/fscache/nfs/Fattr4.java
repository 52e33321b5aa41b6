package io.fscache.nfs;

import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import io.fscache.nfs.rpc.RpcProtocolException;
import io.fscache.nfs.rpc.Xdr;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * NFSv4 attributes ({@code fattr4}, RFC 8881 §5): a bitmap of attribute numbers and their values in
 * ascending order. Only the attributes this client asks for are understood; a server that sends
 * another is refused, as its value's length cannot be known. Absent values are -1 (null for owners).
 */
record Fattr4(int type, long change, long size, long fsidMajor, long fsidMinor, long lease, long fileid, long maxread,
        long maxwrite, int mode, String owner, String group, long[] atime, long[] ctime, long[] mtime,
        long spaceAvail, long spaceFree, long spaceTotal, byte[] handle) {

    static final int TYPE = 1;
    static final int CHANGE = 3;
    static final int SIZE = 4;
    static final int FSID = 8;
    static final int LEASE_TIME = 10;
    static final int FILEHANDLE = 19;
    static final int FILEID = 20;
    static final int MAXREAD = 30;
    static final int MAXWRITE = 31;
    static final int MODE = 33;
    static final int OWNER = 36;
    static final int OWNER_GROUP = 37;
    static final int SPACE_AVAIL = 42;
    static final int SPACE_FREE = 43;
    static final int SPACE_TOTAL = 44;
    static final int TIME_ACCESS = 47;
    static final int TIME_METADATA = 52;
    static final int TIME_MODIFY = 53;

    /** What a stat asks: type, change, size, fsid, fileid, mode, owners and times. */
    static final int[] FILE = bitmap(TYPE, CHANGE, SIZE, FSID, FILEID, MODE, OWNER, OWNER_GROUP, TIME_ACCESS,
            TIME_METADATA, TIME_MODIFY);
    /** What a listing asks of each entry: a stat's, and the file handle (the cookie key). */
    static final int[] LISTED = bitmap(TYPE, CHANGE, SIZE, FSID, FILEHANDLE, FILEID, MODE, OWNER, OWNER_GROUP,
            TIME_ACCESS, TIME_METADATA, TIME_MODIFY);
    /** What the root is asked at mount: a stat's, and the transfer sizes. */
    static final int[] ROOT = bitmap(TYPE, CHANGE, SIZE, FSID, LEASE_TIME, FILEID, MAXREAD, MAXWRITE, MODE, OWNER, OWNER_GROUP,
            TIME_ACCESS, TIME_METADATA, TIME_MODIFY);
    static final int[] SPACE = bitmap(SPACE_AVAIL, SPACE_FREE, SPACE_TOTAL);
    /** After I/O: what the coherency data is made of. */
    static final int[] CHANGED = bitmap(CHANGE, SIZE, TIME_METADATA, TIME_MODIFY);

    private static final int MAX_WORDS = 8;
    private static final int MAX_OWNER = 1024;
    /** NFS4_FHSIZE (RFC 8881 §2.2). */
    private static final int MAX_HANDLE = 128;

    static int[] bitmap(int... attributes) {
        int[] words = new int[2];
        for (int a : attributes) {
            words[a / 32] |= 1 << (a % 32);
        }
        return words;
    }

    static void writeBitmap(ByteBuf out, int[] words) {
        out.writeInt(words.length);
        for (int w : words) {
            out.writeInt(w);
        }
    }

    /** An fattr4 that sets the mode alone. */
    static void writeMode(ByteBuf out, int mode) {
        writeBitmap(out, bitmap(MODE));
        out.writeInt(4);
        out.writeInt(mode);
    }

    /** An fattr4 that sets the size alone. */
    static void writeSize(ByteBuf out, long size) {
        writeBitmap(out, bitmap(SIZE));
        out.writeInt(8);
        out.writeLong(size);
    }

    static int[] readBitmap(ByteBuf in) throws RpcProtocolException {
        long count = Xdr.uint32(in, "bitmap4 length");
        if (count > MAX_WORDS) {
            throw new RpcProtocolException("a bitmap4 of " + count + " words");
        }
        int[] words = new int[(int) count];
        for (int i = 0; i < words.length; i++) {
            words[i] = Xdr.int32(in, "bitmap4 word");
        }
        return words;
    }

    static Fattr4 read(ByteBuf in) throws RpcProtocolException {
        int[] words = readBitmap(in);
        ByteBuf values = Xdr.opaqueSlice(in, in.readableBytes(), "attrlist4");
        int type = -1;
        int mode = -1;
        long change = -1, size = -1, fsidMajor = -1, fsidMinor = -1, lease = -1, fileid = -1, maxread = -1, maxwrite = -1;
        long avail = -1, free = -1, total = -1;
        String owner = null, group = null;
        long[] atime = null, ctime = null, mtime = null;
        byte[] handle = null;
        for (int word = 0; word < words.length; word++) {
            for (int bit = 0; bit < 32; bit++) {
                if ((words[word] & (1 << bit)) == 0) {
                    continue;
                }
                int attribute = word * 32 + bit;
                switch (attribute) {
                    case TYPE -> type = Xdr.int32(values, "type");
                    case CHANGE -> change = Xdr.int64(values, "change");
                    case SIZE -> size = Xdr.int64(values, "size");
                    case FSID -> {
                        fsidMajor = Xdr.int64(values, "fsid major");
                        fsidMinor = Xdr.int64(values, "fsid minor");
                    }
                    case LEASE_TIME -> lease = Xdr.uint32(values, "lease_time");
                    case FILEHANDLE -> handle = Xdr.opaque(values, MAX_HANDLE, "filehandle");
                    case FILEID -> fileid = Xdr.int64(values, "fileid");
                    case MAXREAD -> maxread = Xdr.int64(values, "maxread");
                    case MAXWRITE -> maxwrite = Xdr.int64(values, "maxwrite");
                    case MODE -> mode = Xdr.int32(values, "mode");
                    case OWNER -> owner = new String(Xdr.opaque(values, MAX_OWNER, "owner"), StandardCharsets.UTF_8);
                    case OWNER_GROUP -> group = new String(Xdr.opaque(values, MAX_OWNER, "owner_group"), StandardCharsets.UTF_8);
                    case SPACE_AVAIL -> avail = Xdr.int64(values, "space_avail");
                    case SPACE_FREE -> free = Xdr.int64(values, "space_free");
                    case SPACE_TOTAL -> total = Xdr.int64(values, "space_total");
                    case TIME_ACCESS -> atime = time(values, "time_access");
                    case TIME_METADATA -> ctime = time(values, "time_metadata");
                    case TIME_MODIFY -> mtime = time(values, "time_modify");
                    default -> throw new RpcProtocolException("attribute " + attribute + " was not asked for");
                }
            }
        }
        if (size < -1) {
            throw new RpcProtocolException("size " + Long.toUnsignedString(size) + " is beyond 2^63");
        }
        return new Fattr4(type, change, size, fsidMajor, fsidMinor, lease, fileid, maxread, maxwrite, mode, owner, group,
                atime, ctime, mtime, avail, free, total, handle);
    }

    private static long[] time(ByteBuf in, String what) throws RpcProtocolException {
        return new long[] {Xdr.int64(in, what + " seconds"), Xdr.uint32(in, what + " nanoseconds")};
    }

    /**
     * The engine's view: the file handle is the cookie key; the change attribute and the size are
     * the coherency data, as Linux keys NFSv4 files.
     */
    FileAttributes toAttributes(byte[] handle) throws RpcProtocolException {
        if (type < 0 || size < 0 || change == -1 && mtime == null) {
            throw new RpcProtocolException("the server left out the type, size or change attribute of a file");
        }
        FileType fileType = switch (type) {
            case 1 -> FileType.REGULAR;
            case 2 -> FileType.DIRECTORY;
            case 5 -> FileType.SYMLINK;
            default -> FileType.OTHER;
        };
        byte[] changeId = ByteBuffer.allocate(16).putLong(change).putLong(size).array();
        FileTime modified = time(mtime);
        return new FileAttributes(fileType, size, modified, atime == null ? modified : time(atime),
                ctime == null ? modified : time(ctime), handle, changeId, mode < 0 ? -1 : mode & 07777, owner, group);
    }

    /** These attributes with the ones in {@code after} that it has (post-operation attributes). */
    Fattr4 with(Fattr4 after) {
        return new Fattr4(type, after.change >= 0 ? after.change : change, after.size >= 0 ? after.size : size,
                fsidMajor, fsidMinor, lease, fileid, maxread, maxwrite, mode, owner, group, atime,
                after.ctime != null ? after.ctime : ctime, after.mtime != null ? after.mtime : mtime,
                spaceAvail, spaceFree, spaceTotal, handle);
    }

    private static FileTime time(long[] time) {
        return time == null ? FileTime.fromMillis(0) : FileTime.from(Instant.ofEpochSecond(time[0], Math.min(time[1], 999_999_999L)));
    }
}
