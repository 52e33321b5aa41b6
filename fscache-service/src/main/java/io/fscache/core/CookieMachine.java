package io.fscache.core;

import io.fscache.api.CookieState;

/**
 * The decisions of a cookie's state machine, apart from the threads and the backend: the cookie's
 * state, the requests pending on it, and the step its run takes next. {@link CookieImpl} calls every
 * method under its monitor and performs the steps (backend calls, disposals) outside it, on the
 * worker pool. It exists apart so that Lincheck can model-check it ({@code CookieMachineLincheckTest}
 * drives it with explicit "the worker runs a step" and "the backend call completes" actors): the real
 * cookie hands its runs and disposals to a thread pool, which model checking cannot drive.
 *
 * <p>Not thread-safe: every call must hold the cookie's lock. The machine calls its {@link Host}
 * under that lock too.
 */
final class CookieMachine {

    /** The next piece of a run, done outside the lock. */
    enum Step {
        /** Nothing left: the run has ended. */
        NONE,
        /** Look the key up, or create it: ends in {@link #lookupFound()} or {@link #lookupMissed}. */
        LOOK_UP,
        /** Replace the bound object by its next generation: ends in {@link #invalidated}. */
        INVALIDATE,
        /** Tell the bound object to expect writes; its cache is already pinned ({@link Host#beginBoundAccess()}). */
        PREPARE_TO_WRITE,
        /** The bound object is detached: commit and close it once its last access ends. */
        CLOSE,
        /** The bound object is detached: discard it once its last access ends. */
        DISCARD,
        /** The LRU timer detached the idle object: commit and close it, counted as expired. */
        EXPIRE
    }

    /** What {@link CookieImpl#beginOperation()} does, asked in a loop. */
    enum Admission {
        /** Open an access on the bound object. */
        ACCESS,
        /** Go uncached this once. */
        UNCACHED,
        /** A lookup is asked for: wait for a change, then ask again, with {@code asked} true. */
        LOOKUP,
        /** A lookup or invalidation is in progress: wait for a change, then ask again. */
        WAIT
    }

    /** The cookie's surroundings, as the machine sees them. Called under the cookie's lock. */
    interface Host {
        /** Hands a run to the worker pool: a run is wanted and none was queued. */
        void startRun();

        /** Whether a live cache would take a lookup now. */
        boolean cacheUsable();

        /** Whether the bound object's cache still accepts work. */
        boolean boundCacheActive();

        /** Pins the bound object's cache for a prepare-to-write; false if it takes no new work. */
        boolean beginBoundAccess();

        /** The state has changed: wake those waiting on the cookie. */
        void stateChanged();

        /** The cookie is dropped: its key may be acquired again. */
        void dropped();
    }

    private final Host host;

    private CookieState state = CookieState.QUIESCENT;
    private int users;
    /** A user opened the file for writing, and some user still has it (the kernel's FSCACHE_COOKIE_LOCAL_WRITE). */
    private boolean localWrite;
    /** The bound object is to be told to expect writes (the kernel's FSCACHE_COOKIE_DO_PREP_TO_WRITE). */
    private boolean prepareWritePending;
    /** The bound generation has been told to expect writes. */
    private boolean preparedForWrite;
    private boolean relinquished;
    private boolean retire;
    private boolean lookupWanted;
    private boolean invalidatePending;
    private boolean withdrawPending;
    private boolean lruExpired;
    private boolean errorPending;
    private boolean runQueued;
    private boolean bound;
    private long lookupAttempts;
    /** Detached objects that must be gone before the key is looked up again. */
    private int pendingDisposals;

    CookieMachine(Host host) {
        this.host = host;
    }

    CookieState state() {
        return state;
    }

    int users() {
        return users;
    }

    boolean isRelinquished() {
        return relinquished;
    }

    boolean isBound() {
        return bound;
    }

    boolean isRunQueued() {
        return runQueued;
    }

    long lookupAttempts() {
        return lookupAttempts;
    }

    int pendingDisposals() {
        return pendingDisposals;
    }

    // ---- requests ----

