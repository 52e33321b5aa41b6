package io.fscache.ninep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server goes away and comes back: calls in flight fail cleanly, then the same session works again. */
class DiodRestartTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("restart", 5642);

    @Test
    void aServerKilledMidReadFailsTheReadCleanlyAndTheMountRecovers() throws Exception {
        byte[] content = diod.file("killed", 48 << 20, 20);
        try (MountRig rig = new MountRig(diod)) {
            FileSystem fs = rig.mount("killed", "cache", "none");
            ByteBuffer got = ByteBuffer.allocate(content.length);
            IOException failure = null;
            try (SeekableByteChannel channel = Files.newByteChannel(fs.getPath("/killed"))) {
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                while (channel.read(chunk.clear()) >= 0) {
                    got.put(chunk.flip());
                    if (got.position() == 8 << 20) {
                        diod.stop();
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
            if (failure != null) {
                assertTrue(String.valueOf(failure.getMessage()).contains("127.0.0.1:5642"),
                        "the failure names the server: " + failure);
            } else {
                assertArrayEquals(content, got.array(), "a read that completes has the right bytes");
            }
            byte[] prefix = Arrays.copyOf(got.array(), got.position());
            assertArrayEquals(Arrays.copyOf(content, got.position()), prefix, "never wrong bytes");

            diod.start();
            assertArrayEquals(content, TestFiles.readAll(fs.getPath("/killed"), 1 << 20), "the same mount reads again");
            assertTrue(rig.ninep.stats().reconnects() >= 1);
        }
    }

    @Test
    void anOpenFileKeepsWorkingAfterTheServerRestarts() throws Exception {
        byte[] content = diod.file("reopened", 200_000, 21);
        try (NinePFilesystem ninep = new NinePFilesystem(1);
                NetfsSession session = ninep.connect(diod.uri(), Map.of());
                RemoteFile file = session.open("/reopened", Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            ByteBuffer first = ByteBuffer.allocate(1000);
            assertEquals(1000, file.read(0, first).toCompletableFuture().get(10, TimeUnit.SECONDS));

            diod.stop();
            CompletableFuture<Integer> lost = file.read(0, ByteBuffer.allocate(1000)).toCompletableFuture();
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> lost.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException, "an IOException: " + e.getCause());
            diod.start();

            ByteBuffer again = ByteBuffer.allocate(content.length);
            while (again.hasRemaining()) {
                file.read(again.position(), again).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertArrayEquals(content, again.array());
            assertEquals(5, file.write(0, ByteBuffer.wrap("fresh".getBytes())).toCompletableFuture().get(10, TimeUnit.SECONDS));
            file.fsync();
            assertEquals("fresh", new String(Files.readAllBytes(diod.export.resolve("reopened")), 0, 5));
        }
    }
}
