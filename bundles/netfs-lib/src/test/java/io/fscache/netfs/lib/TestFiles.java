package io.fscache.netfs.lib;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

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
}
