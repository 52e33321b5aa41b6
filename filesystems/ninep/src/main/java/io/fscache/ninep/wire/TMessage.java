package io.fscache.ninep.wire;

import io.netty.buffer.ByteBuf;
import io.fscache.netfs.FileNames;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A request before it gets its tag: the operation and a writer of its body. Built on any thread;
 * the connection assigns the tag and {@link NinePEncoder} frames it on the event loop.
 */
public final class TMessage {

    /** Size, type and tag: the 7 bytes before every body. */
    static final int HEADER = 7;
    /** The most names one {@code Twalk} may carry. */
    public static final int MAXWELEM = 16;
    public static final int NOTAG = 0xFFFF;
    static final int NOFID = 0xFFFFFFFF;
    /** The {@code n_uname} meaning "look the user up by {@code uname}". */
    public static final int NONUNAME = 0xFFFFFFFF;
    /** {@code Tgetattr} mask: the basic fields (mode to blocks, three times). */
    public static final long GETATTR_BASIC = 0x7FFL;
    /** {@code Tsetattr} valid bit of the size. */
    static final int SETATTR_SIZE = 0x8;

    @FunctionalInterface
    interface Body {
        void writeTo(ByteBuf out);
    }

    private final Op op;
    private final int bodySize;
    private final Body body;

    private TMessage(Op op, int bodySize, Body body) {
        this.op = op;
        this.bodySize = bodySize;
        this.body = body;
    }

    public Op op() {
        return op;
    }

    /** The whole frame's size, header included. */
    public int frameSize() {
        return HEADER + bodySize;
    }

    void writeBody(ByteBuf out) {
        body.writeTo(out);
    }

    @Override
    public String toString() {
        return op.requestName();
    }

    public static TMessage version(int msize, String version) {
        byte[] v = string(version);
        return new TMessage(Op.VERSION, 4 + 2 + v.length, out -> {
            out.writeIntLE(msize);
            writeString(out, v);
        });
    }

    public static TMessage attach(int fid, String uname, String aname, int nUname) {
        byte[] u = string(uname);
        byte[] a = string(aname);
        return new TMessage(Op.ATTACH, 4 + 4 + 2 + u.length + 2 + a.length + 4, out -> {
            out.writeIntLE(fid);
            out.writeIntLE(NOFID);
            writeString(out, u);
            writeString(out, a);
            out.writeIntLE(nUname);
        });
    }

    /**
     * A walk of at most {@value #MAXWELEM} names, as {@link #encode(List)} gives them; zero names
     * clones {@code fid}.
     */
    public static TMessage walk(int fid, int newFid, List<byte[]> names) {
        if (names.size() > MAXWELEM) {
            throw new IllegalArgumentException("a Twalk carries at most 16 names: " + names.size());
        }
        byte[][] encoded = names.toArray(byte[][]::new);
        int size = 4 + 4 + 2;
        for (byte[] name : encoded) {
            size += 2 + name.length;
        }
        return new TMessage(Op.WALK, size, out -> {
            out.writeIntLE(fid);
            out.writeIntLE(newFid);
            out.writeShortLE(encoded.length);
            for (byte[] name : encoded) {
                writeString(out, name);
            }
        });
    }

    public static TMessage getattr(int fid, long mask) {
        return new TMessage(Op.GETATTR, 12, out -> {
            out.writeIntLE(fid);
            out.writeLongLE(mask);
        });
    }

    /** Sets the size only (a truncate); the other fields are sent as zeros and not valid. */
    public static TMessage setSize(int fid, long size) {
        return new TMessage(Op.SETATTR, 4 + 4 + 4 + 4 + 4 + 8 + 4 * 8, out -> {
            out.writeIntLE(fid);
            out.writeIntLE(SETATTR_SIZE);
            out.writeIntLE(0);
            out.writeIntLE(0);
            out.writeIntLE(0);
            out.writeLongLE(size);
            out.writeZero(4 * 8);
        });
    }

    public static TMessage lopen(int fid, int flags) {
        return new TMessage(Op.LOPEN, 8, out -> {
            out.writeIntLE(fid);
            out.writeIntLE(flags);
        });
    }

