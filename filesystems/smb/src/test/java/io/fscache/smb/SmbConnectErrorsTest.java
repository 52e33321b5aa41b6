package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fscache.netfs.NetfsUri;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user reads when an SMB mount reaches something that is not an SMB server. */
class SmbConnectErrorsTest {

    // A mount of a port where the peer hangs up printed a raw ExecutionException...EOFException chain.
    @Test
    void aPortThatIsNotSmbSaysSo() throws Exception {
        try (ServerSocket notSmb = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                SmbFilesystem smb = new SmbFilesystem()) {
            Thread server0 = new Thread(() -> {
                while (!notSmb.isClosed()) {
                    try (Socket peer = notSmb.accept()) {
                        peer.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "not-smb");
            server0.setDaemon(true);
            server0.start();
            String server = "127.0.0.1:" + notSmb.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> smb.connect(NetfsUri.parse("smb://alice@" + server + "/share"),
                    Map.of("password", "pw", "timeout", "5")));
            assertEquals("cannot connect to " + server + ": the connection closed before an SMB answer (is this an SMB server's port?)",
                    e.getMessage());
        }
    }

    // Broke as: a port whose server waits for more bytes (diod's, say) held the mount for the whole
    // timeout, then said "cannot connect to ...: Timeout expired".
    @Test
    void aPortThatNeverAnswersSaysWhatItWaitedFor() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                SmbFilesystem smb = new SmbFilesystem()) {
            String server = "127.0.0.1:" + silent.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> smb.connect(NetfsUri.parse("smb://alice@" + server + "/share"),
                    Map.of("password", "pw", "timeout", "1")));
            assertEquals("cannot connect to " + server + ": no answer to SMB NEGOTIATE within 1 s (is this an SMB server's port?"
                    + " -o timeout sets the wait)", e.getMessage());
        }
    }

    // A missing credentials file was shown as its bare path.
    @Test
    void aMissingCredentialsFileIsNamedAsSuch() {
        IOException e = assertThrows(IOException.class, () -> SmbMountOptions.parse(NetfsUri.parse("smb://server/share"),
                Map.of("credentials", "/nonexistent/creds")));
        assertEquals("cannot read the local credentials file /nonexistent/creds: no such file", e.getMessage());
    }
}
