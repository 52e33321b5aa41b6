package io.fscache.backend.cachefiles;

import io.fscache.spi.CacheBackend;
import io.fscache.spi.contract.BackendSpec;
import io.fscache.spi.contract.CacheBackendContract;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract over the whole matrix. The spec's capacity becomes the size limit; each test
 * gets a fresh directory, and a second instance in one test reaches the same one.
 */
class CachefilesContractTest extends CacheBackendContract {

    @TempDir
    static Path root;

    private static final AtomicInteger TESTS = new AtomicInteger();

    private Path directory;

    @BeforeEach
    void freshDirectory() {
        directory = root.resolve("cache-" + TESTS.incrementAndGet());
    }

    @Override
    protected CacheBackend newBackend(BackendSpec spec) throws Exception {
        return new CachefilesCache(CachefilesSettings.builder("cachefiles-contract", directory)
                .granule(spec.granuleSize())
                .sizeLimit(spec.capacity())
                .build());
    }

    @Override
    protected Set<String> documentedCounters() {
        return Set.of("hits", "misses", "writes", "bytes", "objects", "culled", "noSpace", "ioErrors", "state");
    }

    @Override
    protected boolean persistsAcrossInstances() {
        return true;
    }
}
