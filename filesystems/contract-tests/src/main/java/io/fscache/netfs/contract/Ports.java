package io.fscache.netfs.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback, for peers that must be told a port before they start. */
public final class Ports {

    private Ports() {
    }

    /**
     * A port nothing listens on right now. Another process may take it before the caller binds it:
     * a peer whose first start fails on its port tries a fresh one.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
