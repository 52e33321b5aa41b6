package io.fscache.backend.support;

import java.nio.ByteBuffer;

/** What the backends ask of a write given as several buffers. */
public final class Buffers {

    private Buffers() {
    }

    /** The bytes left in all of {@code buffers}, from each one's position to its limit. */
    public static long remaining(ByteBuffer[] buffers) {
        long total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        return total;
    }
}
