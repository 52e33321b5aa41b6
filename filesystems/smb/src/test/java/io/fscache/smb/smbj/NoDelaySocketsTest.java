package io.fscache.smb.smbj;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** smbj's connections leave Nagle's algorithm off, so a lone request never waits for a delayed ACK. */
class NoDelaySocketsTest {

    @Test
    void aConnectionHasNagleOff() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket byName = new NoDelaySockets(5_000).createSocket("127.0.0.1", server.getLocalPort());
                Socket byAddress = new NoDelaySockets(5_000).createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertTrue(byName.isConnected() && byName.getTcpNoDelay());
            assertTrue(byAddress.isConnected() && byAddress.getTcpNoDelay());
        }
    }
}
