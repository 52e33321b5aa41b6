package io.fscache.nfs;

import io.fscache.netfs.FileNames;
import io.fscache.nfs.rpc.RpcConnection.Args;
import io.fscache.nfs.rpc.Xdr;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * NFSv3 procedures (RFC 1813 §3.3) and their arguments, as {@link Args} that write them. Names
 * are sent as the bytes {@link FileNames} maps them to. Every {@code Args} copies what it needs
 * except a WRITE's data, which is read from the caller's buffer when the call is sent.
 */
final class Nfs3Calls {

    static final int NULL = 0;
    static final int GETATTR = 1;
    static final int SETATTR = 2;
    static final int LOOKUP = 3;
    static final int READ = 6;
    static final int WRITE = 7;
    static final int CREATE = 8;
    static final int MKDIR = 9;
    static final int REMOVE = 12;
    static final int RMDIR = 13;
    static final int RENAME = 14;
    static final int READDIRPLUS = 17;
    static final int FSSTAT = 18;
    static final int FSINFO = 19;
    static final int COMMIT = 21;

    static final int UNSTABLE = 0;
    static final int FILE_SYNC = 2;
    static final int UNCHECKED = 0;
    static final int GUARDED = 1;

    private Nfs3Calls() {
    }

    /** GETATTR, FSSTAT, FSINFO: just the handle. */
    static Args handle(byte[] fh) {
        return out -> Xdr.writeOpaque(out, fh);
    }

    /** LOOKUP, REMOVE, RMDIR: {@code diropargs3}. */
    static Args dirop(byte[] dir, String name) {
        byte[] bytes = FileNames.encode(name);
        return out -> {
            Xdr.writeOpaque(out, dir);
            Xdr.writeOpaque(out, bytes);
        };
    }

    static Args read(byte[] fh, long offset, int count) {
        return out -> {
            Xdr.writeOpaque(out, fh);
            out.writeLong(offset);
            out.writeInt(count);
        };
    }

    /** WRITE of {@code data}'s remaining bytes (its position is not moved). */
    static Args write(byte[] fh, long offset, ByteBuffer data, int stable) {
        return out -> {
            Xdr.writeOpaque(out, fh);
            out.writeLong(offset);
            out.writeInt(data.remaining());
            out.writeInt(stable);
            out.writeInt(data.remaining());
            out.writeBytes(data.duplicate());
            out.writeZero(Xdr.pad(data.remaining()));
        };
    }

    static Args commit(byte[] fh) {
        return out -> {
            Xdr.writeOpaque(out, fh);
            out.writeLong(0);
            out.writeInt(0); // the whole file
        };
    }

    /** SETATTR of the size alone, unguarded. */
    static Args setSize(byte[] fh, long size) {
        return out -> {
            Xdr.writeOpaque(out, fh);
            out.writeInt(0); // mode
            out.writeInt(0); // uid
            out.writeInt(0); // gid
            out.writeInt(1);
            out.writeLong(size);
            out.writeInt(0); // atime: don't change
            out.writeInt(0); // mtime: don't change
            out.writeInt(0); // no guard
        };
    }

    /** CREATE, UNCHECKED or GUARDED (fails if the name exists), with a mode and the credentials' owner. */
    static Args create(byte[] dir, String name, int how, int mode) {
        Args where = dirop(dir, name);
        return out -> {
            where.encode(out);
            out.writeInt(how);
            modeOnly(out, mode);
        };
    }

    static Args mkdir(byte[] dir, String name, int mode) {
        Args where = dirop(dir, name);
        return out -> {
            where.encode(out);
            modeOnly(out, mode);
        };
    }

    static Args rename(byte[] fromDir, String from, byte[] toDir, String to) {
        Args source = dirop(fromDir, from);
        Args target = dirop(toDir, to);
        return out -> {
            source.encode(out);
            target.encode(out);
        };
    }

    static Args readdirplus(byte[] dir, long cookie, byte[] verifier, int dircount, int maxcount) {
        return out -> {
            Xdr.writeOpaque(out, dir);
            out.writeLong(cookie);
            out.writeBytes(verifier);
            out.writeInt(dircount);
            out.writeInt(maxcount);
        };
    }

    /** An {@code sattr3} that sets the mode and nothing else. */
    private static void modeOnly(ByteBuf out, int mode) {
        out.writeInt(1);
        out.writeInt(mode);
        for (int i = 0; i < 5; i++) {
            out.writeInt(0); // uid, gid, size, atime, mtime: not set
        }
    }
}
