package io.fscache.netfs.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback, for peers that must be told a port before they start. */
public final class Ports {

    private Ports() {
    }

    /** Starts a server on a given port. */
    @FunctionalInterface
    public interface Starter {
        /** Starts the server on {@code port}, or fails leaving nothing running. */
        void start(int port) throws IOException;
    }

    /**
     * Starts a server on a free port, trying up to three: another process may take a free port
     * before the server binds it.
     *
     * @return the port the server started on
     * @throws IOException the third failure
     */
    public static int startOnAFreePort(Starter starter) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = free();
            try {
                starter.start(port);
                return port;
            } catch (IOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** A port nothing listens on right now; another process may take it before the caller binds it. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
