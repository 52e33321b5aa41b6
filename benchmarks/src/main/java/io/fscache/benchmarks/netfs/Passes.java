package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file passes, each in 1 MiB sequential calls into one direct buffer, as an application
 * copies a file: through a mount ({@code Files.newByteChannel}, what the shell's commands use), of a
 * local file ({@code FileChannel}), and the in-process anchor, a copy from off-heap memory.
 */
final class Passes {

    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(BenchRun.CHUNK));

    private Passes() {
    }

    /** Reads a file of a mount (or any provider's file) to its end; returns the bytes read. */
    static long read(Path file) throws IOException {
        ByteBuffer buffer = BUFFER.get();
        long total = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            for (int n; (n = channel.read(buffer.clear())) > 0; ) {
                total += n;
            }
        }
        return total;
    }

    /** Opens a file of a mount (or any provider's file) {@code times} times, closing it each time. */
    static void openAndClose(Path file, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            Files.newByteChannel(file).close();
        }
    }

    /** Reads a local file to its end through a {@code FileChannel}; returns the bytes read. */
    static long readLocal(Path file) throws IOException {
        ByteBuffer buffer = BUFFER.get();
        long total = 0;
        try (FileChannel channel = FileChannel.open(file)) {
            for (int n; (n = channel.read(buffer.clear())) > 0; ) {
                total += n;
            }
        }
        return total;
    }

    /** Copies off-heap bytes into the reader's buffer in 1 MiB calls: memory bandwidth, no engine. */
    static long copy(ByteBuffer source) {
        ByteBuffer buffer = BUFFER.get();
        int size = source.capacity();
        for (int position = 0; position < size; position += buffer.capacity()) {
            int n = Math.min(buffer.capacity(), size - position);
            buffer.clear().put(0, source, position, n);
        }
        return size;
    }

    /** A file's bytes in off-heap memory, for {@link #copy}. */
    static ByteBuffer load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer bytes = ByteBuffer.allocateDirect(Math.toIntExact(channel.size()));
            while (bytes.hasRemaining() && channel.read(bytes) > 0) {
                // until full
            }
            return bytes.clear();
        }
    }

    /** Writes {@code size} bytes from {@code source} (repeated) in 1 MiB calls through any provider, closing the file. */
    static long write(Path file, ByteBuffer source, long size) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < size) {
                ByteBuffer chunk = source.duplicate().clear().limit((int) Math.min(BenchRun.CHUNK, size - written));
                while (chunk.hasRemaining()) {
                    written += channel.write(chunk);
                }
            }
            return written;
        }
    }
}
