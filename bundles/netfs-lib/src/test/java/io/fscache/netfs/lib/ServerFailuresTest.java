package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures say the server is not answering, in the shapes the protocols give them. */
class ServerFailuresTest {

    // Broke as (a fresh user's try): with ganesha killed, netfs:mounts went on showing "mounted",
    // since the protocols wrap the refusal in an IOException naming the server.
    @Test
    void aRefusedConnectionWrappedByTheProtocolIsUnreachable() {
        IOException refused = new IOException("cannot connect to nfs server 127.0.0.1:2049: connection refused",
                new ConnectException("Connection refused"));
        assertTrue(ServerFailures.unreachable(refused));
        assertTrue(ServerFailures.unreachable(new CompletionException(refused)));
    }

    @Test
    void aLostOrResetConnectionIsUnreachable() {
        assertTrue(ServerFailures.unreachable(new SocketException("connection to 9p server 127.0.0.1:564 lost")));
        assertTrue(ServerFailures.unreachable(new IOException("connection to nfs server 127.0.0.1:2049 lost: Connection reset",
                new SocketException("Connection reset"))));
        assertTrue(ServerFailures.unreachable(new SocketTimeoutException("server did not answer READ within 30000 ms")));
    }

    @Test
    void aTimeoutIsOneWhereverItIsInTheChain() {
        SocketTimeoutException timeout = new SocketTimeoutException("127.0.0.1:2049 did not answer READ within 30000 ms");
        assertTrue(ServerFailures.timedOut(timeout));
        assertTrue(ServerFailures.timedOut(new CompletionException(timeout)));
        assertTrue(ServerFailures.timedOut(new IOException("READ of /f failed: " + timeout, timeout)));
        assertFalse(ServerFailures.timedOut(new SocketException("connection to 9p server 127.0.0.1:564 lost")));
    }

    @Test
    void whatTheServerAnsweredIsNot() {
        assertFalse(ServerFailures.unreachable(new NoSuchFileException("/f")));
        assertFalse(ServerFailures.unreachable(new IOException("nfs server 127.0.0.1:2049: NFS3ERR_IO")));
        assertFalse(ServerFailures.timedOut(new IOException("nfs server 127.0.0.1:2049: NFS3ERR_IO")));
    }

    @Test
    void aChainWithALoopEnds() {
        IOException first = new IOException("first");
        IOException second = new IOException("second", first);
        first.initCause(second);
        assertFalse(ServerFailures.unreachable(first));
        assertFalse(ServerFailures.timedOut(first));
    }
}
