package io.fscache.smb.smbj;

import com.hierynomus.protocol.commons.socket.ProxySocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/**
 * smbj's socket factory with Nagle's algorithm off ({@code TCP_NODELAY}), as Samba and the kernel's
 * cifs client set it. smbj leaves it on: a request's last partial segment then waits for the ACK of
 * the one before, which the server delays (up to 40 ms on Linux), so a client with one request in
 * flight (a writethrough write, a metadata call) waited milliseconds per request. Connects with
 * smbj's own code, within the given timeout.
 */
public final class NoDelaySockets extends ProxySocketFactory {

    /** @param connectTimeoutMillis how long a connect may take, in milliseconds */
    public NoDelaySockets(int connectTimeoutMillis) {
        super(connectTimeoutMillis);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(super.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return noDelay(super.createSocket(address, port));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        try {
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
