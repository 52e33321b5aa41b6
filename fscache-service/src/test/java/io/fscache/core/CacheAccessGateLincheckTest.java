package io.fscache.core;

import io.fscache.backend.memory.MemoryCache;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Model-checks the access gate of a cache ({@link RegisteredCache}, the kernel's {@code n_accesses}
 * and cache state): operations begin and end accesses while the cache is withdrawn or fails.
 *
 * <p>Sequential specification ({@link Spec}): an access begins if and only if the cache is active;
 * the first withdrawal (of an active or failed cache) starts it and returns true, later ones return
 * false; the first error (the limit here is one) takes an active cache out of service and returns
 * true. Beyond linearizability, the property withdrawal rests on: once a withdrawal has seen the
 * access count drain, no access is in flight and none begins (checked inside {@link #access()}).
 */
public class CacheAccessGateLincheckTest {

    private static final MemoryCache BACKEND = new MemoryCache("gate", 1 << 20, 4096);

    private final RegisteredCache cache = new RegisteredCache(BACKEND, 0, 1, 1);
    private volatile boolean drained;

    /** Begins an access and ends it, as an operation on the cache does. */
    @Operation
    public boolean access() {
        if (!cache.beginAccess()) {
            return false;
        }
        if (drained) {
            throw new AssertionError("an access began after the withdrawal saw the accesses drain");
        }
        cache.endAccess();
        return true;
    }

    /** Starts withdrawal and waits for the accesses in flight, as FsCacheService.withdraw does. */
    @Operation
    public boolean withdraw() throws InterruptedException {
        if (!cache.startWithdrawal()) {
            return false;
        }
        cache.awaitNoAccesses();
        drained = true;
        return true;
    }

    @Operation
    public boolean fail() {
        return cache.noteError();
    }

    @Operation
    public String state() {
        return cache.state().name();
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .iterations(40)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .check(getClass());
    }

    /** The sequential specification. */
    public static final class Spec {
        private String state = "ACTIVE";

        public boolean access() {
            return state.equals("ACTIVE");
        }

        public boolean withdraw() {
            if (state.equals("WITHDRAWING")) {
                return false;
            }
            state = "WITHDRAWING";
            return true;
        }

        public boolean fail() {
            if (!state.equals("ACTIVE")) {
                return false;
            }
            state = "FAILED";
            return true;
        }

        public String state() {
            return state;
        }
    }
}
