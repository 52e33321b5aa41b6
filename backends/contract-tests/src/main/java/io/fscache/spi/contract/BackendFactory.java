package io.fscache.spi.contract;

import io.fscache.spi.CacheBackend;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How to build and withdraw one kind of backend for the contract: implemented by the backend's
 * test class, whose nested classes extend the contract classes (see {@link BackendExtension}).
 * {@link BackendExtension} instantiates it with its no-argument constructor once per test
 * invocation, so it may keep what it built (a tiered cache's tiers) in fields.
 */
public interface BackendFactory {

    /**
     * Creates a backend for the spec. Its {@link CacheBackend#granuleSize()} and
     * {@link CacheBackend#capacity()} must be the spec's.
     *
     * @param storage an empty directory of this test invocation, the same when called again within
     *        it (a backend that {@linkplain #persistsAcrossInstances() persists} must then reach the
     *        content the first instance left); deleted after the test
     */
    CacheBackend newBackend(BackendSpec spec, Path storage) throws Exception;

    /** The counter keys the backend documents for {@link CacheBackend#counters()}. */
    Set<String> documentedCounters();

    /** Whether a new instance on the same storage finds what a withdrawn one cached (false: lost on restart). */
    default boolean persistsAcrossInstances() {
        return false;
    }

    /** The matrix; a backend that cannot honour some spec drops it. */
    default Stream<BackendSpec> specs() {
        return BackendSpec.matrix();
    }

    /**
     * How many objects the backend holds open. Read after the test closed everything, it must be 0.
     * The default reads the {@code open} counter, which a backend that has one documents.
     *
     * @throws IllegalStateException if the backend reports no {@code open} counter
     */
    default long openObjects(CacheBackend backend) {
        Long open = backend.counters().get("open");
        if (open == null) {
            throw new IllegalStateException(backend.name() + " has no \"open\" counter: override openObjects");
        }
        return open;
    }

    /** Withdraws a backend as its owner does once the core let go of it (a tiered cache: and then its tiers). */
    default void withdraw(CacheBackend backend) {
        backend.withdraw();
    }
}
