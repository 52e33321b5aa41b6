package io.fscache.nfs;

import io.fscache.netfs.FileNames;
import io.fscache.nfs.rpc.RpcConnection.Args;
import io.fscache.nfs.rpc.Xdr;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * NFSv4.1 operations (RFC 8881 §18) and the COMPOUND that carries them: each {@link Op} writes its
 * opcode and arguments. Names are sent as the bytes {@link FileNames} maps them to. A WRITE's data
 * is read from the caller's buffer when the call is sent.
 */
final class Nfs4Ops {

    static final int ACCESS = 3;
    static final int CLOSE = 4;
    static final int COMMIT = 5;
    static final int CREATE = 6;
    static final int GETATTR = 9;
    static final int GETFH = 10;
    static final int LOOKUP = 15;
    static final int OPEN = 18;
    static final int PUTFH = 22;
    static final int PUTROOTFH = 24;
    static final int READ = 25;
    static final int READDIR = 26;
    static final int REMOVE = 28;
    static final int RENAME = 29;
    static final int RESTOREFH = 31;
    static final int SAVEFH = 32;
    static final int SETATTR = 34;
    static final int WRITE = 38;
    static final int EXCHANGE_ID = 42;
    static final int CREATE_SESSION = 43;
    static final int DESTROY_SESSION = 44;
    static final int SEQUENCE = 53;
    static final int DESTROY_CLIENTID = 57;
    static final int RECLAIM_COMPLETE = 58;

    static final int NF4DIR = 2;
    static final int OPEN4_SHARE_ACCESS_READ = 1;
    static final int OPEN4_SHARE_ACCESS_BOTH = 3;
    static final int OPEN4_SHARE_ACCESS_WANT_NO_DELEG = 0x0400;
    static final int UNSTABLE4 = 0;
    static final int FILE_SYNC4 = 2;
    static final int UNCHECKED4 = 0;
    static final int GUARDED4 = 1;
    static final int CLAIM_NULL = 0;
    static final int CLAIM_FH = 4;

    /** One operation of a COMPOUND. */
    record Op(int code, Consumer<ByteBuf> args) {
    }

    private Nfs4Ops() {
    }

    /** COMPOUND4args: an empty tag, minor version 1, the operations. */
    static Args compound(List<Op> ops) {
        return out -> {
            out.writeInt(0);
            out.writeInt(1);
            out.writeInt(ops.size());
            for (Op op : ops) {
                out.writeInt(op.code());
                op.args().accept(out);
            }
        };
    }

    static Op sequence(byte[] sessionId, int sequenceId, int slot, int highestSlot) {
        return new Op(SEQUENCE, out -> {
            out.writeBytes(sessionId);
            out.writeInt(sequenceId);
            out.writeInt(slot);
            out.writeInt(highestSlot);
            out.writeInt(0); // cachethis
        });
    }

    static Op putfh(byte[] fh) {
        return new Op(PUTFH, out -> Xdr.writeOpaque(out, fh));
    }

    static Op putrootfh() {
        return new Op(PUTROOTFH, out -> { });
    }

    static Op getfh() {
        return new Op(GETFH, out -> { });
    }

    static Op savefh() {
        return new Op(SAVEFH, out -> { });
    }

    static Op restorefh() {
        return new Op(RESTOREFH, out -> { });
    }

    static Op lookup(String name) {
        byte[] bytes = FileNames.encode(name);
        return new Op(LOOKUP, out -> Xdr.writeOpaque(out, bytes));
    }

    static Op getattr(int[] bitmap) {
        return new Op(GETATTR, out -> Fattr4.writeBitmap(out, bitmap));
    }

    static Op read(byte[] stateid, long offset, int count) {
        return new Op(READ, out -> {
            out.writeBytes(stateid);
            out.writeLong(offset);
            out.writeInt(count);
        });
    }

    static Op write(byte[] stateid, long offset, ByteBuffer data, int stable) {
        return new Op(WRITE, out -> {
            out.writeBytes(stateid);
            out.writeLong(offset);
            out.writeInt(stable);
            out.writeInt(data.remaining());
            out.writeBytes(data.duplicate());
            out.writeZero(Xdr.pad(data.remaining()));
        });
    }

    static Op commit() {
        return new Op(COMMIT, out -> {
            out.writeLong(0);
            out.writeInt(0);
        });
    }

