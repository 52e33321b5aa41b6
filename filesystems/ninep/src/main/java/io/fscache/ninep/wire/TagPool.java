package io.fscache.ninep.wire;

import java.util.ArrayDeque;

/**
 * The tags of one connection, NOTAG excluded. Fresh tags first, then the oldest freed, so a tag
 * is not reused while a threaded server may still be finishing its previous request. Used on the
 * connection's event loop only.
 */
public final class TagPool {

    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final int count;
    private int next;

    public TagPool() {
        this(TMessage.NOTAG);
    }

    /** A pool of tags 0 to {@code count - 1}; tests use a small one to reach reuse. */
    TagPool(int count) {
        this.count = count;
    }

    public int take() {
        if (next < count) {
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
