package io.fscache.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetfsUri;
import io.fscache.nfs.rpc.RpcProtocolException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A MOUNT server that breaks ONC RPC, over real TCP: the mount fails within a bounded time with a
 * protocol error or a timeout naming the server, and the client closes the connection. The NFS port
 * is a listener that accepts and says nothing (NFSv3 asks nothing of it before MOUNT).
 */
class HostileServerTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final NfsFilesystem nfs = new NfsFilesystem(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private ServerSocket nfsPort;
    private ServerSocket mountPort;

    @AfterEach
    void close() throws IOException {
        nfs.close();
        if (mountPort != null) {
            mountPort.close();
        }
        if (nfsPort != null) {
            nfsPort.close();
        }
    }

    /** Mounts through a MOUNT server that answers the first call's XID with {@code reply} (null: silence). */
    private IOException mountFails(IntFunction<byte[]> reply, String timeout) throws IOException {
        nfsPort = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        mountPort = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> serve(reply), "hostile-mount");
        acceptor.setDaemon(true);
        acceptor.start();
        Thread quiet = new Thread(() -> {
            try (Socket ignored = nfsPort.accept()) {
                ignored.getInputStream().read();
            } catch (IOException e) {
                // closed with the test
            }
        }, "quiet-nfs");
        quiet.setDaemon(true);
        quiet.start();
        return assertTimeoutPreemptively(BOUND, () -> assertThrows(IOException.class, () -> nfs.connect(
                NetfsUri.parse("nfs://127.0.0.1:" + nfsPort.getLocalPort() + "/export"),
                Map.of("vers", "3", "mountport", Integer.toString(mountPort.getLocalPort()), "timeout", timeout))));
    }

    private void serve(IntFunction<byte[]> reply) {
        try (Socket socket = mountPort.accept()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int mark = in.readInt();
            byte[] call = new byte[mark & 0x7fffffff];
            in.readFully(call);
            byte[] answer = reply.apply(ByteBuffer.wrap(call).getInt());
            if (answer != null) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.write(answer);
                out.flush();
            }
            while (in.read() >= 0) {
                // until the client closes
            }
            closed.countDown();
        } catch (IOException e) {
            closed.countDown();
        }
    }

    private static byte[] record(int... words) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * words.length).putInt(0x80000000 | 4 * words.length);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    /**
     * The message without what rpcbind on this host says of where NFS listens ({@link RpcbindHint}),
     * which depends on the NFS servers other tests left registered there; its form is checked.
     */
    static String whereNfsLeftOut(String message, String program) {
        int hint = message.indexOf("; rpcbind on 127.0.0.1 has ");
        if (hint < 0) {
            return message;
        }
        assertTrue(message.substring(hint).matches("; rpcbind on 127\\.0\\.0\\.1 has " + program.replace(".", "\\.") + " at port \\d+"),
                message);
        return message.substring(0, hint);
    }

    private void assertClosedByTheClient() throws InterruptedException {
        assertTrue(closed.await(BOUND.toSeconds(), TimeUnit.SECONDS), "the client closed the connection");
    }

    // Broke as: "connection to nfs server 127.0.0.1:5840 lost" for a mount of diod's port.
    @Test
    void aPortThatHangsUpBeforeAnsweringIsAskedWhetherItIsNfs() throws Exception {
        try (ServerSocket notNfs = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(() -> {
                try (Socket peer = notNfs.accept()) {
                    peer.getInputStream().read();
                } catch (IOException e) {
                    // closed with the test
                }
            }, "not-nfs");
            hangUp.setDaemon(true);
            hangUp.start();
            IOException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(IOException.class, () -> nfs.connect(
                    NetfsUri.parse("nfs://127.0.0.1:" + notNfs.getLocalPort() + "/export"), Map.of("vers", "4.1", "timeout", "5s"))));
            String asked = "(is 127.0.0.1:" + notNfs.getLocalPort() + " an NFS server's port?)";
            assertEquals(asked, whereNfsLeftOut(e.getMessage().substring(e.getMessage().indexOf(asked)), "NFSv4.1"));
        }
    }

    // Broke as (a fresh user's try, Karaf's SSH port): "rpc protocol error from nfs server 127.0.0.1:8101:
    // a record of 1397966893 bytes exceeds the limit of 1052672", never asking whether the port is NFS's.
    @Test
    void aPortThatGreetsInAnotherProtocolIsAskedWhetherItIsNfs() throws Exception {
        try (ServerSocket ssh = greeter("SSH-2.0-OpenSSH_9.2p1\r\n")) {
            String port = Integer.toString(ssh.getLocalPort());
            IOException v41 = assertTimeoutPreemptively(BOUND, () -> assertThrows(IOException.class, () -> nfs.connect(
                    NetfsUri.parse("nfs://127.0.0.1:" + port + "/export"), Map.of("vers", "4.1", "timeout", "5s"))));
            // Then (a second one's) it led with the record's size, which was the bytes "SSH-".
            assertEquals("rpc protocol error from nfs server 127.0.0.1:" + port + ": it sent text, not an RPC record:"
                    + " \"SSH-2.0-OpenSSH_9.2p1\" (is 127.0.0.1:" + port + " an NFS server's port?)",
                    whereNfsLeftOut(v41.getMessage(), "NFSv4.1"));
            IOException v3 = assertTimeoutPreemptively(BOUND, () -> assertThrows(IOException.class, () -> nfs.connect(
                    NetfsUri.parse("nfs://127.0.0.1:" + port + "/export"), Map.of("vers", "3", "mountport", port, "timeout", "5s"))));
            assertEquals("rpc protocol error from mount server 127.0.0.1:" + port + ": it sent text, not an RPC record:"
                    + " \"SSH-2.0-OpenSSH_9.2p1\" (is it a MOUNT service's port?)", v3.getMessage());
        }
    }

    /** A listener that sends {@code greeting} to each connection, as SSH or SMTP servers do, and keeps it open. */
    private static ServerSocket greeter(String greeting) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread greet = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket peer = listener.accept();
                    peer.getOutputStream().write(greeting.getBytes(StandardCharsets.US_ASCII));
                    peer.getOutputStream().flush();
                } catch (IOException e) {
                    return; // closed with the test
                }
            }
        }, "greeter");
        greet.setDaemon(true);
        greet.start();
        return listener;
    }

    @Test
    void aReplyToAnotherXidIsAProtocolError() throws Exception {
        IOException e = mountFails(xid -> record(xid + 1, 1, 0, 0, 0, 0, 0), "30s");
        assertInstanceOf(RpcProtocolException.class, e);
        assertTrue(e.getMessage().startsWith("rpc protocol error from mount server 127.0.0.1:" + mountPort.getLocalPort()
                + ": a reply with XID"), e.getMessage());
        assertClosedByTheClient();
    }

    @Test
    void aRecordBeyondTheLimitIsRefusedBeforeItIsRead() throws Exception {
        IOException e = mountFails(xid -> ByteBuffer.allocate(8).putInt(0xffffffff).putInt(xid).array(), "30s");
        assertTrue(e.getMessage().endsWith("a record of 2147483647 bytes exceeds the limit of 65536"
                + " (is it a MOUNT service's port?)"), e.getMessage());
        assertClosedByTheClient();
    }

    @Test
    void aMntResultCutShortIsAProtocolError() throws Exception {
        // Accepted, MNT3_OK, then a file handle length of 64 with no handle.
        IOException e = mountFails(xid -> record(xid, 1, 0, 0, 0, 0, 0, 64), "30s");
        assertTrue(e.getMessage().contains("XDR nfs_fh3 needs 64 bytes, 0 left (in the reply to MOUNTv3 MNT)"), e.getMessage());
        assertClosedByTheClient();
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndLosesTheConnection() throws Exception {
        IOException e = mountFails(xid -> null, "500ms");
        assertEquals("mount server 127.0.0.1:" + mountPort.getLocalPort() + " did not answer MOUNTv3 MNT within 500 ms",
                e.getMessage());
        assertClosedByTheClient();
    }
}
