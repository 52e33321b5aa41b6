package io.fscache.backend.memory;

import io.fscache.spi.CacheBackend;
import io.fscache.spi.contract.BackendContracts;
import io.fscache.spi.contract.BackendSpec;
import java.nio.file.Path;
import java.util.Set;

/** The backend contract over the whole matrix; the memory cache honours every spec and keeps nothing on disk. */
class MemoryCacheContractTest extends BackendContracts {

    @Override
    public CacheBackend newBackend(BackendSpec spec, Path storage) {
        return new MemoryCache("memory-contract", spec.capacity(), spec.granuleSize());
    }

    @Override
    public Set<String> documentedCounters() {
        return Set.of("hits", "misses", "evictions", "writes", "noSpace", "bytes", "objects", "open");
    }
}
