package io.fscache.core;

import java.nio.ByteBuffer;

/**
 * Test data: a buffer that says which file version and granule it holds (a header) and whose
 * every other byte follows from those two, so a read can be checked byte for byte.
 */
final class Bytes {

    private Bytes() {
    }

    static ByteBuffer pattern(int length, long version, long granule) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            buffer.put(byteAt(i, version, granule));
        }
        if (length >= 16) {
            buffer.putLong(0, version).putLong(8, granule);
        }
        return buffer.flip();
    }

    /** The version a buffer made by {@link #pattern} holds, or -1 if any byte is wrong. */
    static long versionOf(ByteBuffer buffer, long granule) {
        long version = buffer.getLong(buffer.position());
        return pattern(buffer.remaining(), version, granule).equals(buffer) ? version : -1;
    }

    private static byte byteAt(int i, long version, long granule) {
        return (byte) (version * 31 + granule * 7 + i % 251);
    }
}
