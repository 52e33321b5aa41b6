package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.netfs.lib.TestFiles;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The coherency data a mount records for a file against what a real Samba reports at the next open. */
class SmbCoherencyTest {

    @RegisterExtension
    static final SambaPeer PEER = new SambaPeer(Path.of("target", "smb-share", "coherency").toAbsolutePath(),
            4450);

    @RegisterExtension
    final SmbRig rig = new SmbRig();

    @BeforeEach
    void setUp() throws Exception {
        PEER.clearShare();
    }

    // How it broke: the engine recorded attributes queried before SMB2 CLOSE; Samba sets a written
    // handle's last-write time at the close, so the next open saw a change and fetched the whole file again.
    @Test
    void aFilesOwnWriteKeepsItsCachedDataValid() throws Exception {
        Path onServer = PEER.shareDir().resolve("written.bin");
        byte[] bytes = TestFiles.random(1 << 20, 11);
        TestFiles.age(Files.write(onServer, bytes));
        FileSystem fs = rig.mount("m", PEER);
        assertArrayEquals(bytes, Files.readAllBytes(fs.getPath("/written.bin")));
        rig.awaitCached(bytes.length);

        byte[] eight = {1, 2, 3, 4, 5, 6, 7, 8};
        try (SeekableByteChannel channel = Files.newByteChannel(fs.getPath("/written.bin"), StandardOpenOption.WRITE)) {
            channel.position(4096).write(ByteBuffer.wrap(eight));
        }
        System.arraycopy(eight, 0, bytes, 4096, eight.length);
        assertArrayEquals(bytes, Files.readAllBytes(onServer), "the write reached the server");

        long serverBytes = rig.smb.stats().readBytes();
        long cacheBytes = rig.stat("IO", "rdb");
        assertArrayEquals(bytes, Files.readAllBytes(fs.getPath("/written.bin")));
        assertEquals(serverBytes, rig.smb.stats().readBytes(), "no SMB READ after our own write: "
                + rig.smb.stats());
        assertEquals(cacheBytes + bytes.length, rig.stat("IO", "rdb"), "the cache served the whole file");
    }
}
