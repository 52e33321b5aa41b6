package io.fscache.nfs.rpc;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Asks a host's rpcbind (port 111) where a program listens: {@code PMAPPROC_GETPORT} of portmap
 * version 2 (RFC 1833 §3), which every rpcbind serves, for TCP.
 */
public final class Rpcbind {

    public static final int PORT = 111;
    static final int PMAPPROC_GETPORT = 3;
    static final int IPPROTO_TCP = 6;

    private Rpcbind() {
    }

    /**
     * The TCP port of {@code program} on {@code host}, over a connection opened and closed for the
     * question; fails if rpcbind cannot be reached or knows no such program.
     *
     * @param settings for the question's connection; its {@link RpcSettings#peer()} names rpcbind
     */
    public static CompletableFuture<Integer> port(EventLoopGroup group, String host, Program program, RpcSettings settings) {
        return RpcClient.connect(group, host, PORT, settings).thenCompose(connection -> connection
                .call(Program.RPCBIND, PMAPPROC_GETPORT, "GETPORT", out -> {
                    out.writeInt(program.number());
                    out.writeInt(program.version());
                    out.writeInt(IPPROTO_TCP);
                    out.writeInt(0);
                }, result -> Xdr.uint32(result, "port"))
                .whenComplete((port, failure) -> connection.close())
                .thenApply(port -> {
                    if (port == 0 || port > 0xFFFF) {
                        throw new CompletionException(new IOException(settings.peer() + " has no " + program.name()
                                + " over TCP registered" + (port == 0 ? "" : " (it answered port " + port + ")")));
                    }
                    return port.intValue();
                }));
    }
}
