package io.fscache.nfs;

import io.fscache.netfs.FileNames;
import io.fscache.netfs.ReceivedBytes;
import io.fscache.nfs.rpc.RpcProtocolException;
import io.fscache.nfs.rpc.Xdr;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a COMPOUND4res (RFC 8881 §16.2.3) one operation result at a time, on the event loop: each
 * {@link #op} checks the opcode and throws the {@link Nfs4Status} exception for the path the caller
 * gave when the operation failed (the results end at the first failure). Lengths are checked before
 * anything is allocated; a result that does not parse is an {@link RpcProtocolException}.
 */
final class Nfs4Reply {

    static final int SESSIONID = 16;
    static final int STATEID = 16;
    static final int VERIFIER = 8;
    /** RFC 8881's {@code NFS4_FHSIZE}. */
    static final int FHSIZE = 128;
    private static final int MAX_TAG = 1024;
    private static final int MAX_OPAQUE = 1024;

    record Entry(String name, long cookie, Fattr4 attributes) {
    }

    record DirPage(List<Entry> entries, byte[] verifier, boolean eof) {
    }

    record Opened(byte[] stateid) {
    }

    record Written(int count, int committed, long verifier) {
    }

    /** What EXCHANGE_ID gave: the client id, and the sequence id CREATE_SESSION must send. */
    record Client(long id, int sequence) {
    }

    /** What CREATE_SESSION gave: the session id and the fore channel's limits. */
    record Session(byte[] id, long maxRequest, long maxResponse, int slots) {
    }

    private final ByteBuf in;
    private final String path;
    private long left;

    private Nfs4Reply(ByteBuf in, String path, long count) {
        this.in = in;
        this.path = path;
        this.left = count;
    }

    /** The COMPOUND's status is that of its last result, which {@link #op} reports: it is read past here. */
    static Nfs4Reply read(ByteBuf in, String path) throws RpcProtocolException {
        Xdr.int32(in, "COMPOUND status");
        Xdr.skipOpaque(in, MAX_TAG, "tag");
        return new Nfs4Reply(in, path, Xdr.uint32(in, "result count"));
    }

    /** Moves to the next result, which must be {@code code}'s; returns the reply positioned at its body. */
    ByteBuf op(int code) throws IOException {
        if (left-- <= 0) {
            throw new RpcProtocolException("COMPOUND results end before operation " + code);
        }
        int opcode = Xdr.int32(in, "opcode");
        if (opcode != code) {
            throw new RpcProtocolException("the result of operation " + opcode + " where " + code + " was due");
        }
        int status = Xdr.int32(in, "nfsstat4");
        if (status != Nfs4Status.OK) {
            throw Nfs4Status.toException(status, path);
        }
        return in;
    }

    /** SEQUENCE's result: checked, and skipped (the slot bookkeeping is the caller's). */
    void sequence() throws IOException {
        op(Nfs4Ops.SEQUENCE);
        Xdr.fixed(in, SESSIONID, "sessionid");
        for (int i = 0; i < 5; i++) {
            Xdr.int32(in, "SEQUENCE result");
        }
    }

    void plain(int code) throws IOException {
        op(code);
    }

    byte[] getfh() throws IOException {
        byte[] handle = Xdr.opaque(op(Nfs4Ops.GETFH), FHSIZE, "nfs_fh4");
        if (handle.length == 0) {
            throw new RpcProtocolException("an empty file handle");
        }
        return handle;
    }

    Fattr4 getattr() throws IOException {
        return Fattr4.read(op(Nfs4Ops.GETATTR));
    }

    /** change_info4 after CREATE, REMOVE, RENAME (twice), OPEN. */
    private void changeInfo() throws RpcProtocolException {
        Xdr.bool(in, "atomic");
        Xdr.int64(in, "change before");
        Xdr.int64(in, "change after");
    }

    void create() throws IOException {
        op(Nfs4Ops.CREATE);
        changeInfo();
        Fattr4.readBitmap(in);
    }

    void remove() throws IOException {
        op(Nfs4Ops.REMOVE);
        changeInfo();
    }

    void rename() throws IOException {
        op(Nfs4Ops.RENAME);
        changeInfo();
        changeInfo();
    }

    void setattr() throws IOException {
        op(Nfs4Ops.SETATTR);
        Fattr4.readBitmap(in);
    }

    Opened open() throws IOException {
        op(Nfs4Ops.OPEN);
        byte[] stateid = Xdr.fixed(in, STATEID, "stateid");
        changeInfo();
        Xdr.int32(in, "rflags");
        Fattr4.readBitmap(in);
        int delegation = Xdr.int32(in, "delegation type");
        if (delegation == 3) { // OPEN_DELEGATE_NONE_EXT: why, and for two whys a bool
            int why = Xdr.int32(in, "why no delegation");
            if (why == 4 || why == 5) {
                Xdr.bool(in, "will signal");
            }
        } else if (delegation != 0) {
            throw new RpcProtocolException("a delegation (type " + delegation + ") was granted although none was wanted");
        }
        return new Opened(stateid);
    }

    byte[] close() throws IOException {
        return Xdr.fixed(op(Nfs4Ops.CLOSE), STATEID, "stateid");
    }

    /** READ's data, lent from the reply (at most {@code asked} bytes): the caller closes it. */
    ReceivedBytes received(int asked) throws IOException {
        return Nfs3Replies.lent(readData(asked));
    }

    /** READ's data, copied into {@code dst} (at most {@code asked} bytes, its position moved); its byte count. */
    int read(ByteBuffer dst, int asked) throws IOException {
        ByteBuf data = readData(asked);
        int n = data.readableBytes();
        data.readBytes(dst.slice(dst.position(), n));
        dst.position(dst.position() + n);
        return n;
    }

    private ByteBuf readData(int asked) throws IOException {
        op(Nfs4Ops.READ);
        Xdr.bool(in, "eof");
        return Xdr.opaqueSlice(in, asked, "READ data");
    }

    Written write(int sent) throws IOException {
        op(Nfs4Ops.WRITE);
        long count = Xdr.uint32(in, "WRITE count");
        if (count > sent) {
            throw new RpcProtocolException("WRITE count " + count + " of " + sent + " bytes sent");
        }
        int committed = Xdr.int32(in, "WRITE committed");
        return new Written((int) count, committed, Xdr.int64(in, "WRITE verifier"));
    }

    long commit() throws IOException {
        return Xdr.int64(op(Nfs4Ops.COMMIT), "COMMIT verifier");
    }

    DirPage readdir() throws IOException {
        op(Nfs4Ops.READDIR);
        byte[] verifier = Xdr.fixed(in, VERIFIER, "cookie verifier");
        List<Entry> entries = new ArrayList<>();
        while (Xdr.bool(in, "entry follows")) {
            long cookie = Xdr.int64(in, "cookie");
            String name = FileNames.decode(Xdr.opaque(in, Nfs3Replies.MAX_NAME, "file name"));
            entries.add(new Entry(name, cookie, Fattr4.read(in)));
        }
        return new DirPage(entries, verifier, Xdr.bool(in, "eof"));
    }

    /** EXCHANGE_ID's client id and sequence id; the rest (owner, scope, implementation) is skipped. */
    Client exchangeId() throws IOException {
        op(Nfs4Ops.EXCHANGE_ID);
        long clientId = Xdr.int64(in, "clientid");
        long sequence = Xdr.uint32(in, "sequenceid");
        Xdr.int32(in, "flags");
        int protect = Xdr.int32(in, "state protection");
        if (protect != 0) {
            throw new RpcProtocolException("state protection " + protect + " although none was asked");
        }
        Xdr.int64(in, "server minor id");
        Xdr.skipOpaque(in, MAX_OPAQUE, "server major id");
        Xdr.skipOpaque(in, MAX_OPAQUE, "server scope");
        long impls = Xdr.uint32(in, "implementation ids");
        if (impls > 1) {
            throw new RpcProtocolException(impls + " implementation ids");
        }
        if (impls == 1) {
            Xdr.skipOpaque(in, MAX_OPAQUE, "implementation domain");
            Xdr.skipOpaque(in, MAX_OPAQUE, "implementation name");
            Xdr.int64(in, "implementation date");
            Xdr.int32(in, "implementation date");
        }
        return new Client(clientId, (int) sequence);
    }

    /** CREATE_SESSION's session id and the fore channel's limits (its maxrequests: the slots granted). */
    Session createSession() throws IOException {
        op(Nfs4Ops.CREATE_SESSION);
        byte[] sessionId = Xdr.fixed(in, SESSIONID, "sessionid");
        Xdr.int32(in, "sequenceid");
        Xdr.int32(in, "flags");
        long[] fore = channel();
        channel();
        if (fore[2] < 1 || fore[2] > 1024) {
            throw new RpcProtocolException("CREATE_SESSION granted " + fore[2] + " slots");
        }
        return new Session(sessionId, fore[0], fore[1], (int) fore[2]);
    }

    /** channel_attrs4: {maxrequestsize, maxresponsesize, maxrequests}. */
    private long[] channel() throws RpcProtocolException {
        Xdr.int32(in, "header pad");
        long request = Xdr.uint32(in, "maxrequestsize");
        long response = Xdr.uint32(in, "maxresponsesize");
        Xdr.int32(in, "maxresponsesize_cached");
        Xdr.int32(in, "maxoperations");
        long requests = Xdr.uint32(in, "maxrequests");
        long rdma = Xdr.uint32(in, "rdma ird count");
        if (rdma > 1) {
            throw new RpcProtocolException(rdma + " RDMA ird values");
        }
        if (rdma == 1) {
            Xdr.int32(in, "rdma ird");
        }
        return new long[] {request, response, requests};
    }
}
