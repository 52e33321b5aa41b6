package io.fscache.smb;

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
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Samba stopped and started again while a file is being read: the read in flight fails with a clear
 * error or completes with the right bytes (never wrong ones), and the same mount reads correctly once
 * the server is back.
 */
class SmbReconnectTest {

    @RegisterExtension
    static final SambaPeer PEER =
            new SambaPeer(Path.of("target", "smb-share", "reconnect").toAbsolutePath(), 4447);
    private static final int SIZE = 64 << 20;
    private static final int CHUNK = 1 << 20;

    @Test
    void aReadAcrossAServerRestartFailsClearlyOrIsRightAndTheMountRecovers() throws Exception {
        byte[] bytes = TestFiles.random(SIZE, 7);
        Files.write(PEER.shareDir().resolve("restart.bin"), bytes);
        try (SmbRig rig = new SmbRig()) {
            // No cache: every byte of the read in flight must come from the server.
            FileSystem fs = rig.mount("m", PEER, "cache", "none", "timeout", "20");
            Path file = fs.getPath("/restart.bin");
            CountDownLatch halfway = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> readAcross(file, bytes, halfway,
                    stopped));

            assertTrue(halfway.await(60, TimeUnit.SECONDS), "the reader got going");
            PEER.stop();
            stopped.countDown();
            String outcome = reader.get(120, TimeUnit.SECONDS);
            assertTrue(outcome.equals("complete") || outcome.contains("127.0.0.1:4447"),
                    "a failure names the server: " + outcome);

            PEER.start();
            assertArrayEquals(bytes, TestFiles.readAll(file, CHUNK), "the same mount reads correctly after the restart");
            assertTrue(rig.smb.stats().reconnects() >= 1, rig.smb.stats().toString());

            Files.write(fs.getPath("/after.bin"), Arrays.copyOf(bytes, 1 << 20));
            assertArrayEquals(Arrays.copyOf(bytes, 1 << 20), Files.readAllBytes(PEER.shareDir().resolve("after.bin")));
        }
    }

    /**
     * Reads the file, checking every chunk against {@code expected}; pauses halfway until the server is
     * stopped. Returns "complete" or the failure's message; wrong bytes fail the test.
     */
    private static String readAcross(Path file, byte[] expected, CountDownLatch halfway, CountDownLatch stopped) {
        long position = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            int n;
            while ((n = channel.read(buffer.clear())) >= 0) {
                byte[] got = Arrays.copyOf(buffer.array(), n);
                byte[] want = Arrays.copyOfRange(expected, (int) position, (int) position + n);
                assertArrayEquals(want, got, "bytes at " + position);
                position += n;
                if (position >= expected.length / 4 && halfway.getCount() > 0) {
                    halfway.countDown();
                    stopped.await(60, TimeUnit.SECONDS);
                }
            }
            assertEquals(expected.length, position);
            return "complete";
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
