package io.fscache.backend.cachefiles;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether the cache still serves: I/O errors are counted, and after {@value #MAX_ERRORS_IN_A_ROW}
 * in a row (a dying disk, a filesystem gone read-only) the cache takes itself out of service, logs
 * it once, and refuses all further work with {@link IOException}s, which the core turns into server
 * reads. One success resets the run.
 */
final class Health {

    static final int MAX_ERRORS_IN_A_ROW = 16;

    /** The {@code state} counter's values. */
    enum State {
        IN_SERVICE, OUT_OF_SERVICE, WITHDRAWN
    }

    private static final System.Logger LOG = System.getLogger(Health.class.getName());

    private final String cache;
    private final AtomicInteger errorsInARow = new AtomicInteger();
    private final AtomicReference<State> state = new AtomicReference<>(State.IN_SERVICE);
    private final LongAdder ioErrors = new LongAdder();

    Health(String cache) {
        this.cache = cache;
    }

    void success() {
        if (errorsInARow.get() != 0) {
            errorsInARow.set(0);
        }
    }

    void failure(IOException e) {
        ioErrors.increment();
        if (errorsInARow.incrementAndGet() >= MAX_ERRORS_IN_A_ROW
                && state.compareAndSet(State.IN_SERVICE, State.OUT_OF_SERVICE)) {
            LOG.log(Level.ERROR, "Cache " + cache + " had " + MAX_ERRORS_IN_A_ROW
                    + " I/O errors in a row and is out of service; the last: " + e);
        }
    }

    /** @throws IOException if the cache no longer serves */
    void check() throws IOException {
        State now = state.get();
        if (now != State.IN_SERVICE) {
            throw new IOException("cache " + cache + (now == State.WITHDRAWN ? " has been withdrawn" : " is out of service"));
        }
    }

    void withdrawn() {
        state.set(State.WITHDRAWN);
    }

    State state() {
        return state.get();
    }

    long ioErrors() {
        return ioErrors.sum();
    }
}
