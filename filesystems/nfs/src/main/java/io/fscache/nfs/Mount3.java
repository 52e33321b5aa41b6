package io.fscache.nfs;

import io.fscache.api.Futures;
import io.fscache.netfs.FileNames;
import io.fscache.nfs.rpc.Program;
import io.fscache.nfs.rpc.RpcClient;
import io.fscache.nfs.rpc.RpcProtocolException;
import io.fscache.nfs.rpc.RpcSettings;
import io.fscache.nfs.rpc.Rpcbind;
import io.fscache.nfs.rpc.Xdr;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The MOUNT protocol, version 3 (RFC 1813 appendix I): {@code MNT} turns the export's path into
 * the root file handle. When the server refuses the path, {@code EXPORT} asks what it exports (as
 * {@code showmount -e} does), so the refusal can name the paths to use: an NFSv3 mount of an NFSv4
 * pseudo path such as {@code /export} is refused, and the export's real path is what it needs. The
 * MOUNT service is found through rpcbind unless its port is given; its connection is opened for
 * the calls and closed after them.
 */
final class Mount3 {

    static final int MNT = 1;
    static final int EXPORT = 5;
    static final int MNTPATHLEN = 1024;
    static final int MNTNAMLEN = 255;
    /** Exports and groups read from one EXPORT reply at most; a refusal names a few of the exports. */
    static final int MAX_LISTED = 1024;
    private static final int NAMED = 8;
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
        return port.thenCompose(p -> {
            RpcSettings settings = settings(nfs, "mount server " + options.host() + ":" + p);
            return RpcClient.connect(group, options.host(), p, settings).thenCompose(connection -> connection
                    .call(Program.MOUNT3, MNT, "MNT", out -> Xdr.writeOpaque(out, path), Mount3::mountres)
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                            Futures.unwrap(failure) instanceof RpcProtocolException broken
                                    ? new RpcProtocolException(broken.getMessage() + " (is it a MOUNT service's port?)")
                                    : Futures.unwrap(failure)))
                    .thenCompose(mounted -> mounted.handle() != null ? CompletableFuture.completedFuture(mounted.handle())
                            : connection.call(Program.MOUNT3, EXPORT, "EXPORT", out -> { }, Mount3::exports)
                                    .exceptionally(unanswered -> List.of())
                                    .thenApply(exports -> {
                                        throw new CompletionException(refusal(mounted.status(), options.path(),
                                                settings.peer(), hint(options, exports)));
                                    }))
                    .whenComplete((root, failure) -> connection.close()));
        });
    }

    /**
     * What a refusal adds: the paths the server exports, unless the path is one of them, and, when
     * rpcbind named the MOUNT port, that it did: rpcbind answers for every server on the host, so
     * with several its MOUNT (and the paths it lists) may be another's.
     */
    private static String hint(NfsOptions options, List<String> exports) {
        String exported = exports.isEmpty() || exports.contains(options.path()) ? ""
                : "; it exports " + String.join(", ", exports.subList(0, Math.min(NAMED, exports.size())))
                        + (exports.size() > NAMED ? " and " + (exports.size() - NAMED) + " more" : "");
        return exported + (options.mountPort().isPresent() ? ""
                : "; the MOUNT port came from rpcbind: if this host runs several NFS servers, give -o mountport=<port>");
    }

    private static RpcSettings settings(RpcSettings nfs, String peer) {
        return settings(nfs, peer, nfs.timeout());
    }

    /** One small call at a time to a helper service of the NFS server's host (MOUNT, rpcbind). */
    static RpcSettings settings(RpcSettings nfs, String peer, Duration timeout) {
        return new RpcSettings(peer, nfs.auth(), 64 << 10, 1, timeout, nfs.counters());
    }

    /** MNT's answer: the root file handle, or the status that refused it. */
    record Mounted(int status, byte[] handle) {
    }

    /** {@code mountres3}: the status, then on success the handle (the flavors after it are not read). */
    static Mounted mountres(ByteBuf in) throws RpcProtocolException {
        int status = Xdr.int32(in, "mountstat3");
        return new Mounted(status, status == MNT3_OK ? Nfs3Replies.handle(in) : null);
    }

    /**
     * Why MNT refused {@code path}.
     *
     * @param hint appended to a refusal's reason: what else may be wrong
     */
    static IOException refusal(int status, String path, String peer, String hint) {
        return switch (status) {
            case MNT3ERR_NOENT -> new NoSuchFileException(path, null, peer + " exports no such path (MNT3ERR_NOENT)" + hint);
            // ganesha answers ACCES, not NOENT, for a path it does not export.
            case MNT3ERR_ACCES -> new AccessDeniedException(path, null, peer
                    + " refused to mount it (MNT3ERR_ACCES: not exported, or not to this client)" + hint);
            case MNT3ERR_NOTDIR -> new IOException(peer + " cannot mount " + path + ": not a directory (MNT3ERR_NOTDIR)");
            default -> new IOException(peer + " refused to mount " + path + " (mountstat3 " + Integer.toUnsignedString(status) + ")" + hint);
        };
    }

    /**
     * {@code exports}: the exported paths, in the server's order. Each path's group list is read and
     * left out; at most {@value #MAX_LISTED} exports and as many groups in all.
     */
    static List<String> exports(ByteBuf in) throws RpcProtocolException {
        List<String> paths = new ArrayList<>();
        int groups = 0;
        while (Xdr.bool(in, "exports")) {
            if (paths.size() == MAX_LISTED) {
                throw new RpcProtocolException("an EXPORT reply of more than " + MAX_LISTED + " exports");
            }
            paths.add(new String(Xdr.opaque(in, MNTPATHLEN, "ex_dir"), StandardCharsets.UTF_8));
            while (Xdr.bool(in, "groups")) {
                if (++groups > MAX_LISTED) {
                    throw new RpcProtocolException("an EXPORT reply of more than " + MAX_LISTED + " groups");
                }
                Xdr.skipOpaque(in, MNTNAMLEN, "gr_name");
            }
        }
        return paths;
    }
}
