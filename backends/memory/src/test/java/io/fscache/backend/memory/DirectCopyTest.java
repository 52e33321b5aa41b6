package io.fscache.backend.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectCopyTest {

    private static final int SIZE = 1 << 20;

    /** On Linux x86-64 with JNA (this build and CI) the copies above the threshold go through memcpy. */
    @Test
    void libcIsLinkedHere() {
        assertTrue(Libc.AVAILABLE, "libc's memcpy is not linked: the large-copy cases below ran in Java");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4095, DirectCopy.NATIVE_MIN - 1, DirectCopy.NATIVE_MIN, 256 * 1024 + 7, SIZE - 13})
    void copiesTheRangeAndNothingElseWithoutMovingPositions(int length) {
        ByteBuffer src = random(ByteBuffer.allocateDirect(SIZE), 1);
        ByteBuffer dst = ByteBuffer.allocateDirect(SIZE);
        src.position(5);
        dst.position(9).limit(SIZE - 1);
        DirectCopy.copy(src, 13, dst, 11, length);

        ByteBuffer whole = dst.duplicate().clear();
        for (int i = 0; i < SIZE; i++) {
            byte expected = i >= 11 && i < 11 + length ? src.get(13 + i - 11) : 0;
            if (whole.get(i) != expected) {
                throw new AssertionError("byte " + i + " of the destination after copying " + length + " bytes");
            }
        }
        assertEquals(5, src.position());
        assertEquals(9, dst.position());
        assertEquals(SIZE - 1, dst.limit());
    }

    @Test
    void copiesIntoAHeapBufferAndFromAReadOnlyOne() {
        ByteBuffer src = random(ByteBuffer.allocateDirect(SIZE), 2).asReadOnlyBuffer();
        ByteBuffer heap = ByteBuffer.allocate(SIZE);
        DirectCopy.copy(src, 0, heap, 0, SIZE);
        byte[] expected = new byte[SIZE];
        src.get(0, expected);
        assertArrayEquals(expected, heap.array());

        ByteBuffer direct = ByteBuffer.allocateDirect(SIZE);
        DirectCopy.copy(src, 0, direct, 0, SIZE);
        byte[] actual = new byte[SIZE];
        direct.get(0, actual);
        assertArrayEquals(expected, actual);
    }

    @Test
    void refusesAReadOnlyDestination() {
        ByteBuffer src = ByteBuffer.allocateDirect(SIZE);
        ByteBuffer readOnly = ByteBuffer.allocateDirect(SIZE).asReadOnlyBuffer();
        assertThrows(ReadOnlyBufferException.class, () -> DirectCopy.copy(src, 0, readOnly, 0, SIZE));
    }

    @Test
    void refusesARangeBeyondEitherLimitAndWritesNothing() {
        ByteBuffer src = random(ByteBuffer.allocateDirect(SIZE), 3);
        ByteBuffer dst = ByteBuffer.allocateDirect(SIZE);
        int length = DirectCopy.NATIVE_MIN * 4;
        assertThrows(IndexOutOfBoundsException.class, () -> DirectCopy.copy(src, SIZE - length + 1, dst, 0, length));
        dst.limit(length - 1);
        assertThrows(IndexOutOfBoundsException.class, () -> DirectCopy.copy(src, 0, dst, 0, length));
        assertThrows(IndexOutOfBoundsException.class, () -> DirectCopy.copy(src, -1, dst, 0, length));
        dst.clear();
        for (int i = 0; i < SIZE; i++) {
            if (dst.get(i) != 0) {
                throw new AssertionError("byte " + i + " was written by a refused copy");
            }
        }
    }

    private static ByteBuffer random(ByteBuffer buffer, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        while (buffer.remaining() >= Long.BYTES) {
            buffer.putLong(random.nextLong());
        }
        return buffer.clear();
    }
}
