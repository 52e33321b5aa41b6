package io.fscache.core;

import io.fscache.api.CookieState;
import io.fscache.core.CookieMachine.Admission;
import io.fscache.core.CookieMachine.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link CookieMachine} in a model of its surroundings, for {@link CookieMachineLincheckTest}: the
 * cookie's side as CookieImpl, BoundObject, AccessImpl and FsCacheService.withdraw drive the machine
 * (generations with reference counts, open accesses pinning them and the cache, one cache that can be
 * withdrawn, the LRU), with what the real cookie hands to threads made explicit: the worker runs one
 * step ({@link #worker()}), the step's backend call completes ({@link #backend}), a disposal handed
 * to the pool runs ({@link #disposal()}), the withdrawal asks the cookie to detach ({@link #withdrawal()}).
 *
 * <p>Each method is one critical section of the real cookie (its monitor held); the caller makes them
 * atomic. Invariant violations are collected, checked after every method, and reported by
 * {@link #settles()}, which also checks liveness: with every access closed and all work finished,
 * nothing is left over and a relinquished cookie is dropped.
 */
final class CookieMachineModel {

    /** Enough for any settling: each round finishes one thing, and a scenario starts few. */
    private static final int SETTLE_ROUNDS = 1_000;

    private final List<String> violations = new ArrayList<>();
    private final CookieMachine machine = new CookieMachine(new ModelHost());

    // The surroundings.
    private boolean cacheActive = true;
    private boolean withdrawalAsked;
    private int cacheAccesses;
    private Generation bound;
    private final Deque<Generation> accesses = new ArrayDeque<>();
    private final Deque<Generation> queuedDisposals = new ArrayDeque<>();
    private final List<Generation> detached = new ArrayList<>();
    private boolean runQueued;
    /** The backend call of the run's current step, in progress; null if none. */
    private Call inStep;
    private Generation stepObject;
    private boolean onLru;
    private int drops;

    /** Starts from the common case: bound by a lookup, in use by one user, the run idle. */
    CookieMachineModel() {
        machine.use(false);
        runStep();
        completeStep(true);
        runStep();
    }

    // ---- the API ----

    void use(boolean willModify) {
        if (!machine.isRelinquished()) {
            machine.use(willModify);
            if (machine.users() == 1) {
                onLru = false;
            }
        }
        check("use");
    }

    void unuse() {
        if (!machine.isRelinquished() && machine.users() > 0 && machine.unuse()) {
            parkOnLru();
        }
        check("unuse");
    }

    void invalidate() {
        if (!machine.isRelinquished()) {
            machine.invalidate();
        }
        check("invalidate");
    }

    void relinquish(boolean retire) {
        relinquishNow(retire);
        check("relinquish");
    }

    /** One round of beginOperation: a real caller told to wait would ask again after a change. */
    String beginOperation() {
        if (machine.isRelinquished()) {
            return "refused";
        }
        Admission admission = machine.admit(false, machine.lookupAttempts());
        if (admission == Admission.ACCESS) {
            if (machine.state() != CookieState.ACTIVE || bound == null) {
                violations.add("an access was granted on a " + machine.state() + " cookie bound to " + bound);
            } else if (cacheActive) {
                bound.refs++;
                cacheAccesses++;
                accesses.addLast(bound);
            } else {
                admission = Admission.UNCACHED;
            }
        }
        check("beginOperation");
        return admission.name();
    }

    /** The oldest open access ends: its generation is released from the caller's thread. */
    void endOperation() {
        if (!accesses.isEmpty()) {
            endAccess(accesses.removeFirst());
        }
        check("endOperation");
    }

    /** A read on the newest access fails (AccessImpl.readFailure). */
    void ioError() {
        if (!accesses.isEmpty() && accesses.peekLast() == bound) {
            machine.ioError();
        }
        check("ioError");
    }

    /** The LRU timer fires for the parked cookie. */
    void lruTimer() {
        if (onLru) {
            onLru = false;
            if (machine.users() == 0 && bound != null) {
                machine.expire();
            }
        }
        check("lruTimer");
    }

    /** Another lookup, or a cache short of space, closes the oldest idle object at once. */
    void discardIdle() {
        if (onLru) {
            onLru = false;
            if (machine.discardIdle(!accesses.isEmpty())) {
                Generation victim = detach();
                // Released on the caller's thread, which closes it at once: the disposal actor is
                // the end of that close.
                victim.refs--;
                if (victim.refs == 0) {
                    queuedDisposals.addLast(victim);
                }
            } else if (machine.users() == 0 && bound != null && !machine.isRelinquished()) {
                parkOnLru();
            }
        }
        check("discardIdle");
    }

    /** The cache starts being withdrawn: it takes no new access. */
    void withdraw() {
        cacheActive = false;
        check("withdraw");
    }

    // ---- the threads CookieImpl hands work to ----

    /** The worker runs the machine's next step, if a run is queued and not inside a backend call. */
    void worker() {
        if (runQueued && inStep == null) {
            runStep();
        }
        check("worker");
    }

    /** The backend call of the step in progress completes, or fails. */
    void backend(boolean succeeds) {
        if (inStep != null) {
            completeStep(succeeds);
        }
        check("backend");
    }

    /** A disposal handed to the pool (the last access of a detached object ended) runs. */
    void disposal() {
        if (!queuedDisposals.isEmpty()) {
            disposed(queuedDisposals.removeFirst());
        }
        check("disposal");
    }

    /** The withdrawal, once its cache's accesses have drained, asks the bound cookie to detach. */
    void withdrawal() {
        askToWithdraw();
        check("withdrawal");
    }

    // ---- after the scenario ----

    /**
     * After a scenario: finishes everything, checks a relinquished cookie is dropped (relinquishing
     * one that is not first), and fails with every violation seen.
     */
    void settles() {
        settle();
        if (machine.isRelinquished() && machine.state() != CookieState.DROPPED) {
            violations.add("relinquished, every access closed and every disposal done, but " + describe());
        }
        if (!machine.isRelinquished()) {
            relinquishNow(false);
            settle();
            if (machine.state() != CookieState.DROPPED) {
                violations.add("relinquished after the scenario and settled, but " + describe());
            }
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(String.join("; ", violations));
        }
    }

    /** Closes every access and finishes all work, as the real threads would. */
    private void settle() {
        for (int round = 0; round < SETTLE_ROUNDS; round++) {
            if (!accesses.isEmpty()) {
                endAccess(accesses.removeFirst());
            } else if (inStep != null) {
                completeStep(true);
            } else if (!queuedDisposals.isEmpty()) {
                disposed(queuedDisposals.removeFirst());
            } else if (runQueued) {
                runStep();
            } else if (!cacheActive && !withdrawalAsked && cacheAccesses == 0) {
                askToWithdraw();
            } else {
                check("settling");
                if (machine.pendingDisposals() != 0) {
                    violations.add("settled with " + machine.pendingDisposals() + " pending disposals: " + describe());
                }
                return;
            }
            check("settling");
        }
        violations.add("still busy after " + SETTLE_ROUNDS + " rounds: " + describe());
    }

    // ---- the model of CookieImpl's side ----

    private void relinquishNow(boolean retire) {
        if (!machine.isRelinquished()) {
            machine.relinquish(retire);
            onLru = false;
        }
    }

    /** CookieImpl.runMachine's locked part, and the start of the step it chose. */
    private void runStep() {
        Step step = machine.nextStep();
        switch (step) {
            case NONE -> runQueued = false;
            case LOOK_UP -> {
                if (machine.pendingDisposals() != 0) {
                    violations.add("a lookup started with " + machine.pendingDisposals() + " disposals pending");
                }
                if (cacheActive) {
                    cacheAccesses++;
                    inStep = Call.LOOK_UP;
                } else {
                    machine.lookupMissed(false);
                }
            }
            case INVALIDATE -> {
                stepObject = bound;
                inStep = Call.INVALIDATE;
            }
            case PREPARE_TO_WRITE -> {
                bound.refs++;
                stepObject = bound;
                inStep = Call.PREPARE_TO_WRITE;
            }
            case CLOSE, DISCARD, EXPIRE -> releaseOnWorker(detach());
        }
    }

    /** The unlocked part of the step in progress ends, and its result is taken under the lock. */
    private void completeStep(boolean succeeds) {
        Call call = inStep;
        Generation object = stepObject;
        inStep = null;
        stepObject = null;
        switch (call) {
            case LOOK_UP -> {
                cacheAccesses--;
                if (succeeds) {
                    bound = new Generation();
                    if (machine.lookupFound()) {
                        parkOnLru();
                    }
                } else {
                    machine.lookupMissed(true);
                }
            }
            case INVALIDATE -> {
                boolean next = succeeds && cacheActive;
                bound = null;
                if (next) {
                    object.detach(false);
                    bound = new Generation();
                } else {
                    object.detach(true);
                    detached.add(object);
                }
                machine.invalidated(next);
                releaseOnWorker(object);
            }
            case PREPARE_TO_WRITE -> {
                if (!succeeds && bound == object) {
                    machine.ioError();
                }
                release(object);
                cacheAccesses--;
            }
            case DISPOSE -> disposed(object);
        }
    }

    private Generation detach() {
        Generation old = bound;
        bound = null;
        old.detach(true);
        detached.add(old);
        onLru = false;
        return old;
    }

    /** BoundObject.releaseOnWorker: the disposal, due now, runs in this step. */
    private void releaseOnWorker(Generation object) {
        if (--object.refs == 0) {
            inStep = Call.DISPOSE;
            stepObject = object;
        }
    }

    /** BoundObject.release: the disposal, due now, is handed to the pool. */
    private void release(Generation object) {
        if (--object.refs == 0) {
            queuedDisposals.addLast(object);
        }
    }

    private void endAccess(Generation object) {
        release(object);
        cacheAccesses--;
    }

    private void disposed(Generation object) {
        if (object.gone) {
            violations.add("an object was disposed of twice");
        }
        object.gone = true;
        detached.remove(object);
        machine.disposed(object.blocksLookup);
    }

    private void askToWithdraw() {
        if (!cacheActive && !withdrawalAsked && cacheAccesses == 0) {
            withdrawalAsked = true;
            if (bound != null) {
                machine.withdraw();
            }
        }
    }

    private void parkOnLru() {
        if (bound != null && !machine.isRelinquished()) {
            onLru = true;
        }
    }

    // ---- the invariants ----

    private void check(String after) {
        CookieState state = machine.state();
        int pending = machine.pendingDisposals();
        int blocking = 0;
        for (Generation object : detached) {
            if (object.blocksLookup) {
                blocking++;
            }
        }
        if (pending < 0 || pending != blocking) {
            violations.add("after " + after + ": " + pending + " pending disposals, " + blocking + " detached objects block a lookup");
        }
        boolean boundState = state == CookieState.ACTIVE || state == CookieState.INVALIDATING;
        if (machine.isBound() != (bound != null) || machine.isBound() != boundState) {
            violations.add("after " + after + ": " + describe() + ", but the model's generation is " + bound);
        }
        if (machine.isRunQueued() != runQueued) {
            violations.add("after " + after + ": the machine says a run is " + (machine.isRunQueued() ? "" : "not ")
                    + "queued, the pool has " + (runQueued ? "one" : "none"));
        }
        if (state == CookieState.DROPPED && (!machine.isRelinquished() || pending != 0 || drops != 1)) {
            violations.add("after " + after + ": dropped " + drops + " times, " + describe());
        }
    }

    private String describe() {
        return machine.state() + " (users " + machine.users() + ", relinquished " + machine.isRelinquished()
                + ", pending disposals " + machine.pendingDisposals() + ", run " + (runQueued ? "queued" : "idle")
                + ", step " + inStep + ", accesses " + accesses.size() + ", cache " + (cacheActive ? "active" : "withdrawing") + ")";
    }

    /** The machine's surroundings: the model above. */
    private final class ModelHost implements CookieMachine.Host {
        @Override
        public void startRun() {
            if (runQueued) {
                violations.add("a second run was started while one was queued");
            }
            runQueued = true;
        }

        @Override
        public boolean cacheUsable() {
            return cacheActive;
        }

        @Override
        public boolean boundCacheActive() {
            return cacheActive;
        }

        @Override
        public boolean beginBoundAccess() {
            if (cacheActive) {
                cacheAccesses++;
            }
            return cacheActive;
        }

        @Override
        public void stateChanged() {
        }

        @Override
        public void dropped() {
            drops++;
        }
    }

    /** The backend calls a run makes outside the lock (a disposal due when a detach step releases the object). */
    private enum Call { LOOK_UP, INVALIDATE, PREPARE_TO_WRITE, DISPOSE }

    /** One generation of the cookie's object: a reference for the binding, one per access or step. */
    private static final class Generation {
        int refs = 1;
        boolean blocksLookup;
        boolean gone;

        void detach(boolean blocks) {
            blocksLookup = blocks;
        }

        @Override
        public String toString() {
            return "generation(refs " + refs + (gone ? ", gone" : "") + ")";
        }
    }

}