    /**
     * OPEN of {@code name} in the current directory (CLAIM_NULL), creating it when {@code create}
     * is UNCHECKED4 or GUARDED4 (-1: no create), or of the current file itself (CLAIM_FH, name null).
     */
    static Op open(long clientId, byte[] owner, int access, int create, int mode, String name) {
        byte[] bytes = name == null ? null : FileNames.encode(name);
        return new Op(OPEN, out -> {
            out.writeInt(0); // seqid: unused in 4.1
            out.writeInt(access | OPEN4_SHARE_ACCESS_WANT_NO_DELEG);
            out.writeInt(0); // deny none
            out.writeLong(clientId);
            Xdr.writeOpaque(out, owner);
            if (create < 0) {
                out.writeInt(0); // OPEN4_NOCREATE
            } else {
                out.writeInt(1); // OPEN4_CREATE
                out.writeInt(create);
                Fattr4.writeMode(out, mode);
            }
            if (bytes == null) {
                out.writeInt(CLAIM_FH);
            } else {
                out.writeInt(CLAIM_NULL);
                Xdr.writeOpaque(out, bytes);
            }
        });
    }

    static Op close(byte[] stateid) {
        return new Op(CLOSE, out -> {
            out.writeInt(0);
            out.writeBytes(stateid);
        });
    }

    static Op mkdir(String name, int mode) {
        byte[] bytes = FileNames.encode(name);
        return new Op(CREATE, out -> {
            out.writeInt(NF4DIR);
            Xdr.writeOpaque(out, bytes);
            Fattr4.writeMode(out, mode);
        });
    }

    static Op remove(String name) {
        byte[] bytes = FileNames.encode(name);
        return new Op(REMOVE, out -> Xdr.writeOpaque(out, bytes));
    }

    static Op rename(String from, String to) {
        byte[] source = FileNames.encode(from);
        byte[] target = FileNames.encode(to);
        return new Op(RENAME, out -> {
            Xdr.writeOpaque(out, source);
            Xdr.writeOpaque(out, target);
        });
    }

    static Op setSize(byte[] stateid, long size) {
        return new Op(SETATTR, out -> {
            out.writeBytes(stateid);
            Fattr4.writeSize(out, size);
        });
    }

    static Op readdir(long cookie, byte[] verifier, int dircount, int maxcount, int[] bitmap) {
        return new Op(READDIR, out -> {
            out.writeLong(cookie);
            out.writeBytes(verifier);
            out.writeInt(dircount);
            out.writeInt(maxcount);
            Fattr4.writeBitmap(out, bitmap);
        });
    }

    /** EXCHANGE_ID: our owner (a verifier and a name unique to this client instance), no state protection. */
    static Op exchangeId(byte[] verifier, String ownerName) {
        byte[] owner = ownerName.getBytes(StandardCharsets.UTF_8);
        return new Op(EXCHANGE_ID, out -> {
            out.writeBytes(verifier);
            Xdr.writeOpaque(out, owner);
            out.writeInt(0x00010000); // EXCHGID4_FLAG_USE_NON_PNFS
            out.writeInt(0); // SP4_NONE
            out.writeInt(0); // no implementation id
        });
    }

    /** CREATE_SESSION: fore channel sized for {@code maxIo} plus headers, {@code slots} slots; a minimal back channel. */
    static Op createSession(long clientId, int sequence, int maxIo, int slots) {
        return new Op(CREATE_SESSION, out -> {
            out.writeLong(clientId);
            out.writeInt(sequence);
            out.writeInt(0); // no persist, no back channel on this connection
            channel(out, maxIo + 8192, maxIo + 8192, 64, slots);
            channel(out, 4096, 4096, 2, 1);
            out.writeInt(0x40000000); // callback program
            out.writeInt(1);
            out.writeInt(0); // AUTH_NONE for callbacks
        });
    }

    private static void channel(ByteBuf out, int request, int response, int ops, int requests) {
        out.writeInt(0); // header pad
        out.writeInt(request);
        out.writeInt(response);
        out.writeInt(4096); // cached response
        out.writeInt(ops);
        out.writeInt(requests);
        out.writeInt(0); // no RDMA
    }

    static Op reclaimComplete() {
        return new Op(RECLAIM_COMPLETE, out -> out.writeInt(0));
    }

    static Op destroySession(byte[] sessionId) {
        return new Op(DESTROY_SESSION, out -> out.writeBytes(sessionId));
    }

    static Op destroyClientId(long clientId) {
        return new Op(DESTROY_CLIENTID, out -> out.writeLong(clientId));
    }
}
