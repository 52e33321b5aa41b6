package io.fscache.ninep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The fids of one connection. A fid goes back to the pool only once the server has forgotten it
 * (after {@code Rclunk}, {@code Rremove}, or a walk that failed to create it). Fresh fids are
 * preferred and freed ones reused oldest first: diod drops its last reference to a clunked fid
 * just after replying, so reusing it at once races with that (diod logs "unclunked fid").
 *
 * <p>It also knows which fids are out, so that closing a session can wait for the calls in
 * flight to give theirs back and clunk whatever is left before the connection goes.
 */
final class FidPool {

    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final Set<Integer> out = new LinkedHashSet<>();
    private final List<QuietWaiter> quietWaiters = new ArrayList<>();
    private final int freshLimit;
    private int next;

    FidPool() {
        this(1 << 20);
    }

    /** Hands out fids 0 to {@code freshLimit - 1} before it reuses any; tests use a small limit. */
    FidPool(int freshLimit) {
        this.freshLimit = freshLimit;
    }

    synchronized int take() {
        int fid = next < freshLimit || free.isEmpty() ? next++ : free.poll();
        out.add(fid);
        return fid;
    }

    void release(int fid) {
        List<QuietWaiter> quiet = new ArrayList<>();
        synchronized (this) {
            if (!out.remove(fid)) {
                return;
            }
            free.add(fid);
            // Each waiter has its own count: one waiting for fewer must not be woken by, nor
            // hold back, one waiting for more.
            quietWaiters.removeIf(waiter -> waiter.count >= out.size() && quiet.add(waiter));
        }
        quiet.forEach(waiter -> waiter.future.complete(null));
    }

    /** The fids taken and not yet released. */
    synchronized List<Integer> outstanding() {
        return List.copyOf(out);
    }

    /** Completes once at most {@code count} fids are out (the root's, when a session closes). */
    CompletableFuture<Void> quiet(int count) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        synchronized (this) {
            if (out.size() > count) {
                quietWaiters.add(new QuietWaiter(count, waiter));
                return waiter;
            }
        }
        waiter.complete(null);
        return waiter;
    }

    private record QuietWaiter(int count, CompletableFuture<Void> future) {
    }
}
