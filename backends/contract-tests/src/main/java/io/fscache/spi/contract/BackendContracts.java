package io.fscache.spi.contract;

import org.junit.jupiter.api.Nested;

/**
 * Every contract, for one backend: a backend's test class extends this and implements
 * {@link BackendFactory}, and JUnit runs each contract below as a nested class of it, over the
 * whole {@link BackendSpec} matrix ({@code -Dtest=MemoryCacheContractTest} runs them all). A new
 * contract is added here, once, for every backend.
 */
public abstract class BackendContracts implements BackendFactory {

    @Nested class ReadWrite extends ReadWriteContract { }
    @Nested class PrepareRead extends PrepareReadContract { }
    @Nested class Coherency extends CoherencyContract { }
    @Nested class Invalidation extends InvalidationContract { }
    @Nested class Resize extends ResizeContract { }
    @Nested class Volume extends VolumeContract { }
    @Nested class CapacityConcurrency extends CapacityConcurrencyContract { }
    @Nested class Persistence extends PersistenceContract { }
}
