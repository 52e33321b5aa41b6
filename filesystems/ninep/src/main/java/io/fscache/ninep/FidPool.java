package io.fscache.ninep;

import java.util.ArrayDeque;

/**
 * The fids of one connection. A fid goes back to the pool only once the server has forgotten it
 * (after {@code Rclunk}, {@code Rremove}, or a walk that failed to create it). Fresh fids are
 * preferred and freed ones reused oldest first: diod drops its last reference to a clunked fid
 * just after replying, so reusing it at once races with that (diod logs "unclunked fid").
 */
final class FidPool {

    private static final int FRESH_LIMIT = 1 << 20;

    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int next;

    synchronized int take() {
        if (next < FRESH_LIMIT || free.isEmpty()) {
            return next++;
        }
        return free.poll();
    }

    synchronized void release(int fid) {
        free.add(fid);
    }
}
