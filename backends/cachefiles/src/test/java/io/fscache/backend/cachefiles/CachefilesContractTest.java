package io.fscache.backend.cachefiles;

import io.fscache.spi.CacheBackend;
import io.fscache.spi.contract.BackendContracts;
import io.fscache.spi.contract.BackendSpec;
import java.nio.file.Path;
import java.util.Set;

/** The backend contract over the whole matrix: the spec's capacity becomes the size limit, the test's storage the directory. */
class CachefilesContractTest extends BackendContracts {

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
}