    public static TMessage lcreate(int fid, String name, int flags, int mode, int gid) {
        byte[] n = string(name);
        return new TMessage(Op.LCREATE, 4 + 2 + n.length + 12, out -> {
            out.writeIntLE(fid);
            writeString(out, n);
            out.writeIntLE(flags);
            out.writeIntLE(mode);
            out.writeIntLE(gid);
        });
    }

    public static TMessage mkdir(int dirFid, String name, int mode, int gid) {
        byte[] n = string(name);
        return new TMessage(Op.MKDIR, 4 + 2 + n.length + 8, out -> {
            out.writeIntLE(dirFid);
            writeString(out, n);
            out.writeIntLE(mode);
            out.writeIntLE(gid);
        });
    }

    public static TMessage read(int fid, long offset, int count) {
        return new TMessage(Op.READ, 16, out -> {
            out.writeIntLE(fid);
            out.writeLongLE(offset);
            out.writeIntLE(count);
        });
    }

    /** Writes {@code data}'s remaining bytes; the buffer is read when the frame is encoded, not moved. */
    public static TMessage write(int fid, long offset, ByteBuffer data) {
        ByteBuffer bytes = data.duplicate();
        return new TMessage(Op.WRITE, 16 + bytes.remaining(), out -> {
            out.writeIntLE(fid);
            out.writeLongLE(offset);
            out.writeIntLE(bytes.remaining());
            out.writeBytes(bytes.duplicate());
        });
    }

    public static TMessage readdir(int fid, long offset, int count) {
        return new TMessage(Op.READDIR, 16, out -> {
            out.writeIntLE(fid);
            out.writeLongLE(offset);
            out.writeIntLE(count);
        });
    }

    public static TMessage renameat(int oldDirFid, String oldName, int newDirFid, String newName) {
        byte[] o = string(oldName);
        byte[] n = string(newName);
        return new TMessage(Op.RENAMEAT, 4 + 2 + o.length + 4 + 2 + n.length, out -> {
            out.writeIntLE(oldDirFid);
            writeString(out, o);
            out.writeIntLE(newDirFid);
            writeString(out, n);
        });
    }

    public static TMessage rename(int fid, int dirFid, String name) {
        byte[] n = string(name);
        return new TMessage(Op.RENAME, 8 + 2 + n.length, out -> {
            out.writeIntLE(fid);
            out.writeIntLE(dirFid);
            writeString(out, n);
        });
    }

    public static TMessage unlinkat(int dirFid, String name, int flags) {
        byte[] n = string(name);
        return new TMessage(Op.UNLINKAT, 4 + 2 + n.length + 4, out -> {
            out.writeIntLE(dirFid);
            writeString(out, n);
            out.writeIntLE(flags);
        });
    }

    public static TMessage remove(int fid) {
        return fidOnly(Op.REMOVE, fid);
    }

    public static TMessage clunk(int fid) {
        return fidOnly(Op.CLUNK, fid);
    }

    public static TMessage statfs(int fid) {
        return fidOnly(Op.STATFS, fid);
    }

    public static TMessage fsync(int fid) {
        return new TMessage(Op.FSYNC, 8, out -> {
            out.writeIntLE(fid);
            out.writeIntLE(0);
        });
    }

    public static TMessage flush(int oldTag) {
        return new TMessage(Op.FLUSH, 2, out -> out.writeShortLE(oldTag));
    }

    private static TMessage fidOnly(Op op, int fid) {
        return new TMessage(op, 4, out -> out.writeIntLE(fid));
    }

    /** Names as a walk sends them; fails on a name that cannot be sent before anything is. */
    public static List<byte[]> encode(List<String> names) {
        return names.stream().map(TMessage::string).toList();
    }

    /**
     * A name or path as the server spells it: every string crosses the wire through
     * {@link FileNames}, so that a name a server listed reaches that same file again.
     */
    static byte[] string(String s) {
        byte[] bytes = FileNames.encode(s);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("a 9P string is at most 65535 bytes: " + bytes.length);
        }
        return bytes;
    }

    private static void writeString(ByteBuf out, byte[] bytes) {
        out.writeShortLE(bytes.length);
        out.writeBytes(bytes);
    }

}
