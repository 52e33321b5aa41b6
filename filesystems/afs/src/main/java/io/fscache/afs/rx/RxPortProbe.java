package io.fscache.afs.rx;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Tells at once that nothing listens on a server's UDP port. A session's socket talks to every
 * server and so is not connected, and Linux reports an ICMP port unreachable only to a connected
 * socket (kAFS's rxrpc and OpenAFS's Rx read it with {@code IP_RECVERR}, which Java lacks); without
 * this a call to a server that is not there fails only at its timeout. The probe is one Rx VERSION
 * packet (what {@code rxdebug -version} sends) from a connected socket of its own, on a daemon
 * thread.
 */
public final class RxPortProbe {

    private static final int HEADER = 28;
    private static final int CLIENT_INITIATED = 1;

    private RxPortProbe() {
    }

    /**
     * Probes {@code server}; the future fails with a {@link ConnectException} naming {@code what}
     * if the port is unreachable, and completes normally on an answer, on silence for {@code wait}
     * (ICMP may be filtered) or on any other failure: only a refusal is an answer here.
     */
    public static CompletableFuture<Void> refused(InetSocketAddress server, String what, Duration wait) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread probe = new Thread(() -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.connect(server);
                socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
                byte[] version = new byte[HEADER];
                version[20] = (byte) RxPacket.VERSION;
                version[21] = CLIENT_INITIATED;
                socket.send(new DatagramPacket(version, version.length));
                socket.receive(new DatagramPacket(new byte[2048], 2048));
                result.complete(null);
            } catch (PortUnreachableException e) {
                result.completeExceptionally(new ConnectException(what + ": Connection refused"));
            } catch (IOException | RuntimeException e) {
                // silence (a timeout) or another failure: the call itself will tell
                result.complete(null);
            }
        }, "afs-port-probe " + what);
        probe.setDaemon(true);
        probe.start();
        return result;
    }
}
