package io.fscache.netfs.lib;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * Scenarios of a file truncated or replaced on the server while a handle is open, for this module's
 * tests and the protocol modules' (via the test-jar): the handle reads the file as the server has
 * it, a short read or end of file at the real size, never zeros standing in for bytes the server no
 * longer has, and never another file's bytes. Files are made of {@code 'A'}s, so any other byte read
 * is a fault.
 */
public final class ServerTruncation {

    /** Mounts the export holding the files under test; options as name, value pairs. */
    @FunctionalInterface
    public interface Mounter {
        FileSystem mount(String name, String... options) throws IOException;
    }

    private static final int SIZE = 262_145;

    private ServerTruncation() {
    }

    /**
     * Reads a byte, truncates the file to 0 on the server, reads the last byte of the old size
     * through the same handle: end of file.
     *
     * @param export the export's directory on the server side
     */
    public static void readPastTheNewEndIsEndOfFile(Mounter mounter, Path export) throws IOException {
        Path serverFile = fileOfA(export.resolve("truncated-to-zero"), SIZE);
        Path file = mounter.mount("past", "readahead", "0").getPath("/truncated-to-zero");
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            assertEquals(1, channel.position(0).read(one));
            assertEquals('A', one.get(0));
            truncate(serverFile, 0);
            assertEquals(-1, channel.position(SIZE - 1).read(one.clear()), "end of file at the server's size");
            assertEquals(0, channel.size());
        }
    }

    /** A read that spans the server's new end returns the bytes up to it, all of them real. */
    public static void readAcrossTheNewEndIsShort(Mounter mounter, Path export) throws IOException {
        Path serverFile = fileOfA(export.resolve("truncated-midway"), SIZE);
        Path file = mounter.mount("across", "readahead", "0").getPath("/truncated-midway");
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            assertEquals(1, channel.read(ByteBuffer.allocate(1)));
            truncate(serverFile, 200_000);
            ByteBuffer rest = ByteBuffer.allocate(SIZE);
            assertEquals(100_000, channel.position(100_000).read(rest));
            assertAllA(rest.flip(), "bytes from 100000");
            assertEquals(-1, channel.read(rest.clear()));
        }
    }

    /**
     * A handle whose reads the cache serves whole, its file truncated on the server: within the
     * mount's {@code actimeo} (1 s by default) its reads end at the server's size, though none of
     * them needs the server.
     */
    public static void aCachedFileEndsAtTheServersSizeWithinActimeo(Mounter mounter, Path export) throws IOException {
        Path serverFile = fileOfA(export.resolve("cached-then-truncated"), SIZE);
        Path file = mounter.mount("cached", "readahead", "0").getPath("/cached-then-truncated");
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            assertEquals(SIZE, readToTheEnd(channel).remaining());
            await("the whole file in the cache").atMost(Duration.ofSeconds(30))
                    .until(() -> Files.getAttribute(file, "fscache:cachedBytes").equals((long) SIZE));
            truncate(serverFile, 1000);
            ByteBuffer one = ByteBuffer.allocate(1);
            await("end of file at the server's size").atMost(Duration.ofSeconds(10))
                    .until(() -> channel.position(SIZE - 1).read(one.clear()) == -1);
            ByteBuffer left = readToTheEnd(channel);
            assertEquals(1000, left.remaining(), "the bytes the server has");
            assertAllA(left, "after the truncation");
        }
    }

    /**
     * A handle whose reads the cache serves whole, its file replaced on the server (deleted, and
     * another of {@code 'B'}s and another size made at its name), read with {@code actimeo=0} so
     * that every read checks the file's attributes: it reads its own file whole, as a local file
     * descriptor of an unlinked file does. The check cannot answer for a file the server no longer
     * names (NFSv3's handle is stale, 9P's getattr answers for the new file at the path), and must
     * neither fail the read nor take the new file's size.
     */
    public static void aCachedFileReplacedOnTheServerReadsAsItsOwn(Mounter mounter, Path export) throws IOException {
        Path serverFile = fileOfA(export.resolve("cached-then-replaced"), SIZE);
        Path file = mounter.mount("replaced", "readahead", "0", "actimeo", "0").getPath("/cached-then-replaced");
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            assertEquals(SIZE, readToTheEnd(channel).remaining());
            await("the whole file in the cache").atMost(Duration.ofSeconds(30))
                    .until(() -> Files.getAttribute(file, "fscache:cachedBytes").equals((long) SIZE));
            Files.delete(serverFile);
            byte[] other = new byte[SIZE / 2];
            Arrays.fill(other, (byte) 'B');
            Files.write(serverFile, other);

            ByteBuffer again = readToTheEnd(channel);
            assertEquals(SIZE, again.remaining(), "the handle's own file, whole");
            assertAllA(again, "after the replacement");
        }
    }

    /** The file's bytes from its start, read through {@code channel} until end of file; flipped. */
    private static ByteBuffer readToTheEnd(SeekableByteChannel channel) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(SIZE);
        channel.position(0);
        while (all.hasRemaining() && channel.read(all) >= 0) {
            // until full or at the end
        }
        return all.flip();
    }

    /**
     * Twelve sequential readers with readahead on, each file truncated on the server after the
     * first read: every byte handed out is one the file had, and each stream ends.
     */
    public static void readaheadNeverHandsOutZeros(Mounter mounter, Path export) throws IOException {
        for (int stream = 0; stream < 12; stream++) {
            String name = "streamed-" + stream;
            Path serverFile = fileOfA(export.resolve(name), 4 << 20);
            FileSystem fs = mounter.mount("ahead" + stream, "readahead", "1m");
            long total = 0;
            try (SeekableByteChannel channel = Files.newByteChannel(fs.getPath("/" + name))) {
                ByteBuffer block = ByteBuffer.allocate(64 * 1024);
                while (channel.read(block.clear()) >= 0) {
                    if (total == 0) {
                        truncate(serverFile, 512 * 1024 + stream * 4096L);
                    }
                    total += block.position();
                    assertAllA(block.flip(), "stream " + stream + " before byte " + total);
                }
            } finally {
                fs.close();
            }
            assertTrue(total <= 4 << 20, "no more than the file ever had: " + total);
        }
    }

    private static Path fileOfA(Path path, int size) throws IOException {
        byte[] a = new byte[size];
        Arrays.fill(a, (byte) 'A');
        return Files.write(path, a);
    }

    private static void truncate(Path serverFile, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(serverFile, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void assertAllA(ByteBuffer bytes, String where) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b != 'A') {
                assertEquals('A', b, where + ": byte " + (bytes.position() - 1) + " of the read");
            }
        }
    }
}
