package io.fscache.ceph;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a native mount alive while calls run in it: {@code ceph_unmount} and {@code ceph_release}
 * free what a call in flight uses, so {@link #close} lets no new call in and waits for those in
 * flight. Lock-free: a count of calls in flight whose sign bit means closed.
 */
final class CallGate {

    private static final int CLOSED = Integer.MIN_VALUE;

    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch drained = new CountDownLatch(1);
    private final String what;

    /** @param what the mount, for the message of a call made after the close */
    CallGate(String what) {
        this.what = what;
    }

    /** Lets a call in; pair with {@link #exit()}. */
    void enter() throws IOException {
        while (true) {
            int now = calls.get();
            if ((now & CLOSED) != 0) {
                throw new IOException(what + " is closed");
            }
            if (calls.compareAndSet(now, now + 1)) {
                return;
            }
        }
    }

    void exit() {
        if (calls.decrementAndGet() == CLOSED) {
            drained.countDown();
        }
    }

    /**
     * Lets no new call in and waits for the calls in flight.
     *
     * @return whether they all returned within {@code wait}; if not, the mount must not be freed
     */
    boolean close(Duration wait) {
        int before = calls.getAndUpdate(now -> now | CLOSED);
        if ((before & CLOSED) != 0) {
            return true;
        }
        if (before == 0) {
            drained.countDown();
        }
        try {
            return drained.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Calls in flight now. */
    int inFlight() {
        return calls.get() & ~CLOSED;
    }
}
