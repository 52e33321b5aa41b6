package io.fscache.backend.cachefiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatheringWriterTest {

    private static final int[] PIECES = {1, 4095, 65_539, 1 << 20, 7, 300_001, 1 << 20, 13};

    @TempDir
    Path directory;

    /** Buffers of odd sizes, direct and heap, across more than two runs, land in order at the position. */
    @Test
    void writesTheBuffersInOrderAtThePositionWithoutMovingThem() throws IOException {
        byte[] expected = random(Arrays.stream(PIECES).sum());
        ByteBuffer[] srcs = new ByteBuffer[PIECES.length];
        for (int i = 0, at = 0; i < PIECES.length; at += PIECES[i], i++) {
            ByteBuffer piece = i % 2 == 0 ? ByteBuffer.allocateDirect(PIECES[i] + 2) : ByteBuffer.allocate(PIECES[i] + 2);
            piece.position(1).put(expected, at, PIECES[i]).position(1).limit(1 + PIECES[i]);
            srcs[i] = piece;
        }
        long position = 3L << 18;
        Path file = directory.resolve("data");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            new GatheringWriter().write(channel, srcs, position, expected.length);
        }

        byte[] written = Files.readAllBytes(file);
        assertEquals(position + expected.length, written.length);
        assertArrayEquals(expected, Arrays.copyOfRange(written, (int) position, written.length));
        for (ByteBuffer src : srcs) {
            assertEquals(1, src.position());
        }
    }

    @Test
    void writesOnlyTheLengthAskedOfASingleBuffer() throws IOException {
        byte[] bytes = random(10_000);
        Path file = directory.resolve("one");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            new GatheringWriter().write(channel, new ByteBuffer[] {ByteBuffer.wrap(bytes)}, 0, 4096);
        }
        assertArrayEquals(Arrays.copyOf(bytes, 4096), Files.readAllBytes(file));
    }

    @Test
    void refusesALengthBeyondTheBuffers() throws IOException {
        try (FileChannel channel = FileChannel.open(directory.resolve("short"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            ByteBuffer[] srcs = {ByteBuffer.allocate(10), ByteBuffer.allocate(10)};
            assertThrows(BufferUnderflowException.class, () -> new GatheringWriter().write(channel, srcs, 0, 21));
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        SplittableRandom random = new SplittableRandom(length);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt();
        }
        return bytes;
    }
}
