package io.fscache.nfs;

import io.fscache.nfs.rpc.Program;
import io.fscache.nfs.rpc.RpcSettings;
import io.fscache.nfs.rpc.Rpcbind;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where rpcbind on a mount's host says NFS listens, for the failure of a port that did not answer as
 * an NFS server (refused, another protocol, another RPC program): a wrong port is a user's most
 * likely mistake, and rpcbind knows the right one. Asked only on that failure, on one connection
 * opened and closed for the question, waiting {@value #WAIT_SECONDS} s at most.
 */
final class RpcbindHint {

    static final int WAIT_SECONDS = 2;

    private RpcbindHint() {
    }

    /**
     * {@code "; rpcbind on 127.0.0.1 has NFSv3 at port 20490"}, or the empty string when rpcbind is
     * not there, knows no such program, names the port that failed, or does not answer in time.
     */
    static String of(EventLoopGroup group, NfsOptions options, RpcSettings nfs, Program program) {
        Duration wait = Duration.ofSeconds(WAIT_SECONDS);
        RpcSettings settings = Mount3.settings(nfs, "rpcbind on " + options.host() + ":" + Rpcbind.PORT, wait);
        CompletableFuture<Integer> asked = Rpcbind.port(group, options.host(), program, settings);
        try {
            int port = asked.get(2 * WAIT_SECONDS, TimeUnit.SECONDS);
            return port == options.port() ? "" : "; rpcbind on " + options.host() + " has " + program.name() + " at port " + port;
        } catch (ExecutionException | TimeoutException e) {
            asked.cancel(false);
            return "";
        } catch (InterruptedException e) {
            asked.cancel(false);
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
