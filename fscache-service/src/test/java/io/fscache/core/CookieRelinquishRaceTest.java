package io.fscache.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.CacheAccess;
import io.fscache.api.CookieState;
import io.fscache.backend.memory.MemoryCache;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cookie relinquished while its machine is in the middle of something is dropped once that is
 * over, so its key can be acquired again. Each test holds the machine in one state (an access keeps
 * a detached object open, or a gate holds a backend call), relinquishes, lets go (once the machine
 * is idle, where it would be), and waits for DROPPED.
 *
 * <p>The withdrawal case needs something to run the machine while the cache is going: withdrawal asks
 * cookies to detach only once every access to the cache has ended, so a test that holds an access
 * and waits for its cookie to become WITHDRAWING waits for itself (it did, in the session that fixed
 * the bug; whether the lookup's own run saw the cache going was a matter of timing).
 *
 * <p>What broke: a cookie relinquished while its object was being detached for a withdrawal or by the
 * LRU (states WITHDRAWING and LRU_DISCARDING, which only the object's disposal ends) was left
 * QUIESCENT with its machine idle when the disposal came from an access closing or from another
 * cookie's lookup freeing a slot: never dropped, its key never usable again. The first three tests
 * hung before {@code onDisposed} queued the machine for a relinquished cookie. The others pin the
 * states the machine leaves by itself (a lookup, an invalidation, an I/O-error discard), which never
 * had the bug.
 */
class CookieRelinquishRaceTest {

    private static final int GRANULE = 16 * 1024;
    private static final long SIZE = 4L * GRANULE;

    /** Accesses a test holds: a failed test must not leave one open, or closing the core waits for it forever. */
    private final List<CacheAccess> held = new ArrayList<>();
    private FsCacheService service;
    private InstrumentedBackend backend;

    @AfterEach
    void tearDown() {
        held.forEach(CacheAccess::close);
        backend.lookups.open();
        backend.invalidations.open();
        backend.commits.open();
        service.close();
    }

    /**
     * The cache is being withdrawn (waiting for the test's access to end) when an invalidation runs
     * the machine: it finds the cache going and detaches, the access keeping the object open.
     */
    @Test
    void relinquishedWhileItsCacheIsWithdrawn() {
        start(FsCacheSettings.DEFAULTS);
        CookieImpl cookie = acquire();
        CacheAccess access = hold(cookie.beginOperation().orElseThrow());
        Thread withdrawal = new Thread(() -> service.withdraw("mem"), "test-withdraw");
        withdrawal.start();
        await("the cache stops admitting accesses").until(() -> service.caches().get(0).state().equals("WITHDRAWING"));

        cookie.invalidate(new byte[] {2}, SIZE);
        awaitState(cookie, CookieState.WITHDRAWING);
        cookie.relinquish(false);
        awaitIdle(cookie);
        access.close();

        awaitState(cookie, CookieState.DROPPED);
        await("the withdrawal returns").until(() -> !withdrawal.isAlive());
        assertEquals(0, backend.open.get(), "the object was closed");
    }

    /** The LRU expires the idle cookie while an operation still holds its object. */
    @Test
    void relinquishedWhileTheLruClosesItsObject() {
        start(FsCacheSettings.DEFAULTS.withLruTimeout(Duration.ZERO));
        CookieImpl cookie = acquire();
        cookie.use(false);
        CacheAccess access = hold(cookie.beginOperation().orElseThrow());
        cookie.unuse(null, -1);
        awaitState(cookie, CookieState.LRU_DISCARDING);

        cookie.relinquish(false);
        awaitIdle(cookie);
        access.close();

        awaitState(cookie, CookieState.DROPPED);
        assertEquals(0, backend.open.get(), "the object was closed");
    }

    /** Another cookie's lookup closes this idle one to free the only open-object slot; its commit is held. */
    @Test
    void relinquishedWhileClosedToFreeASlot() {
        start(FsCacheSettings.DEFAULTS.withMaxOpenObjects(1));
        CookieImpl idle = acquire();
        idle.use(false);
        idle.beginOperation().orElseThrow().close();
        idle.unuse(null, -1);
        // Idle means its run has ended too: a lookup needing the slot skips a cookie whose run is queued.
        awaitIdle(idle);
        backend.commits.close();

        CookieImpl next = (CookieImpl) idle.volume().acquireCookie(new byte[] {2}, new byte[] {0}, SIZE);
        next.use(false);
        awaitState(idle, CookieState.LRU_DISCARDING);
        await("the idle object's commit is under way").until(backend.commits::held, held -> held == 1);
        idle.relinquish(false);
        awaitIdle(idle);
        backend.commits.open();

        awaitState(idle, CookieState.DROPPED);
        awaitState(next, CookieState.ACTIVE);
        next.unuse(null, -1);
        next.relinquish(false);
        awaitState(next, CookieState.DROPPED);
    }

    @Test
    void relinquishedDuringItsLookup() {
        start(FsCacheSettings.DEFAULTS);
        CookieImpl cookie = acquire();
        backend.lookups.close();
        cookie.use(false);
        await("the lookup is under way").until(backend.lookups::held, held -> held == 1);
        assertEquals(CookieState.LOOKING_UP, cookie.state());

        cookie.relinquish(false);
        backend.lookups.open();

        awaitState(cookie, CookieState.DROPPED);
        assertEquals(0, backend.open.get(), "the object found was closed");
    }

    @Test
    void relinquishedDuringAnInvalidation() {
        start(FsCacheSettings.DEFAULTS);
        CookieImpl cookie = acquire();
        cookie.beginOperation().orElseThrow().close();
        backend.invalidations.close();
        cookie.invalidate(new byte[] {2}, SIZE);
        await("the invalidation is under way").until(backend.invalidations::held, held -> held == 1);

        cookie.relinquish(true);
        backend.invalidations.open();

        awaitState(cookie, CookieState.DROPPED);
        assertEquals(0, backend.open.get(), "both generations were discarded");
    }

    /** A read fails: the object is discarded, but the failed access still holds it. */
    @Test
    void relinquishedWhileAFailedObjectIsDiscarded() {
        start(FsCacheSettings.DEFAULTS);
        CookieImpl cookie = acquire();
        CacheAccess access = hold(cookie.beginOperation().orElseThrow());
        access.write(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().join();
        backend.failReads = true;
        CompletionException failed = assertThrows(CompletionException.class,
                () -> access.read(0, ByteBuffer.allocate(GRANULE)).toCompletableFuture().join());
        assertTrue(failed.getCause().getMessage().contains("injected read error"), failed.toString());
        awaitState(cookie, CookieState.QUIESCENT);

        cookie.relinquish(false);
        access.close();

        awaitState(cookie, CookieState.DROPPED);
        assertEquals(0, backend.open.get(), "the failed object was discarded");
    }

    private void start(FsCacheSettings settings) {
        service = new FsCacheService(settings);
        backend = new InstrumentedBackend(new MemoryCache("mem", 64L * GRANULE, GRANULE), false);
        service.addCache(backend);
    }

    private CacheAccess hold(CacheAccess access) {
        held.add(access);
        return access;
    }

    private CookieImpl acquire() {
        return (CookieImpl) service.acquireVolume("relinquish").acquireCookie(new byte[] {1}, new byte[] {0}, SIZE);
    }

    /**
     * Waits until the run the relinquishment queued has ended, so the disposal comes after it: a run
     * still queued then would drop the cookie by itself, and the test would pass by luck.
     */
    private static void awaitIdle(CookieImpl cookie) {
        await("the machine's run ends").until(cookie::isMachineIdle);
    }

    /** Waits for a state, failing with what the cookie is doing instead (an endless wait is the bug). */
    private static void awaitState(CookieImpl cookie, CookieState expected) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> cookie.state() == expected);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("cookie never became " + expected + ": " + cookie.info(), e);
        }
    }
}
