package io.fscache.backend.tiered;

import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.contract.BackendSpec;
import io.fscache.spi.contract.CacheBackendContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract over the whole matrix: a memory tier of half the spec's capacity over a
 * cachefiles tier whose size limit is the spec's capacity (the durable tier's capacity is the
 * tiered cache's). A second instance in one test is a fresh tiered cache over a fresh cachefiles
 * cache on the same directory, so content persists.
 */
class TieredCacheContractTest extends CacheBackendContract {

    @TempDir
    static Path root;

    private static final AtomicInteger TESTS = new AtomicInteger();

    private Path directory;
    private final List<TieredCache> caches = new ArrayList<>();
    private final List<CacheBackend> tiers = new ArrayList<>();

    @BeforeEach
    void freshDirectory() {
        directory = root.resolve("cache-" + TESTS.incrementAndGet());
    }

    @Override
    protected CacheBackend newBackend(BackendSpec spec) throws Exception {
        releaseTiers(); // the cachefiles lock allows one instance per directory
        MemoryCache memory = new MemoryCache("memory", Math.max(spec.granuleSize(), spec.capacity() / 2), spec.granuleSize());
        CachefilesCache disk = new CachefilesCache(CachefilesSettings.builder("disk", directory)
                .granule(spec.granuleSize())
                .sizeLimit(spec.capacity())
                .build());
        tiers.add(memory);
        tiers.add(disk);
        TieredCache cache = new TieredCache("tiered", PromotionPolicy.ON_FIRST_HIT, List.of(memory, disk));
        caches.add(cache);
        return cache;
    }

    /** As in OSGi: the tiered cache lets go of a tier, then the tier's owner withdraws it. */
    @AfterEach
    void releaseTiers() {
        for (CacheBackend tier : tiers) {
            caches.forEach(cache -> cache.tierWithdrawn(tier));
            tier.withdraw();
        }
        tiers.clear();
    }

    @Override
    protected Set<String> documentedCounters() {
        return Set.of("hits", "misses", "promotions", "promotionsDropped", "bytes",
                "memory.hits", "memory.misses", "memory.promotions", "memory.bytes",
                "disk.hits", "disk.misses", "disk.promotions", "disk.bytes");
    }

    @Override
    protected boolean persistsAcrossInstances() {
        return true;
    }
}
