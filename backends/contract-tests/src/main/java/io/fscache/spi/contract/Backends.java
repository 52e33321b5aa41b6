package io.fscache.spi.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The backends of one contract test invocation, all of one {@link BackendSpec} on one storage
 * directory. A test takes it as a parameter when it needs a second instance (a restart) or to
 * withdraw one itself; {@link BackendExtension} checks and withdraws the rest after the test.
 * Not thread-safe: used from the test's thread.
 */
public final class Backends {

    private final BackendFactory factory;
    private final BackendSpec spec;
    private final List<CacheBackend> live = new ArrayList<>();
    private Path storage;
    private CacheBackend first;
    private BackendVolume volume;

    Backends(BackendFactory factory, BackendSpec spec) {
        this.factory = factory;
        this.spec = spec;
    }

    /** The spec of this invocation. */
    public BackendSpec spec() {
        return spec;
    }

    /** Whether the backend under test {@linkplain BackendFactory#persistsAcrossInstances() persists}. */
    public boolean persistsAcrossInstances() {
        return factory.persistsAcrossInstances();
    }

    /** The counter keys the backend under test documents. */
    public Set<String> documentedCounters() {
        return factory.documentedCounters();
    }

    /** Starts a new instance on this invocation's storage, withdrawn after the test unless the test does it. */
    public CacheBackend start() throws Exception {
        if (storage == null) {
            storage = Files.createTempDirectory("backend-contract");
        }
        CacheBackend backend = factory.newBackend(spec, storage);
        live.add(backend);
        return backend;
    }

    /** Withdraws a live backend now, as its owner would once the core let go of it. */
    public void withdraw(CacheBackend backend) {
        assertTrue(live.remove(backend), "not a live backend of this test: " + backend);
        factory.withdraw(backend);
    }

    /** The backend the test's {@link CacheBackend} parameter gets, started on first use. */
    CacheBackend first() throws Exception {
        if (first == null) {
            first = start();
        }
        return first;
    }

    /** {@link BackendFixtures#VOLUME} of {@link #first()}, opened on first use. */
    BackendVolume volume() throws Exception {
        if (volume == null) {
            volume = first().openVolume(BackendFixtures.VOLUME, BackendFixtures.VOLUME_COHERENCY);
        }
        return volume;
    }

    /** Checks the invariants on the live backends if the test passed, then withdraws them and deletes the storage. */
    void close(boolean passed) throws IOException {
        try {
            if (passed) {
                for (CacheBackend backend : live) {
                    checkInvariants(backend);
                }
            }
        } finally {
            live.forEach(factory::withdraw);
            live.clear();
            if (storage != null) {
                delete(storage);
            }
        }
    }

    private void checkInvariants(CacheBackend backend) throws IOException {
        long capacity = backend.capacity();
        assertTrue(capacity < 0 || backend.usage() <= capacity,
                backend.name() + ": usage " + backend.usage() + " exceeds capacity " + capacity);
        assertEquals(0, factory.openObjects(backend), backend.name() + ": objects left open after the test closed all");
        for (String key : BackendFixtures.VOLUMES) {
            backend.openVolume(key, BackendFixtures.VOLUME_COHERENCY).discard();
        }
        // Deleting files may finish in the background (cachefiles' graveyard).
        await("usage of " + backend.name() + " after discarding " + BackendFixtures.VOLUMES)
                .atMost(Duration.ofSeconds(BackendFixtures.TIMEOUT_SECONDS))
                .until(backend::usage, usage -> usage == 0);
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
