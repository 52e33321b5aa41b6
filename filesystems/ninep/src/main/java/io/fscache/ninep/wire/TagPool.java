package io.fscache.ninep.wire;

import java.util.ArrayDeque;

/**
 * The tags of one connection, NOTAG excluded. Fresh tags first, then the oldest freed, so a tag
 * is not reused while a threaded server may still be finishing its previous request. Used on the
 * connection's event loop only.
 */
public final class TagPool {

    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int next;

    public int take() {
        if (next < TMessage.NOTAG) {
            return next++;
        }
        Integer tag = free.poll();
        if (tag == null) {
            throw new IllegalStateException("all 9P tags in use");
        }
        return tag;
    }

    public void release(int tag) {
        free.add(tag);
    }
}
