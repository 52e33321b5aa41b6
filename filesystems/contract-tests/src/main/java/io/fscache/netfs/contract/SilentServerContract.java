package io.fscache.netfs.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A server that stops answering in the middle of a read (its process under SIGSTOP, its socket still
 * accepting): the read fails within one of the mount's {@code timeout}, as a
 * {@link SocketTimeoutException}, and once the server answers again the same mount reads the file
 * right. A user's get behind a frozen ganesha waited two timeouts on NFSv3 and three on NFSv4.1. A
 * protocol module extends it, supplying its {@link Peer} and how to freeze its server.
 */
public abstract class SilentServerContract extends PeerContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int CHUNK = 1 << 20;

    /** Stops the server answering until the handle is closed ({@link ScriptPeer#freeze(String)}). */
    protected abstract AutoCloseable freeze() throws IOException;

    @Test
    void aReadFailsWithinOneTimeoutOfTheServerFallingSilent() throws Exception {
        byte[] content = oldFile("silent.bin", 64 << 20, 31);
        try (MountRig<NetworkFilesystem> rig = new MountRig<>(peer, peer.newClient())) {
            Path file = rig.mount("silent", "timeout", TIMEOUT.toSeconds() + "s").getPath("/silent.bin");
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                assertEquals(CHUNK, channel.read(buffer), "the first MiB, with readahead under way");
                IOException failure;
                long waited;
                try (AutoCloseable frozen = freeze()) {
                    long silent = System.nanoTime();
                    failure = assertThrows(IOException.class, () -> {
                        while (channel.read(buffer.clear()) >= 0) {
                            // reads what was fetched before the server fell silent, then waits
                        }
                    });
                    waited = System.nanoTime() - silent;
                }
                assertInstanceOf(SocketTimeoutException.class, failure, failure.toString());
                assertTrue(waited < 2 * TIMEOUT.toNanos(), "failed after " + waited / 1_000_000 + " ms, with a timeout of "
                        + TIMEOUT.toMillis() + " ms: " + failure.getMessage());
            }
            assertArrayEquals(content, TestFiles.readAll(file, CHUNK), "the server answers again: the mount reads the file");
        }
    }
}
