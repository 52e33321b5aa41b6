package io.fscache.backend.memory;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model-checks the memory cache's index against its objects' content maps while writers that find
 * the budget spent evict each other's granules ({@link MemoryCache#takeSlab}) and rewrite their own.
 *
 * <p>The cache holds two slabs, and two objects hold one granule each from the start, so every write
 * evicts. Operations return nothing (any order of writes is a correct history); what is checked after
 * each run is the invariant the budget rests on: the slabs out of the pool are exactly the granules
 * the objects' maps claim. A slab in the index that no map claims is never read, evicted only by
 * Caffeine's own bound, and stays after its object is discarded: a leak of the budget.
 */
public class SlabIndexLincheckTest {

    private static final int GRANULE = 4096;

    private final MemoryCache cache = new MemoryCache("lincheck", 2L * GRANULE, GRANULE);
    private final CacheObject first;
    private final CacheObject second;

    public SlabIndexLincheckTest() throws IOException {
        BackendVolume volume = cache.openVolume("volume", new byte[0]);
        first = volume.createObject("first".getBytes(StandardCharsets.UTF_8), new byte[0], GRANULE);
        second = volume.createObject("second".getBytes(StandardCharsets.UTF_8), new byte[0], GRANULE);
        writeFirst();
        writeSecond();
    }

    @Operation
    public void writeFirst() {
        first.write(0, ByteBuffer.allocate(GRANULE));
    }

    @Operation
    public void writeSecond() {
        second.write(0, ByteBuffer.allocate(GRANULE));
    }

    @Validate
    public void slabsOutAreTheGranulesClaimed() {
        long claimed = first.occupancy().cachedBytes() + second.occupancy().cachedBytes();
        if (cache.usage() != claimed) {
            throw new AssertionError("slabs out of the pool hold " + cache.usage() + " bytes, the objects claim " + claimed);
        }
        first.discard();
        second.discard();
        if (cache.usage() != 0) {
            throw new AssertionError(cache.usage() + " bytes of slabs stay out of the pool after every object is discarded");
        }
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions()
                .iterations(8)
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(2)
                .actorsBefore(0)
                .actorsAfter(0)
                .check(getClass());
    }
}
