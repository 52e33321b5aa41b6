package io.fscache.backend.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import io.fscache.spi.CacheBackend;
import io.fscache.spi.contract.BackendFactory;
import io.fscache.spi.contract.BackendFixtures;
import io.fscache.spi.contract.BackendSpec;
import io.fscache.spi.contract.PrepareReadContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The contract's invariant check catches an object left open: a contract class run through the
 * JUnit launcher over a real memory cache whose owner keeps one object open fails every test,
 * naming the leak, although each test's own assertions pass.
 */
class BackendExtensionTest {

    @Test
    void anObjectLeftOpenFailsEveryTestNamingTheLeak() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectNestedClass(List.of(LeakingOwner.class), LeakingOwner.PrepareRead.class))
                .build(), listener);

        TestExecutionSummary summary = listener.getSummary();
        long runs = 3 * BackendSpec.matrix().count();
        assertEquals(runs, summary.getTestsStartedCount());
        assertEquals(runs, summary.getTestsFailedCount());
        for (TestExecutionSummary.Failure failure : summary.getFailures()) {
            String message = failure.getException().getMessage();
            assertTrue(message.startsWith("leaky: objects left open after the test closed all"), message);
        }
    }

    /**
     * A memory cache whose owner opens an object and never closes it. Not a test by itself: only
     * {@code @Nested} classes of a selected test class are discovered, and this class is static.
     */
    static class LeakingOwner implements BackendFactory {

        @Override
        public CacheBackend newBackend(BackendSpec spec, Path storage) throws Exception {
            MemoryCache cache = new MemoryCache("leaky", spec.capacity(), spec.granuleSize());
            cache.openVolume(BackendFixtures.VOLUME, BackendFixtures.VOLUME_COHERENCY)
                    .createObject(BackendFixtures.key("held"), BackendFixtures.AUX, spec.granuleSize());
            return cache;
        }

        @Override
        public Set<String> documentedCounters() {
            return Set.of("open");
        }

        @Nested
        class PrepareRead extends PrepareReadContract {
        }
    }
}
