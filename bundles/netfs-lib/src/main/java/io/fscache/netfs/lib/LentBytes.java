package io.fscache.netfs.lib;

import io.fscache.netfs.ReceivedBytes;
import java.nio.ByteBuffer;
import java.util.List;

/** {@link ReceivedBytes} of the engine's own: one buffer of its, or several received pieces in order. */
final class LentBytes {

    private LentBytes() {
    }

    /**
     * The first {@code length} bytes of {@code buffer} (from index 0), given back to {@code pool} on
     * close, or left to the collector if {@code pool} is {@code null}.
     */
    static ReceivedBytes of(ByteBuffer buffer, int length, FetchBuffers pool) {
        return ReceivedBytes.of(length, () -> new ByteBuffer[] {buffer.duplicate().clear().limit(length)}, () -> {
            if (pool != null) {
                pool.give(buffer);
            }
        });
    }

    /** The pieces one after the other; closing closes each. */
    static ReceivedBytes joined(List<ReceivedBytes> pieces) {
        if (pieces.size() == 1) {
            return pieces.get(0);
        }
        List<ReceivedBytes> parts = List.copyOf(pieces);
        return ReceivedBytes.of(parts.stream().mapToInt(ReceivedBytes::length).sum(),
                () -> parts.stream().flatMap(part -> List.of(part.buffers()).stream()).toArray(ByteBuffer[]::new),
                () -> closeAll(parts));
    }

    static void closeAll(List<ReceivedBytes> pieces) {
        for (ReceivedBytes piece : pieces) {
            piece.close();
        }
    }
}
