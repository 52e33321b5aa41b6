package io.fscache.netfs.lib;

import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** File content for tests of mounts: this module's and the protocol modules' (via the test-jar). */
public final class TestFiles {

    private TestFiles() {
    }

    /** {@code size} reproducible random bytes. */
    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Reads {@code length} bytes from the start of a session's file, continuing short reads, as the engine does. */
    public static byte[] readFully(RemoteFile file, int length) throws Exception {
        ByteBuffer got = ByteBuffer.allocate(length);
        while (got.hasRemaining()) {
            int n = file.read(got.position(), got.slice()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (n <= 0) {
                throw new AssertionError("end of file at " + got.position() + " of " + length);
            }
            got.position(got.position() + n);
        }
        return got.array();
    }

    /** Writes {@code data} at the start of a session's file, continuing short writes, as the engine does. */
    public static void writeFully(RemoteFile file, byte[] data) throws Exception {
        ByteBuffer from = ByteBuffer.wrap(data);
        while (from.hasRemaining()) {
            int n = file.write(from.position(), from.slice()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            from.position(from.position() + n);
        }
    }

    /** Reads a whole file through a channel in {@code chunk}-byte reads, as an application would. */
    public static byte[] readAll(Path path, int chunk) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ)) {
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
            ByteBuffer buffer = ByteBuffer.allocate(chunk);
            while (channel.read(buffer.clear()) >= 0) {
                all.put(buffer.flip());
            }
            return all.array();
        }
    }

    /**
     * Reads a whole file through a channel in {@code chunk}-byte reads and checks each chunk against
     * {@code expected} as it comes, so many readers of a large file need no copy of it each.
     *
     * @return the bytes read
     * @throws AssertionError at the first chunk that differs, or if the length differs
     */
    public static long readAndCompare(Path path, byte[] expected, int chunk) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(chunk);
            long at = 0;
            while (channel.read(buffer.clear()) >= 0) {
                buffer.flip();
                int n = buffer.remaining();
                if (at + n > expected.length
                        || !buffer.equals(ByteBuffer.wrap(expected, (int) at, n))) {
                    throw new AssertionError(path + ": bytes [" + at + ", " + (at + n) + ") differ from the server's");
                }
                at += n;
            }
            if (at != expected.length) {
                throw new AssertionError(path + ": read " + at + " bytes of " + expected.length);
            }
            return at;
        }
    }

    /**
     * Sets a server-side file's modification time an hour back, so that data fetched from it is
     * not racy (fetched within the mount's racy window of a modification) and is trusted when the
     * file is opened again.
     */
    public static Path age(Path serverFile) throws IOException {
        return Files.setLastModifiedTime(serverFile, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }
}
