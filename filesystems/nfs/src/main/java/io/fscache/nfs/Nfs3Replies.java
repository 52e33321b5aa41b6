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
 * Parsers of NFSv3 results (RFC 1813 §3.3), run on the event loop. Each reads the status first and
 * throws its {@link Nfs3Status} exception for {@code path} unless it is {@code NFS3_OK}; malformed
 * results are {@link RpcProtocolException}s. Every length is checked before anything is allocated.
 */
final class Nfs3Replies {

    /** RFC 1813's {@code NFS3_FHSIZE}. */
    static final int FHSIZE = 64;
    static final int MAX_NAME = 4096;
    static final int VERIFIER = 8;

    record Lookup(byte[] handle, Fattr3 attributes) {
    }

    record Read(int count, boolean eof, Fattr3 attributes) {
    }

    /** A READ result whose data is a slice of the reply, valid while the reply is parsed. */
    record ReadReply(ByteBuf data, boolean eof, Fattr3 attributes) {
    }

    /** A READ result whose data stays where it arrived, lent: the caller closes {@code data}. */
    record Received(ReceivedBytes data, Fattr3 attributes) implements AutoCloseable {

        @Override
        public void close() {
            data.close();
        }
    }

    record Written(int count, int committed, long verifier, Fattr3 attributes) {
    }

    record Committed(long verifier, Fattr3 attributes) {
    }

    record Entry(String name, long cookie, Fattr3 attributes, byte[] handle) {
    }

    record DirPage(List<Entry> entries, byte[] verifier, boolean eof) {
    }

    record FsInfo(long rtmax, long rtpref, long wtmax, long wtpref, long dtpref) {
    }

    record FsStat(long total, long free, long available) {
    }

    private Nfs3Replies() {
    }

    static void status(ByteBuf in, String path) throws IOException {
        int status = Xdr.int32(in, "nfsstat3");
        if (status != Nfs3Status.OK) {
            throw Nfs3Status.toException(status, path);
        }
    }

    static byte[] handle(ByteBuf in) throws RpcProtocolException {
        byte[] handle = Xdr.opaque(in, FHSIZE, "nfs_fh3");
        if (handle.length == 0) {
            throw new RpcProtocolException("an empty file handle");
        }
        return handle;
    }

    static Fattr3 getattr(ByteBuf in, String path) throws IOException {
        status(in, path);
        return Fattr3.read(in);
    }

    static Lookup lookup(ByteBuf in, String path) throws IOException {
        status(in, path);
        byte[] handle = handle(in);
        return new Lookup(handle, Fattr3.readOptional(in));
    }

    /** {@code wcc_data}: skips the pre-operation attributes, returns the post-operation ones (or {@code null}). */
    static Fattr3 wcc(ByteBuf in) throws RpcProtocolException {
        if (Xdr.bool(in, "pre_op_attr")) {
            Xdr.int64(in, "wcc size");
            Xdr.int64(in, "wcc mtime");
            Xdr.int64(in, "wcc ctime");
        }
        return Fattr3.readOptional(in);
    }

    /** A READ result, its data copied into {@code dst} (at most {@code asked} bytes, its position moved). */
    static Read read(ByteBuf in, ByteBuffer dst, int asked, String path) throws IOException {
        ReadReply reply = readReply(in, asked, path);
        int n = reply.data().readableBytes();
        reply.data().readBytes(dst.slice(dst.position(), n));
        dst.position(dst.position() + n);
        return new Read(n, reply.eof(), reply.attributes());
    }

    /** A READ result, its data (at most {@code asked} bytes) lent from {@code in}. */
    static Received received(ByteBuf in, int asked, String path) throws IOException {
        ReadReply reply = readReply(in, asked, path);
        return new Received(lent(reply.data()), reply.attributes());
    }

    /**
     * READ data lent from the reply where it arrived: a retained slice of the RPC record (the socket
     * reads it came in, as a composite buffer's components), released when the engine is done with it.
     */
    static ReceivedBytes lent(ByteBuf data) {
        ByteBuf retained = data.retain();
        return ReceivedBytes.of(retained.readableBytes(), retained::nioBuffers, retained::release);
    }

