package io.fscache.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.api.CookieState;
import io.fscache.core.CookieMachine.Step;
import org.junit.jupiter.api.Test;

/**
 * Orders of requests the model checker ({@link CookieMachineLincheckTest}) cannot line up, because
 * its model has one cache, which never comes back: a request about one bound object must not reach
 * the object bound after it.
 */
class CookieMachineTest {

    /** Two caches: the first is withdrawn, the second takes the next lookup. */
    private static final class TwoCaches implements CookieMachine.Host {

        @Override
        public void startRun() {
        }

        @Override
        public boolean cacheUsable() {
            return true;
        }

        @Override
        public boolean boundCacheActive() {
            return true;
        }

        @Override
        public boolean beginBoundAccess() {
            return true;
        }

        @Override
        public void stateChanged() {
        }

        @Override
        public void dropped() {
        }
    }

    private final TwoCaches host = new TwoCaches();
    private final CookieMachine machine = new CookieMachine(host);

    // Broke as: an I/O error on the first cache's object, reported in the same run as that cache's
    // withdrawal, discarded the object the next lookup bound in the second cache.
    @Test
    void anErrorOnAWithdrawnObjectDoesNotDiscardTheNextOne() {
        bind();
        machine.ioError();
        machine.withdraw();
        assertEquals(Step.CLOSE, machine.nextStep(), "the withdrawal first");
        rebindAfterDisposal();
        assertEquals(Step.NONE, machine.nextStep(), "the new object stays");
        assertEquals(CookieState.ACTIVE, machine.state());
    }

    // The same for the LRU timer of the old object.
    @Test
    void anExpiryOfAWithdrawnObjectDoesNotCloseTheNextOne() {
        bind();
        machine.unuse();
        machine.expire();
        machine.withdraw();
        assertEquals(Step.CLOSE, machine.nextStep(), "the withdrawal first");
        machine.disposed(true);
        machine.use(false);
        assertEquals(Step.LOOK_UP, machine.nextStep());
        machine.unuse();
        machine.lookupFound();
        assertEquals(Step.NONE, machine.nextStep(), "the new object is closed by its own timer, not the old one's");
        assertEquals(CookieState.ACTIVE, machine.state());
    }

    /** In use and bound by a lookup. */
    private void bind() {
        machine.use(false);
        assertEquals(Step.LOOK_UP, machine.nextStep());
        machine.lookupFound();
        assertEquals(Step.NONE, machine.nextStep());
        assertEquals(CookieState.ACTIVE, machine.state());
    }

    private void rebindAfterDisposal() {
        machine.disposed(true);
        assertEquals(Step.LOOK_UP, machine.nextStep());
        machine.lookupFound();
    }
}
