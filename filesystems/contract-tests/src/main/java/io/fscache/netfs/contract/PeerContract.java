package io.fscache.netfs.contract;

import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The peer's lifecycle shared by both contracts: one server per test class, started before its
 * first test and stopped after its last; before each test the server runs (a test that stopped it
 * and failed leaves no trace) and the export is empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PeerContract {

    /** The server under test; started. */
    protected Peer peer;

    /** The protocol's peer, not yet started; called once per test class. */
    protected abstract Peer newPeer() throws IOException;

    @BeforeAll
    final void startPeer() throws IOException {
        peer = newPeer();
        peer.start();
    }

    @AfterAll
    final void stopPeer() throws IOException {
        if (peer != null) {
            peer.stop();
        }
    }

    @BeforeEach
    final void emptyExport() throws IOException {
        peer.start();
        peer.empty();
    }

    /** {@code host:port} of the server, as a failure message must name it ({@link Peer#server}). */
    final String server() {
        return peer.server();
    }

    /** Sets a file's modification time behind the client's back ({@link Peer#modified}). */
    final void modified(Path file, Instant time) throws IOException {
        peer.modified(file, time);
    }

    static void close(NetworkFilesystem client) throws Exception {
        if (client instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /**
     * Random bytes written into the export behind the server's back, modified two hours ago: an old
     * file, whose cached data is trusted when it is opened again ({@link TestFiles#age}).
     */
    protected final byte[] oldFile(String name, int size, long seed) throws IOException {
        byte[] bytes = TestFiles.random(size, seed);
        Path file = Files.write(peer.export().resolve(name), bytes);
        modified(file, Instant.now().minusSeconds(7200));
        return bytes;
    }
}
