package io.fscache.backend.memory;

import io.fscache.spi.CacheBackend;
import io.fscache.spi.contract.BackendSpec;
import io.fscache.spi.contract.CacheBackendContract;
import java.util.Set;

/** The backend contract over the whole matrix; the memory cache honours every spec. */
class MemoryCacheContractTest extends CacheBackendContract {

    @Override
    protected CacheBackend newBackend(BackendSpec spec) {
        return new MemoryCache("memory-contract", spec.capacity(), spec.granuleSize());
    }

    @Override
    protected Set<String> documentedCounters() {
        return Set.of("hits", "misses", "evictions", "writes", "noSpace", "bytes", "objects");
    }
}