    void use(boolean willModify) {
        users++;
        if (willModify) {
            localWrite = true;
            prepareWritePending = true;
            if (state == CookieState.ACTIVE) {
                queueRun();
            }
        }
        if (state == CookieState.FAILED) {
            state = CookieState.QUIESCENT;
        }
        if (state == CookieState.QUIESCENT && host.cacheUsable()) {
            lookupWanted = true;
            queueRun();
        }
    }

    /** One user fewer (the caller has checked there is one); true if it was the last: park the object. */
    boolean unuse() {
        if (--users == 0) {
            localWrite = false;
            return true;
        }
        return false;
    }

    void invalidate() {
        invalidatePending = true;
        if (state == CookieState.ACTIVE) {
            // Make new operations wait for the fresh generation instead of using the old one.
            state = CookieState.INVALIDATING;
            queueRun();
        }
    }

    void relinquish(boolean retire) {
        relinquished = true;
        this.retire = retire;
        users = 0;
        queueRun();
    }

    /** The bound object's cache is being withdrawn. */
    void withdraw() {
        withdrawPending = true;
        queueRun();
    }

    /** The bound object failed a read or write: discard it, rebind later. */
    void ioError() {
        errorPending = true;
        queueRun();
    }

    /** The idle object is to be closed (the LRU timer, or a zero LRU timeout). */
    void expire() {
        lruExpired = true;
        queueRun();
    }

    /**
     * Detaches an idle object to be closed at once on the caller's thread (to free a slot or space):
     * true if the cookie was idle (active, unused, no access open, no run queued) and is now
     * LRU_DISCARDING.
     */
    boolean discardIdle(boolean accessesOpen) {
        if (state != CookieState.ACTIVE || users > 0 || accessesOpen || runQueued || !bound) {
            return false;
        }
        state = CookieState.LRU_DISCARDING;
        detach();
        return true;
    }

    /** Decides for {@link CookieImpl#beginOperation()}; {@code asked}: this caller already asked for a lookup. */
    Admission admit(boolean asked, long attemptsSeen) {
        switch (state) {
            case ACTIVE:
                return Admission.ACCESS;
            case QUIESCENT:
                // Bind now if a cache is live; but never wait for a disposal: the caller may itself
                // hold the access that keeps the old object open.
                if (asked && lookupAttempts != attemptsSeen || pendingDisposals > 0 || !host.cacheUsable()) {
                    if (pendingDisposals > 0) {
                        lookupWanted = true;
                    }
                    return Admission.UNCACHED;
                }
                lookupWanted = true;
                queueRun();
                return Admission.LOOKUP;
            case LOOKING_UP, CREATING, INVALIDATING:
                return Admission.WAIT;
            default:
                // FAILED, or an object on its way out: uncached for now.
                return Admission.UNCACHED;
        }
    }

    // ---- the run ----

    /** The run's next step; {@link Step#NONE} ends the run. */
    Step nextStep() {
        Step step = pickStep();
        if (step == Step.NONE) {
            runQueued = false;
        }
        return step;
    }

