package io.fscache.backend.memory;

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
import java.util.Set;
import org.junit.jupiter.api.Nested;

/** The backend contract over the whole matrix; the memory cache honours every spec and keeps nothing on disk. */
class MemoryCacheContractTest implements BackendFactory {

    @Override
    public CacheBackend newBackend(BackendSpec spec, Path storage) {
        return new MemoryCache("memory-contract", spec.capacity(), spec.granuleSize());
    }

    @Override
    public Set<String> documentedCounters() {
        return Set.of("hits", "misses", "evictions", "writes", "noSpace", "bytes", "objects", "open");
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
