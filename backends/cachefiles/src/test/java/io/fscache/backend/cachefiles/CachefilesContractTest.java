package io.fscache.backend.cachefiles;

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

/** The backend contract over the whole matrix: the spec's capacity becomes the size limit, the test's storage the directory. */
class CachefilesContractTest implements BackendFactory {

    @Override
    public CacheBackend newBackend(BackendSpec spec, Path storage) throws Exception {
        return new CachefilesCache(CachefilesSettings.builder("cachefiles-contract", storage)
                .granule(spec.granuleSize())
                .sizeLimit(spec.capacity())
                .build());
    }

    @Override
    public Set<String> documentedCounters() {
        return Set.of("hits", "misses", "writes", "bytes", "objects", "open", "culled", "noSpace", "ioErrors", "state");
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
