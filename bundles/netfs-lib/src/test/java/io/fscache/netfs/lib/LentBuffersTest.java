package io.fscache.netfs.lib;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads from a protocol that lends the engine the buffers its replies arrived in (NFS does): the
 * bytes reach readers and the cache right from several buffers per read, and every lent buffer is
 * given back, after fetches that were stored, passed by readahead, or failed.
 */
class LentBuffersTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "cache={0} readahead={1}")
    @CsvSource({"mem, 1m", "mem, 0", "none, 1m", "none, 0"})
    void readsFromLentBuffersAreRightAndEveryBufferIsGivenBack(String cache, String readahead) throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.server.lendReadBuffers(true);
            byte[] expected = rig.serverFile("/f.bin", 5 * 1024 * 1024 + 4321, 21);
            Path file = rig.mount("m", "cache", cache, "readahead", readahead).getPath("/f.bin");

            assertArrayEquals(expected, TestFiles.readAll(file, 300_001), "cold, reads across buffers and fetches");
            assertArrayEquals(expected, TestFiles.readAll(file, 4096), "again, from the cache or the server");
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                ByteBuffer middle = ByteBuffer.allocate(70_000);
                channel.position(2_000_000).read(middle);
                assertArrayEquals(Arrays.copyOfRange(expected, 2_000_000, 2_070_000), middle.array());
            }
            await("every lent buffer given back").until(() -> rig.server.lentBuffers.get() == 0);
        }
    }

    @ParameterizedTest(name = "cache={0}")
    @CsvSource({"mem", "none"})
    void aFailedReadGivesBackWhatItWasLent(String cache) throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.server.lendReadBuffers(true);
            byte[] expected = rig.serverFile("/f.bin", 4 * 1024 * 1024, 22);
            Path file = rig.mount("m", "cache", cache, "readahead", "2m").getPath("/f.bin");
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                ByteBuffer first = ByteBuffer.allocate(1 << 20);
                assertEquals(1 << 20, channel.read(first));
                rig.server.failReads(() -> new SocketTimeoutException("server did not answer READ within 30000 ms"));
                assertThrows(SocketTimeoutException.class, () -> channel.position(3 << 20).read(ByteBuffer.allocate(1 << 20)));
                rig.server.failReads(null);
                ByteBuffer rest = ByteBuffer.allocate(3 << 20);
                assertEquals(3 << 20, channel.position(1 << 20).read(rest));
                assertArrayEquals(Arrays.copyOfRange(expected, 1 << 20, 4 << 20), rest.array());
            }
            await("every lent buffer given back").until(() -> rig.server.lentBuffers.get() == 0);
        }
    }
}
