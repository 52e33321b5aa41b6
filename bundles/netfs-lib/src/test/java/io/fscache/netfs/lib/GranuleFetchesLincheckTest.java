package io.fscache.netfs.lib;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model-checks the one-fetch-per-granule table ({@link GranuleFetches}) as {@link FetchTable} uses
 * it: readers claim granules for a fetch and give them back; writers make the fetches so far stale.
 *
 * <p>Specification: every operation completes without an exception, so the results are all
 * {@code void}; the properties are checked inside them and after each run. While a fetch holds a
 * granule no other current fetch holds it ({@link #read}: each claimed granule is marked with its
 * fetch, and a mark left by another current fetch fails the run); a claim starts at the granule asked
 * for or claims nothing; and once every fetch has finished the table is empty ({@link #empty()}).
 */
@Param(name = "granule", gen = IntGen.class, conf = "0:2")
@Param(name = "count", gen = IntGen.class, conf = "1:2")
public class GranuleFetchesLincheckTest {

    private static final int GRANULE = 4;
    private static final int GRANULES = 3;
    private static final long FILE_SIZE = GRANULES * GRANULE - 1;

    private final GranuleFetches table = new GranuleFetches();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicReferenceArray<Fetch> owners = new AtomicReferenceArray<>(GRANULES);

    /** A reader of {@code count} granules from {@code granule}: claim, store if current, give back. */
    @Operation
    public void read(@Param(name = "granule") int granule, @Param(name = "count") int count) {
        Fetch fetch = new Fetch((long) granule * GRANULE, generation.get());
        long maxEnd = Math.min((long) (granule + count) * GRANULE, FILE_SIZE);
        table.claim(fetch, granule, GRANULE, maxEnd, FILE_SIZE, this::isCurrent);
        if (fetch.end() < fetch.start || fetch.end() > maxEnd) {
            throw new AssertionError(fetch + " claimed outside [" + fetch.start + ", " + maxEnd + ")");
        }
        long last = fetch.end() == fetch.start ? granule - 1 : (fetch.end() - 1) / GRANULE;
        for (long g = granule; g <= last; g++) {
            Fetch other = owners.getAndSet((int) g, fetch);
            if (other != null && isCurrent(other.generation) && isCurrent(fetch.generation)) {
                throw new AssertionError("granule " + g + " held by two current fetches: " + other + " and " + fetch);
            }
        }
        for (long g = granule; g <= last; g++) {
            owners.compareAndSet((int) g, fetch, null);
        }
        table.release(fetch, GRANULE);
    }

    /** A write: fetches begun so far are stale, and so is what the cache held. */
    @Operation
    public void write() {
        generation.incrementAndGet();
    }

    @Validate
    public void empty() {
        for (long g = 0; g < GRANULES; g++) {
            if (table.get(g) != null) {
                throw new IllegalStateException("granule " + g + " still held by " + table.get(g) + " after every fetch finished");
            }
        }
    }

    private boolean isCurrent(long fetchGeneration) {
        return fetchGeneration == generation.get();
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .check(getClass());
    }
}