    private Step pickStep() {
        switch (state) {
            case QUIESCENT, FAILED:
                if (relinquished) {
                    if (pendingDisposals == 0) {
                        drop();
                    } else {
                        state = CookieState.RELINQUISHING;
                    }
                    return Step.NONE;
                }
                if (state == CookieState.QUIESCENT && lookupWanted && pendingDisposals == 0) {
                    lookupWanted = false;
                    setState(CookieState.LOOKING_UP);
                    return Step.LOOK_UP;
                }
                return Step.NONE;
            case ACTIVE, INVALIDATING:
                if (relinquished) {
                    setState(CookieState.RELINQUISHING);
                    detach();
                    return retire ? Step.DISCARD : Step.CLOSE;
                }
                if (withdrawPending || !host.boundCacheActive()) {
                    withdrawPending = false;
                    setState(CookieState.WITHDRAWING);
                    detach();
                    return Step.CLOSE;
                }
                if (errorPending) {
                    errorPending = false;
                    setState(CookieState.QUIESCENT);
                    detach();
                    return Step.DISCARD;
                }
                if (invalidatePending) {
                    invalidatePending = false;
                    setState(CookieState.INVALIDATING);
                    return Step.INVALIDATE;
                }
                if (state == CookieState.INVALIDATING) {
                    setState(CookieState.ACTIVE);
                }
                if (prepareWritePending) {
                    prepareWritePending = false;
                    if (localWrite && !preparedForWrite && host.beginBoundAccess()) {
                        preparedForWrite = true;
                        return Step.PREPARE_TO_WRITE;
                    }
                }
                if (lruExpired) {
                    lruExpired = false;
                    if (users == 0) {
                        setState(CookieState.LRU_DISCARDING);
                        detach();
                        return Step.EXPIRE;
                    }
                }
                lookupWanted = false;
                return Step.NONE;
            case RELINQUISHING:
                if (pendingDisposals == 0) {
                    drop();
                }
                return Step.NONE;
            default:
                // LRU_DISCARDING and WITHDRAWING end in disposed(); LOOKING_UP and CREATING belong to
                // the step in progress; DROPPED is final.
                return Step.NONE;
        }
    }

    // ---- ends of steps ----

    /** The lookup found nothing in the cache and is creating the object. */
    void creating() {
        setState(CookieState.CREATING);
    }

    /** The lookup bound an object; true if the cookie is idle, so the object goes on the LRU. */
    boolean lookupFound() {
        lookupAttempts++;
        bound = true;
        preparedForWrite = false;
        prepareWritePending = localWrite;
        // An invalidation that arrived during the lookup applies to what was found.
        setState(invalidatePending ? CookieState.INVALIDATING : CookieState.ACTIVE);
        return users == 0 && !relinquished;
    }

    /** The lookup bound nothing: no live cache or slot (QUIESCENT), or the cache failed it (FAILED). */
    void lookupMissed(boolean failed) {
        lookupAttempts++;
        setState(failed ? CookieState.FAILED : CookieState.QUIESCENT);
    }

    /**
     * The invalidation ended. With a next generation the cookie stays bound to it (the old one was
     * detached by the backend and cannot be found again); without one the old object is detached and
     * must be discarded before the key is looked up again.
     */
    void invalidated(boolean nextGeneration) {
        if (nextGeneration) {
            preparedForWrite = false;
            prepareWritePending = localWrite;
            setState(invalidatePending ? CookieState.INVALIDATING : CookieState.ACTIVE);
        } else {
            detach();
            invalidatePending = false;
            setState(CookieState.QUIESCENT);
        }
    }

    /** A detached object is gone; {@code blockedLookup}: it was counted in the pending disposals. */
    void disposed(boolean blockedLookup) {
        if (blockedLookup) {
            pendingDisposals--;
        }
        if (pendingDisposals != 0) {
            return;
        }
        switch (state) {
            case RELINQUISHING -> drop();
            case LRU_DISCARDING, WITHDRAWING -> {
                state = CookieState.QUIESCENT;
                if (relinquished) {
                    // Relinquished while its object was going: the run, idle meanwhile, drops it now.
                    queueRun();
                } else if (lookupWanted || users > 0 && host.cacheUsable()) {
                    lookupWanted = true;
                    queueRun();
                }
            }
            case QUIESCENT -> {
                if (lookupWanted || relinquished) {
                    queueRun();
                }
            }
            default -> {
            }
        }
    }

    // ---- helpers ----

    /**
     * The bound object goes: requests about it (its cache's withdrawal, its I/O error, its LRU
     * expiry) go with it, or they would reach the object bound next.
     */
    private void detach() {
        bound = false;
        pendingDisposals++;
        withdrawPending = false;
        errorPending = false;
        lruExpired = false;
    }

    private void queueRun() {
        if (!runQueued) {
            runQueued = true;
            host.startRun();
        }
    }

    private void drop() {
        setState(CookieState.DROPPED);
        host.dropped();
    }

    private void setState(CookieState next) {
        state = next;
        host.stateChanged();
    }
}
