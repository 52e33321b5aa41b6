package io.fscache.core;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Regression, found by {@link CookieLruLincheckTest}: parking a cookie that was already parked
 * took it off (count - 1) and put it back (count + 1), so a reader of the statistics at that moment
 * saw one cookie too few: {@code add(c); [add(c) || size()]} gave size 0. The scenario space of these
 * two operations is small enough that model checking always reaches it.
 *
 * <p>Sequential specification: {@code size} is the number of distinct cookies parked.
 */
public class LruCountDipsOnReparkTest {

    private final Stats stats = new Stats();
    private final CookieLru lru = new CookieLru(1, stats);
    private final CookieImpl cookie = new CookieImpl(null, null, null, new byte[0], 0, 1);

    @Operation
    public void park() {
        lru.add(cookie, null, 0);
    }

    @Operation
    public int size() {
        return stats.lruCookies.get();
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .iterations(20)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(0)
                .check(getClass());
    }

    /** The sequential specification. */
    public static final class Spec {
        private boolean parked;

        public void park() {
            parked = true;
        }

        public int size() {
            return parked ? 1 : 0;
        }
    }
}
