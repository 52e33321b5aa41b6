package io.fscache.backend.memory;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * The two libc calls the slabs use, bound by JNA's direct mapping: {@code madvise} for huge pages
 * ({@link HugePages}) and {@code memcpy} for large copies ({@link DirectCopy}). Addresses are passed
 * as {@code long}, so this class loads without JNA; {@link #AVAILABLE} is false when JNA is missing
 * (an optional import), its native part does not load, or the platform is not 64-bit Linux.
 */
final class Libc {

    static final boolean AVAILABLE = link();

    private Libc() {
    }

    /** {@code madvise(2)}: 0, or -1 with errno set. Only when {@link #AVAILABLE}. */
    static native int madvise(long address, long length, int advice);

    /** {@code memcpy(3)} of {@code length} bytes between non-overlapping ranges. Only when {@link #AVAILABLE}. */
    static native long memcpy(long destination, long source, long length);

    /** The address of a direct buffer's first byte (its index 0). Only when {@link #AVAILABLE}. */
    static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    private static boolean link() {
        try {
            if (!Platform.isLinux() || Native.POINTER_SIZE != Long.BYTES) {
                return false;
            }
            Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            return true;
        } catch (LinkageError | RuntimeException e) {
            // No JNA in this framework, or its native part does not load: plain pages, the JVM's copies.
            return false;
        }
    }
}