    private static ReadReply readReply(ByteBuf in, int asked, String path) throws IOException {
        status(in, path);
        Fattr3 attributes = Fattr3.readOptional(in);
        long count = Xdr.uint32(in, "READ count");
        boolean eof = Xdr.bool(in, "READ eof");
        ByteBuf data = Xdr.opaqueSlice(in, asked, "READ data");
        if (count != data.readableBytes()) {
            throw new RpcProtocolException("READ count " + count + " but " + data.readableBytes() + " bytes of data");
        }
        return new ReadReply(data, eof, attributes);
    }

    static Written write(ByteBuf in, int sent, String path) throws IOException {
        status(in, path);
        Fattr3 attributes = wcc(in);
        long count = Xdr.uint32(in, "WRITE count");
        if (count > sent) {
            throw new RpcProtocolException("WRITE count " + count + " of " + sent + " bytes sent");
        }
        int committed = Xdr.int32(in, "WRITE committed");
        long verifier = Xdr.int64(in, "WRITE verifier");
        return new Written((int) count, committed, verifier, attributes);
    }

    /** A COMMIT result: the write verifier and the file's attributes after. */
    static Committed commit(ByteBuf in, String path) throws IOException {
        status(in, path);
        Fattr3 attributes = wcc(in);
        return new Committed(Xdr.int64(in, "COMMIT verifier"), attributes);
    }

    /** SETATTR, REMOVE, RMDIR: the status, and the object's or directory's attributes after. */
    static Fattr3 wccResult(ByteBuf in, String path) throws IOException {
        status(in, path);
        return wcc(in);
    }

    /** CREATE, MKDIR: the new object's handle (which a server may leave out) and attributes. */
    static Lookup created(ByteBuf in, String path) throws IOException {
        status(in, path);
        byte[] handle = Xdr.bool(in, "post_op_fh3") ? handle(in) : null;
        return new Lookup(handle, Fattr3.readOptional(in));
    }

    static DirPage readdirplus(ByteBuf in, String path) throws IOException {
        status(in, path);
        Fattr3.readOptional(in);
        byte[] verifier = Xdr.fixed(in, VERIFIER, "cookie verifier");
        List<Entry> entries = new ArrayList<>();
        while (Xdr.bool(in, "entry follows")) {
            Xdr.int64(in, "fileid");
            String name = FileNames.decode(Xdr.opaque(in, MAX_NAME, "file name"));
            long cookie = Xdr.int64(in, "cookie");
            Fattr3 attributes = Fattr3.readOptional(in);
            byte[] handle = Xdr.bool(in, "post_op_fh3") ? handle(in) : null;
            entries.add(new Entry(name, cookie, attributes, handle));
        }
        return new DirPage(entries, verifier, Xdr.bool(in, "eof"));
    }

    static FsInfo fsinfo(ByteBuf in, String path) throws IOException {
        status(in, path);
        Fattr3.readOptional(in);
        long rtmax = Xdr.uint32(in, "rtmax");
        long rtpref = Xdr.uint32(in, "rtpref");
        Xdr.uint32(in, "rtmult");
        long wtmax = Xdr.uint32(in, "wtmax");
        long wtpref = Xdr.uint32(in, "wtpref");
        Xdr.uint32(in, "wtmult");
        long dtpref = Xdr.uint32(in, "dtpref");
        return new FsInfo(rtmax, rtpref, wtmax, wtpref, dtpref);
    }

    static FsStat fsstat(ByteBuf in, String path) throws IOException {
        status(in, path);
        Fattr3.readOptional(in);
        long total = Xdr.int64(in, "tbytes");
        long free = Xdr.int64(in, "fbytes");
        long available = Xdr.int64(in, "abytes");
        if (total < 0 || free < 0 || available < 0) {
            throw new RpcProtocolException("FSSTAT sizes beyond 2^63");
        }
        return new FsStat(total, free, available);
    }
}
