package io.fscache.smb;

import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2Packet;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import java.io.IOException;
import java.util.concurrent.Future;

/**
 * One live connection, authenticated session and tree connect to a share, and the connection's
 * credits. A session replaces its tree after a connection loss; open files notice the new
 * {@link #generation()} and re-open.
 */
record SmbTree(Connection connection, Session session, DiskShare share, long generation, SmbCredits credits) {

    SMB2Dialect dialect() {
        return connection.getNegotiatedProtocol().getDialect();
    }

    long sessionId() {
        return session.getSessionId();
    }

    long treeId() {
        return share.getTreeConnect().getTreeId();
    }

    /**
     * Sends a READ or WRITE. smbj signs every request once the session has a signing key, which
     * costs an AES-CMAC over every byte both ways; like the kernel's cifs client, data requests
     * are signed only when the session requires it (the server demands signing, or the mount says
     * {@code sign=true}), and sealed when the session encrypts.
     */
    Future<SMB2Packet> sendData(SMB2Packet request) throws TransportException {
        if (session.isSigningRequired() || session.shouldEncryptData()) {
            return session.send(request);
        }
        return connection.send(request);
    }

    boolean isAlive() {
        return share.isConnected() && connection.isConnected();
    }

    /**
     * Drops a tree whose connection is lost, without the logoff smbj would wait for: the socket is
     * closed at once.
     */
    void abandon() {
        try {
            connection.close(true);
        } catch (IOException | RuntimeException e) {
            // Closing a broken connection; nothing else to release.
        }
    }

    /** Disconnects the share and logs off; smbj closes the connection when no other session uses it. */
    void close() {
        try {
            share.close();
        } catch (IOException | RuntimeException e) {
            // The connection may already be gone; there is nothing left to release then.
        }
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // As above.
        }
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // As above.
        }
    }
}
