package io.fscache.nfs;

import io.fscache.api.Futures;
import io.fscache.netfs.FileNames;
import io.fscache.nfs.rpc.Program;
import io.fscache.nfs.rpc.RpcClient;
import io.fscache.nfs.rpc.RpcSettings;
import io.fscache.nfs.rpc.Rpcbind;
import io.fscache.nfs.rpc.Xdr;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;

/**
 * The MOUNT protocol, version 3 (RFC 1813 appendix I): {@code MNT} turns the export's path into
 * the root file handle. The MOUNT service is found through rpcbind unless its port is given; its
 * connection is opened for the call and closed after it.
 */
final class Mount3 {

    static final int MNT = 1;
    static final int MNTPATHLEN = 1024;
    static final int MNT3_OK = 0;
    static final int MNT3ERR_NOENT = 2;
    static final int MNT3ERR_ACCES = 13;
    static final int MNT3ERR_NOTDIR = 20;

    private Mount3() {
    }

    /** The root file handle of the export {@code options.path()}. */
    static CompletableFuture<byte[]> mount(EventLoopGroup group, NfsOptions options, RpcSettings nfs) {
        byte[] path = FileNames.encode(options.path());
        if (path.length > MNTPATHLEN) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("an export path has at most "
                    + MNTPATHLEN + " bytes: " + options.path()));
        }
        CompletableFuture<Integer> port = options.mountPort().map(CompletableFuture::completedFuture)
                .orElseGet(() -> Rpcbind.port(group, options.host(), Program.MOUNT3,
                        settings(nfs, "rpcbind on " + options.host() + ":" + Rpcbind.PORT)).exceptionallyCompose(
                                failure -> CompletableFuture.failedFuture(new IOException(Futures.unwrap(failure).getMessage()
                                        + "; give the MOUNT service's port with -o mountport=<port>", Futures.unwrap(failure)))));
        // rpcbind answers for every server on the host: with several, its MOUNT may be another's.
        String hint = options.mountPort().isPresent() ? ""
                : "; the MOUNT port came from rpcbind: if this host runs several NFS servers, give -o mountport=<port>";
        return port.thenCompose(p -> {
            RpcSettings settings = settings(nfs, "mount server " + options.host() + ":" + p);
            return RpcClient.connect(group, options.host(), p, settings).thenCompose(connection -> connection
                    .call(Program.MOUNT3, MNT, "MNT", out -> Xdr.writeOpaque(out, path),
                            result -> root(result, options.path(), settings.peer(), hint))
                    .whenComplete((root, failure) -> connection.close()));
        });
    }

    private static RpcSettings settings(RpcSettings nfs, String peer) {
        return new RpcSettings(peer, nfs.auth(), 64 << 10, 1, nfs.timeout(), nfs.counters());
    }

    /**
     * {@code mountres3}: the status, then the handle and the flavors the server accepts.
     *
     * @param hint appended to a refusal's reason: what else may be wrong
     */
    static byte[] root(ByteBuf in, String path, String peer, String hint) throws IOException {
        int status = Xdr.int32(in, "mountstat3");
        switch (status) {
            case MNT3_OK -> {
                return Nfs3Replies.handle(in);
            }
            case MNT3ERR_NOENT -> throw new NoSuchFileException(path, null, peer + " exports no such path (MNT3ERR_NOENT)" + hint);
            // ganesha answers ACCES, not NOENT, for a path it does not export.
            case MNT3ERR_ACCES -> throw new AccessDeniedException(path, null, peer
                    + " refused to mount it (MNT3ERR_ACCES: not exported, or not to this client)" + hint);
            case MNT3ERR_NOTDIR -> throw new IOException(peer + " cannot mount " + path + ": not a directory (MNT3ERR_NOTDIR)");
            default -> throw new IOException(peer + " refused to mount " + path + " (mountstat3 " + Integer.toUnsignedString(status) + ")" + hint);
        }
    }
}
