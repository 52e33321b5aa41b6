package io.fscache.backend.memory;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Copies between direct buffers with libc's {@code memcpy} where it is linked ({@link Libc}), else
 * with {@link ByteBuffer#put(int, ByteBuffer, int, int)}. A warm read is one copy out of a slab, and
 * the JVM's copy (Unsafe.copyMemory's AVX stubs) moved 256 KiB from huge pages at 20.3 GB/s where
 * glibc's memcpy moved 24.6 GB/s on the same memory (AMD EPYC, Linux 6.18); the kernel's copy out of
 * its page cache runs near the latter, so the JVM's copy alone kept a warm read below reading the
 * file directly. A JNA call costs about a tenth of a microsecond, so short copies stay in Java.
 */
final class DirectCopy {

    /** Copies shorter than this stay in Java, where the call would cost more than memcpy saves. */
    static final int NATIVE_MIN = 16 * 1024;

    private DirectCopy() {
    }

    /**
     * Copies {@code length} bytes of {@code src} from index {@code srcIndex} into {@code dst} at
     * index {@code dstIndex}; neither buffer's position or limit moves. The buffers must not overlap.
     *
     * @throws IndexOutOfBoundsException if either range is outside its buffer's limit
     * @throws java.nio.ReadOnlyBufferException if {@code dst} is read-only
     */
    static void copy(ByteBuffer src, int srcIndex, ByteBuffer dst, int dstIndex, int length) {
        if (length < NATIVE_MIN || !Libc.AVAILABLE || !src.isDirect() || !dst.isDirect() || dst.isReadOnly()) {
            dst.put(dstIndex, src, srcIndex, length);
            return;
        }
        Objects.checkFromIndexSize(srcIndex, length, src.limit());
        Objects.checkFromIndexSize(dstIndex, length, dst.limit());
        Libc.memcpy(Libc.address(dst) + dstIndex, Libc.address(src) + srcIndex, length);
        // The addresses are only numbers: keep both buffers' memory alive until the copy is done.
        Reference.reachabilityFence(src);
        Reference.reachabilityFence(dst);
    }
}
