package io.fscache.netfs.lib;

import io.fscache.netfs.ReceivedBytes;
import java.nio.ByteBuffer;

/**
 * A fetch's bytes, in the buffers they arrived in, indexed for copies out of them at any offset.
 * The views are only read with absolute gets, so readers on several threads share them.
 */
final class FetchedBytes {

    private final ReceivedBytes received;
    private final ByteBuffer[] views;
    /** {@code starts[i]}: the offset of {@code views[i]}'s first byte; one more entry holds the length. */
    private final int[] starts;

    FetchedBytes(ReceivedBytes received) {
        this.received = received;
        this.views = received.buffers();
        this.starts = new int[views.length + 1];
        for (int i = 0; i < views.length; i++) {
            starts[i + 1] = starts[i] + views[i].remaining();
        }
    }

    int length() {
        return starts[views.length];
    }

    /** Copies the bytes from {@code offset} into {@code dst}, filling it; its position is left as it was. */
    void copyTo(int offset, ByteBuffer dst) {
        int wanted = dst.remaining();
        if (offset < 0 || offset + wanted > length()) {
            throw new IndexOutOfBoundsException(wanted + " bytes at " + offset + " of " + length());
        }
        int i = component(offset);
        int copied = 0;
        while (copied < wanted) {
            ByteBuffer view = views[i];
            int inner = offset + copied - starts[i];
            int n = Math.min(view.remaining() - inner, wanted - copied);
            dst.put(dst.position() + copied, view, view.position() + inner, n);
            copied += n;
            i++;
        }
    }

    /** Read-only views of all the bytes, in order, for a cache write to consume. */
    ByteBuffer[] views() {
        ByteBuffer[] copies = new ByteBuffer[views.length];
        for (int i = 0; i < views.length; i++) {
            copies[i] = views[i].asReadOnlyBuffer();
        }
        return copies;
    }

    void close() {
        received.close();
    }

    /** The index of the view holding {@code offset}. */
    private int component(int offset) {
        int low = 0;
        int high = views.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (starts[mid] <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
