package io.fscache.netfs.lib;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read holds no lock of its handle: reads at different positions of one channel are on the wire
 * together, and a close from another thread neither waits for a read stuck at the server nor lets it
 * return data after the close.
 */
class OpenHandleReadTest {

    private static final int GRANULE = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void positionalReadsOfOneHandleAreOnTheWireTogether() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] expected = rig.serverFile("/f", 16 * GRANULE, 1);
            Path file = rig.mount("m", "readahead", "0").getPath("/f");
            CompletableFuture<Void> gate = new CompletableFuture<>();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                rig.server.holdReads(gate);
                ByteBuffer first = ByteBuffer.allocate(GRANULE);
                ByteBuffer second = ByteBuffer.allocate(GRANULE);
                CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> read(channel, first, 0));
                CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> read(channel, second, 8L * GRANULE));
                await("both reads at the server at once").until(() -> rig.server.heldReads.get() >= 2);
                rig.server.holdReads(null);
                gate.complete(null);
                assertEquals(GRANULE, a.get());
                assertEquals(GRANULE, b.get());
                assertArrayEquals(Arrays.copyOfRange(expected, 0, GRANULE), first.array());
                assertArrayEquals(Arrays.copyOfRange(expected, 8 * GRANULE, 9 * GRANULE), second.array());
            }
        }
    }

    @Test
    void aCloseDoesNotWaitForAReadStuckAtTheServer() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.serverFile("/f", 4 * GRANULE, 2);
            Path file = rig.mount("m", "readahead", "0").getPath("/f");
            CompletableFuture<Void> gate = new CompletableFuture<>();
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            rig.server.holdReads(gate);
            CompletableFuture<Integer> stuck = CompletableFuture.supplyAsync(() -> read(channel, ByteBuffer.allocate(GRANULE), 0));
            await("the read at the server").until(() -> rig.server.heldReads.get() >= 1);

            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> close(channel));
            await("the close, while the server still holds the read").until(closed::isDone);
            closed.get();

            rig.server.holdReads(null);
            gate.complete(null);
            ExecutionException failure = assertThrows(ExecutionException.class, stuck::get);
            assertInstanceOf(AsynchronousCloseException.class, failure.getCause().getCause(), "the read's failure");
        }
    }

    private static int read(FileChannel channel, ByteBuffer dst, long position) {
        try {
            return channel.read(dst, position);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
