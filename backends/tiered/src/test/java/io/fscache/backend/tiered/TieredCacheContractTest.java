package io.fscache.backend.tiered;

import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.contract.BackendFactory;
import io.fscache.spi.contract.BackendSpec;
import io.fscache.spi.contract.CapacityConcurrencyContract;
import io.fscache.spi.contract.CoherencyContract;
import io.fscache.spi.contract.InvalidationContract;
import io.fscache.spi.contract.PersistenceContract;
import io.fscache.spi.contract.PrepareReadContract;
import io.fscache.spi.contract.ReadWriteContract;
import io.fscache.spi.contract.ResizeContract;
import io.fscache.spi.contract.VolumeContract;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/**
 * The backend contract over the whole matrix: a memory tier of half the spec's capacity over a
 * cachefiles tier whose size limit is the spec's capacity (the durable tier's capacity is the
 * tiered cache's). A second instance in one test is a fresh tiered cache over a fresh cachefiles
 * cache on the same directory, so content persists. No tier may hold an object open once the
 * test closed the tiered cache's.
 */
class TieredCacheContractTest implements BackendFactory {

    private final Map<CacheBackend, List<CacheBackend>> tiers = new IdentityHashMap<>();

    @Override
    public CacheBackend newBackend(BackendSpec spec, Path storage) throws Exception {
        MemoryCache memory = new MemoryCache("memory", Math.max(spec.granuleSize(), spec.capacity() / 2), spec.granuleSize());
        CachefilesCache disk = new CachefilesCache(CachefilesSettings.builder("disk", storage)
                .granule(spec.granuleSize())
                .sizeLimit(spec.capacity())
                .build());
        TieredCache cache = new TieredCache("tiered", PromotionPolicy.ON_FIRST_HIT, List.of(memory, disk));
        tiers.put(cache, List.of(memory, disk));
        return cache;
    }

    @Override
    public long openObjects(CacheBackend backend) {
        return tiers.get(backend).stream().mapToLong(tier -> tier.counters().get("open")).sum();
    }

    /** As in OSGi: the tiered cache lets go of its tiers, then their owners withdraw them. */
    @Override
    public void withdraw(CacheBackend backend) {
        backend.withdraw();
        tiers.remove(backend).forEach(CacheBackend::withdraw);
    }

    @Override
    public Set<String> documentedCounters() {
        return Set.of("hits", "misses", "promotions", "promotionsDropped", "bytes",
                "memory.hits", "memory.misses", "memory.promotions", "memory.bytes",
                "disk.hits", "disk.misses", "disk.promotions", "disk.bytes");
    }

    @Override
    public boolean persistsAcrossInstances() {
        return true;
    }

    @Nested class ReadWrite extends ReadWriteContract { }
    @Nested class PrepareRead extends PrepareReadContract { }
    @Nested class Coherency extends CoherencyContract { }
    @Nested class Invalidation extends InvalidationContract { }
    @Nested class Resize extends ResizeContract { }
    @Nested class Volume extends VolumeContract { }
    @Nested class CapacityConcurrency extends CapacityConcurrencyContract { }
    @Nested class Persistence extends PersistenceContract { }
}
