package io.fscache.netfs.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The server stopped a quarter into a read through an uncached mount and started again: the read
 * fails with an {@link IOException} naming the server, or completes; either way every byte it
 * handed out is right; then the same mount reads and writes again.
 */
final class RestartMidRead {

    private static final int SIZE = 48 << 20;
    private static final int CHUNK = 1 << 20;

    private final Peer peer;
    private final MountRig<?> rig;
    private final String server;

    RestartMidRead(Peer peer, MountRig<?> rig, String server) {
        this.peer = peer;
        this.rig = rig;
        this.server = server;
    }

    void check() throws Exception {
        byte[] content = TestFiles.random(SIZE, 20);
        Files.write(peer.export().resolve("restarted.bin"), content);
        // No cache: every byte of the read in flight comes from the server.
        FileSystem fs = rig.mount("restarted", "cache", "none");
        Path file = fs.getPath("/restarted.bin");

        String outcome = readStoppingTheServer(file, content);
        assertTrue(outcome.equals("complete") || outcome.contains(server), "a failure names the server: " + outcome);

        peer.start();
        assertArrayEquals(content, TestFiles.readAll(file, CHUNK), "the same mount reads correctly after the restart");
        byte[] head = Arrays.copyOf(content, CHUNK);
        Files.write(fs.getPath("/after.bin"), head);
        assertArrayEquals(head, Files.readAllBytes(peer.export().resolve("after.bin")), "and writes");
    }

    /** Reads the file, checking each chunk, and stops the server a quarter in; "complete" or the failure. */
    private String readStoppingTheServer(Path file, byte[] expected) throws IOException {
        long position = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            int n;
            while ((n = channel.read(buffer.clear())) >= 0) {
                assertArrayEquals(Arrays.copyOfRange(expected, (int) position, (int) position + n),
                        Arrays.copyOf(buffer.array(), n), "bytes at " + position);
                position += n;
                if (position >= SIZE / 4 && position - n < SIZE / 4) {
                    peer.stop();
                }
            }
            assertEquals(SIZE, position);
            return "complete";
        } catch (IOException e) {
            if (position < SIZE / 4) {
                throw e;
            }
            return e.toString();
        }
    }
}
