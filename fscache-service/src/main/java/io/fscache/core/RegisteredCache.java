package io.fscache.core;

import io.fscache.spi.CacheBackend;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The core's record of one {@link CacheBackend}: its state, the operations in flight on it (the
 * kernel's {@code n_accesses}) and the objects open in it. Withdrawal flips the state so no new
 * access begins, then waits for both counts to drain.
 */
final class RegisteredCache {

    enum State { ACTIVE, WITHDRAWING, FAILED, WITHDRAWN }

    final CacheBackend backend;
    final String name;
    final int debugId;
    final int granuleSize;
    /** The rank for volumes that name no cache: highest first. */
    final int priority;
    /** Cookies bound to an object of this cache; withdrawal walks them. */
    final Set<CookieImpl> boundCookies = ConcurrentHashMap.newKeySet();

    private volatile State state = State.ACTIVE;
    private final AtomicInteger accesses = new AtomicInteger();
    private final AtomicInteger openObjects = new AtomicInteger();
    private final AtomicInteger consecutiveErrors = new AtomicInteger();
    /** Completed when the count drains, for a withdrawal that must not block a thread (see whenZero). */
    private final AtomicReference<CompletableFuture<Void>> noAccesses = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> noObjects = new AtomicReference<>();
    private final int errorLimit;

    RegisteredCache(CacheBackend backend, int priority, int debugId, int errorLimit) {
        this.backend = backend;
        this.name = backend.name();
        this.debugId = debugId;
        this.granuleSize = backend.granuleSize();
        this.priority = priority;
        this.errorLimit = errorLimit;
    }

    State state() {
        return state;
    }

    boolean isActive() {
        return state == State.ACTIVE;
    }

    /** Pins the cache for one operation; false if it is no longer accepting work. */
    boolean beginAccess() {
        if (state != State.ACTIVE) {
            return false;
        }
        accesses.incrementAndGet();
        // Re-check: a withdrawal that flipped the state after our first look may already be
        // waiting for the count to drain, and must not see us start.
        if (state != State.ACTIVE) {
            endAccess();
            return false;
        }
        return true;
    }

    void endAccess() {
        if (accesses.decrementAndGet() == 0 && state != State.ACTIVE) {
            signal(noAccesses);
        }
    }

    void objectOpened() {
        openObjects.incrementAndGet();
    }

    void objectClosed() {
        if (openObjects.decrementAndGet() == 0 && state != State.ACTIVE) {
            signal(noObjects);
        }
    }

    int accesses() {
        return accesses.get();
    }

    int openObjects() {
        return openObjects.get();
    }

    /** Starts withdrawal: from now on no access can begin. False if it had already started. */
    boolean startWithdrawal() {
        synchronized (this) {
            if (state == State.WITHDRAWING || state == State.WITHDRAWN) {
                return false;
            }
            state = State.WITHDRAWING;
            return true;
        }
    }

    /** Marks the withdrawal finished; true for the one caller that gets to release the backend. */
    synchronized boolean markWithdrawn() {
        if (state == State.WITHDRAWN) {
            return false;
        }
        state = State.WITHDRAWN;
        return true;
    }

    /**
     * Counts an I/O error; returns true exactly once, when the errors in a row reach the limit and
     * the cache is taken out of service.
     */
    boolean noteError() {
        if (consecutiveErrors.incrementAndGet() < errorLimit) {
            return false;
        }
        synchronized (this) {
            if (state != State.ACTIVE) {
                return false;
            }
            state = State.FAILED;
            return true;
        }
    }

    void noteSuccess() {
        if (consecutiveErrors.get() != 0) {
            consecutiveErrors.set(0);
        }
    }

    /** Waits until no operation is in flight. */
    void awaitNoAccesses() throws InterruptedException {
        awaitZero(accesses);
    }

    /** Waits until every object of this cache has been closed. */
    void awaitNoObjects() throws InterruptedException {
        awaitZero(openObjects);
    }

    /**
     * Completes once no operation is in flight, without a thread waiting: for a withdrawal run as
     * tasks on the worker pool. Only once no access can begin (the state is not {@code ACTIVE}).
     */
    CompletableFuture<Void> whenNoAccesses() {
        return whenZero(accesses, noAccesses);
    }

    /** Completes once every object is closed; asked only after {@link #whenNoAccesses()}, when none can open. */
    CompletableFuture<Void> whenNoObjects() {
        return whenZero(openObjects, noObjects);
    }

    private synchronized void awaitZero(AtomicInteger count) throws InterruptedException {
        while (count.get() > 0) {
            wait(1000);
        }
    }

    private static CompletableFuture<Void> whenZero(AtomicInteger count, AtomicReference<CompletableFuture<Void>> waiter) {
        CompletableFuture<Void> zero = waiter.updateAndGet(w -> w != null ? w : new CompletableFuture<>());
        // After publishing the waiter: a count that reaches zero from now on completes it too.
        if (count.get() == 0) {
            zero.complete(null);
        }
        return zero;
    }

    private void signal(AtomicReference<CompletableFuture<Void>> waiter) {
        synchronized (this) {
            notifyAll();
        }
        CompletableFuture<Void> zero = waiter.get();
        if (zero != null) {
            zero.complete(null);
        }
    }

    @Override
    public String toString() {
        return "cache " + name + " (#" + debugId + ")";
    }
}
