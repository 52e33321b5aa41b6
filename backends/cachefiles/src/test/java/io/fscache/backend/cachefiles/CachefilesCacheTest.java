package io.fscache.backend.cachefiles;

import static io.fscache.backend.cachefiles.Fixtures.COHERENCY;
import static io.fscache.backend.cachefiles.Fixtures.G;
import static io.fscache.backend.cachefiles.Fixtures.files;
import static io.fscache.backend.cachefiles.Fixtures.peek;
import static io.fscache.spi.contract.BackendFixtures.VOLUME;
import static io.fscache.spi.contract.BackendFixtures.await;
import static io.fscache.spi.contract.BackendFixtures.failure;
import static io.fscache.spi.contract.BackendFixtures.key;
import static io.fscache.spi.contract.BackendFixtures.pattern;
import static io.fscache.spi.contract.BackendFixtures.read;
import static io.fscache.spi.contract.BackendFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import io.fscache.spi.DataNotPresentException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/** What is specific to the on-disk cache; the shared behaviour is in {@link CachefilesContractTest}. */
class CachefilesCacheTest {

    @TempDir
    Path dir;

    private final List<CachefilesCache> caches = new ArrayList<>();

    @AfterEach
    void withdrawCaches() {
        caches.forEach(CachefilesCache::withdraw);
    }

    // ---------------------------------------------------------------- lock and layout

    @Test
    void aSecondInstanceOnTheSameDirectoryIsRefusedUntilTheFirstIsWithdrawn() throws Exception {
        CachefilesCache first = cache(settings());

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> cache(settings()));
        assertEquals("cache directory " + dir.toAbsolutePath().normalize() + " is in use by another cache instance",
                refused.getMessage());

        first.withdraw();
        cache(settings()).openVolume(VOLUME, COHERENCY);
    }

    @Test
    void directoriesAndFilesAreOwnerOnly() throws Exception {
        Path root = dir.resolve("new");
        CachefilesCache cache = cache(CachefilesSettings.builder("c", root).granule(G));
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], G);
        assertTrue(write(object, 0, pattern(1, G)));
        object.commit(new byte[0], G);
        ObjectFiles files = files(root, VOLUME, key("file"));

        for (Path d : List.of(root, root.resolve("cache"), root.resolve("graveyard"), root.resolve("tmp"),
                files.dir().getParent(), files.dir())) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)), d.toString());
        }
        for (Path f : List.of(files.data(), files.meta(), files.dir().getParent().resolve("volume"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }

    @Test
    void aNewObjectLivesInTmpUntilItsFirstCommitPublishesBothFiles() throws Exception {
        CachefilesCache cache = cache(settings());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[] {1}, 2L * G);
        assertTrue(write(object, 0, pattern(1, 2 * G)));
        ObjectFiles files = files(dir, VOLUME, key("file"));

        assertFalse(Files.exists(files.data()));
        assertFalse(Files.exists(files.meta()));
        assertEquals(1, count(dir.resolve("tmp")));

        object.commit(new byte[] {1}, 2L * G);

        assertEquals(dir.resolve("cache").resolve("Vtest,server.example,vol1").resolve(files.dir().getFileName()),
                files.dir());
        assertTrue(Files.exists(files.data()));
        assertEquals(2L * G, Files.size(files.data()));
        assertEquals(RoaringBitmap.bitmapOf(0, 1), peek(files).map());
        assertEquals(0, count(dir.resolve("tmp")));
    }

    @Test
    void invalidationBuriesTheOldFilesAtOnceAndPublishesTheNextGenerationOnCommit() throws Exception {
        CachefilesCache cache = cache(settings());
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        CacheObject old = volume.createObject(key("file"), new byte[] {1}, G);
        assertTrue(write(old, 0, pattern(1, G)));
        old.commit(new byte[] {1}, G);
        ObjectFiles files = files(dir, VOLUME, key("file"));

        CacheObject next = old.invalidate(new byte[] {2}, G);

        assertFalse(Files.exists(files.meta()));
        assertFalse(Files.exists(files.data()));
        assertArrayEquals(pattern(1, G), read(old, 0, G), "the old generation still serves I/O in flight");
        assertTrue(write(next, 0, pattern(2, G)));
        old.discard();
        next.commit(new byte[] {2}, G);
        assertArrayEquals(new byte[] {2}, peek(files).aux());
        next.close();
        assertArrayEquals(pattern(2, G), read(volume.lookupObject(key("file"), new byte[] {2}, G).orElseThrow(), 0, G));
    }

    @Test
    void objectsClosedEmptyAreForgotten() throws Exception {
        CachefilesCache cache = cache(settings());
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        volume.createObject(key("empty"), new byte[0], G).close();
        CacheObject emptied = volume.createObject(key("emptied"), new byte[0], 2L * G);
        assertTrue(write(emptied, 0, pattern(1, G)));
        emptied.commit(new byte[0], 2L * G);
        emptied.resize(G / 2);
        emptied.close();

        assertEquals(0L, cache.counters().get("objects"));
        assertEquals(0, cache.usage());
        assertFalse(Files.exists(files(dir, VOLUME, key("emptied")).meta()));
        assertEquals(Optional.empty(), volume.lookupObject(key("empty"), new byte[0], G));
    }

    // ---------------------------------------------------------------- the invariant

    @Test
    void theMapInMemoryRunsAheadOfTheMapOnDiskNeverTheOtherWay() throws Exception {
        CachefilesCache cache = cache(settings());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], 3L * G);
        assertTrue(write(object, 0, pattern(1, G)));
        object.commit(new byte[0], 3L * G);
        ObjectFiles files = files(dir, VOLUME, key("file"));

        assertTrue(write(object, G, pattern(2, G)));

        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * G), object.prepareRead(0, 3L * G));
        assertArrayEquals(pattern(2, G), read(object, G, G));
        assertEquals(RoaringBitmap.bitmapOf(0), peek(files).map(), "granule 1 is not claimed before it is forced");
    }

    @Test
    void rewritingAGranuleTheDiskClaimsUnclaimsItDurablyFirst() throws Exception {
        CachefilesCache cache = cache(settings());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], 2L * G);
        assertTrue(write(object, 0, pattern(1, 2 * G)));
        object.commit(new byte[0], 2L * G);
        ObjectFiles files = files(dir, VOLUME, key("file"));
        assertEquals(RoaringBitmap.bitmapOf(0, 1), peek(files).map());

        assertTrue(write(object, G, pattern(3, G)));

        // Granule 1's bytes changed: the metadata written before they did no longer claims it.
        assertEquals(RoaringBitmap.bitmapOf(0), peek(files).map());
        assertArrayEquals(pattern(3, G), read(object, G, G));
        object.commit(new byte[0], 2L * G);
        assertEquals(RoaringBitmap.bitmapOf(0, 1), peek(files).map());
    }

    @Test
    void shrinkingUnclaimsOnDiskBeforeTruncating() throws Exception {
        CachefilesCache cache = cache(settings());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], 3L * G);
        assertTrue(write(object, 0, pattern(1, 3 * G)));
        object.commit(new byte[0], 3L * G);
        ObjectFiles files = files(dir, VOLUME, key("file"));

        object.resize(G + G / 2);

        ObjectMetadata onDisk = peek(files);
        assertEquals(RoaringBitmap.bitmapOf(0), onDisk.map());
        assertEquals(G + G / 2, onDisk.size());
        assertEquals(G + G / 2, onDisk.zeroPoint());
        assertEquals(G + G / 2, Files.size(files.data()));
        assertEquals(new Occupancy(1, G), object.occupancy());
    }

    @Test
    void changesArePersistedWithinAboutASecondWithoutACommit() throws Exception {
        CachefilesCache cache = cache(settings());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], 2L * G);
        assertTrue(write(object, 0, pattern(1, G)));
        ObjectFiles files = files(dir, VOLUME, key("file"));

        Awaitility.await("metadata persisted by the sweep").until(() -> Files.exists(files.meta()));
        assertEquals(RoaringBitmap.bitmapOf(0), peek(files).map());
    }

    @Test
    void manyGranulesArePersistedWithoutWaitingForTheClock() throws Exception {
        CachefilesCache cache = cache(settings());
        int granules = CachefilesObject.COMMIT_AFTER_GRANULES;
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0],
                (long) granules * G);
        ObjectFiles files = files(dir, VOLUME, key("file"));

        // One write marks them all at once, and asks for them to be persisted itself rather than
        // leaving it to the sweep a second later.
        assertTrue(write(object, 0, pattern(1, granules * G)));

        assertEquals(1, cache.stats().commitsByCount.sum(), "the write asked for a commit");
        Awaitility.await("metadata persisted").until(() -> Files.exists(files.meta()));
        assertEquals(granules, peek(files).map().getCardinality());
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void writesCompleteOnTheCachesIoThreads() throws Exception {
        CachefilesCache cache = cache(settings());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], G);
        CompletableFuture<String> writer;
        Thread us = Thread.currentThread();
        // Holding the object's monitor keeps the I/O thread from finishing (it marks the map under
        // it), so the callbacks are attached before the stages complete.
        synchronized (object) {
            writer = object.write(0, ByteBuffer.wrap(pattern(1, G))).toCompletableFuture()
                    .thenApply(ok -> Thread.currentThread().getName());
            Awaitility.await("an I/O thread waits for the object").until(() -> ioThreadWaitsFor(us));
            assertFalse(writer.isDone());
        }
        assertTrue(writer.get(30, TimeUnit.SECONDS).startsWith("cachefiles-c-io-"), writer.get());
    }

    // A warm read is a page-cache copy: on the pool it cost two thread switches, as much as the copy.
    @Test
    void readsRunOnTheCallersThreadButOnTheIoThreadsWhenTheCallerIsInterrupted() throws Exception {
        CachefilesCache cache = cache(settings());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], G);
        assertTrue(write(object, 0, pattern(1, G)));

        assertTrue(object.read(0, ByteBuffer.allocate(G)).toCompletableFuture().isDone(), "read before the call returned");

        Thread us = Thread.currentThread();
        CompletableFuture<String> reader;
        synchronized (object) {
            // An interrupt during a read on this thread would close the data file: the pool reads instead.
            us.interrupt();
            reader = object.read(0, ByteBuffer.allocate(G)).toCompletableFuture()
                    .thenApply(n -> Thread.currentThread().getName());
            assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
            Awaitility.await("an I/O thread waits for the object").until(() -> ioThreadWaitsFor(us));
            assertFalse(reader.isDone());
        }
        assertTrue(reader.get(30, TimeUnit.SECONDS).startsWith("cachefiles-c-io-"), reader.get());
    }

    /** Whether one of the cache's I/O threads is blocked on a monitor {@code owner} holds. */
    private static boolean ioThreadWaitsFor(Thread owner) {
        long us = owner.getId();
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, false))
                .anyMatch(t -> t.getThreadName().startsWith("cachefiles-c-io-") && t.getLockOwnerId() == us);
    }

    @Test
    void anInterruptedCallerNeitherBreaksTheObjectNorLosesItsInterrupt() throws Exception {
        CachefilesCache cache = cache(settings());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], 2L * G);
        assertTrue(write(object, 0, pattern(1, 2 * G)));

        Thread.currentThread().interrupt();
        try {
            object.commit(new byte[0], 2L * G);
            object.resize(G);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }

        assertArrayEquals(pattern(1, G), read(object, 0, G));
        assertEquals(0L, cache.counters().get("ioErrors"));
    }

    /** Readers racing a rewriter of the same granule get one whole version or a miss, never a mix. */
    @Test
    void readsRacingRewritesNeverReturnTornBytes() throws Exception {
        CachefilesCache cache = cache(settings());
        CacheObject object = cache.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], G);
        byte[][] versions = {pattern(1, G), pattern(2, G)};
        assertTrue(write(object, 0, versions[0]));
        AtomicInteger rewrites = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean reading = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> rewriter = pool.submit(() -> {
                while (reading.get()) {
                    write(object, 0, versions[rewrites.incrementAndGet() % 2]);
                    // Leave the readers a whole version to read before the next rewrite.
                    for (int seen = reads.get(); reads.get() == seen && reading.get();) {
                        Thread.onSpinWait();
                    }
                }
                return null;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    int served = 0;
                    for (int i = 0; (i < 1000 || rewrites.get() < 50) && !rewriter.isDone(); i++) {
                        ByteBuffer dst = ByteBuffer.allocate(G);
                        try {
                            await(object.read(0, dst));
                        } catch (DataNotPresentException e) {
                            continue;
                        } finally {
                            reads.incrementAndGet();
                        }
                        byte[] got = dst.array();
                        assertTrue(Arrays.equals(got, versions[0]) || Arrays.equals(got, versions[1]), "torn read");
                        served++;
                    }
                    return served;
                }));
            }
            int served = 0;
            for (Future<Integer> reader : readers) {
                served += reader.get(60, TimeUnit.SECONDS);
            }
            reading.set(false);
            rewriter.get(60, TimeUnit.SECONDS);
            assertTrue(rewrites.get() >= 50, "rewrites: " + rewrites.get());
            assertTrue(served > 0);
        } finally {
            reading.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    void writesRacingAShrinkNeverClaimBeyondTheNewSize() throws Exception {
        CachefilesCache cache = cache(settings());
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 200; i++) {
                CacheObject object = volume.createObject(key("race-" + i), new byte[0], 4L * G);
                var written = object.write(2L * G, ByteBuffer.wrap(pattern(i, 2 * G)));
                Future<?> shrink = pool.submit(() -> {
                    object.resize(2L * G + 100);
                    return null;
                });
                shrink.get(30, TimeUnit.SECONDS);
                boolean stored = await(written);

                assertEquals(2L * G + 100, object.objectSize());
                assertFalse(stored && object.prepareRead(3L * G, G).source() != ReadSource.ZEROS);
                assertEquals(Occupancy.EMPTY, object.occupancy(), "granule 2 is partial under the new size");
                assertEquals(new ReadExtent(ReadSource.SERVER, 2L * G + 100), object.prepareRead(0, 8L * G));
                object.discard();
            }
            assertEquals(0, cache.usage());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- restart

    @Test
    void aNewInstanceServesWhatTheLastOneCommittedAfterACleanStop() throws Exception {
        CachefilesCache first = cache(settings());
        BackendVolume volume = first.openVolume(VOLUME, COHERENCY);
        byte[] binary = new byte[255];
        new SplittableRandom(7).nextBytes(binary);
        List<byte[]> keys = List.of(key("plain"), new byte[] {0, '/', 0}, binary);
        for (int i = 0; i < keys.size(); i++) {
            CacheObject object = volume.createObject(keys.get(i), new byte[] {(byte) i}, 3L * G + 10);
            assertTrue(write(object, 0, pattern(i, 2 * G)));
            assertTrue(write(object, 3L * G, pattern(10 + i, 10)));
            object.close();
        }
        long usage = first.usage();
        volume.close();
        first.withdraw();

        CachefilesCache second = cache(settings());
        assertEquals(usage, second.usage());
        assertEquals(3L, second.counters().get("objects"));
        BackendVolume again = second.openVolume(VOLUME, COHERENCY);
        for (int i = 0; i < keys.size(); i++) {
            CacheObject object = again.lookupObject(keys.get(i), new byte[] {(byte) i}, 3L * G + 10).orElseThrow();
            assertEquals(new Occupancy(3, 2L * G + 10), object.occupancy());
            assertArrayEquals(pattern(i, 2 * G), read(object, 0, 2 * G));
            assertArrayEquals(pattern(10 + i, 10), read(object, 3L * G, 10));
            assertEquals(new ReadExtent(ReadSource.SERVER, G), object.prepareRead(2L * G, 4L * G));
        }
    }

    @Test
    void aCacheReopenedWithAnotherGranuleSizeDiscardsWhatItCannotRead() throws Exception {
        CachefilesCache first = cache(settings());
        CacheObject object = first.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], 2L * G);
        assertTrue(write(object, 0, pattern(1, 2 * G)));
        object.close();
        first.withdraw();

        CachefilesCache second = cache(CachefilesSettings.builder("c", dir).granule(2 * G));

        assertEquals(0L, second.counters().get("objects"));
        assertEquals(Optional.empty(), second.openVolume(VOLUME, COHERENCY).lookupObject(key("file"), new byte[0], 2L * G));
    }

    @Test
    void startingDiscardsStrayFilesAndWhatACrashLeftInTmp() throws Exception {
        CachefilesCache first = cache(settings());
        CacheObject object = first.openVolume(VOLUME, COHERENCY).createObject(key("kept"), new byte[0], G);
        assertTrue(write(object, 0, pattern(1, G)));
        object.close();
        first.withdraw();
        ObjectFiles kept = files(dir, VOLUME, key("kept"));
        ObjectFiles orphan = files(dir, VOLUME, key("orphan"));
        Files.createDirectories(orphan.dir());
        Files.write(orphan.data(), pattern(2, G));
        Files.write(kept.dir().resolve("stray.txt"), new byte[1]);
        Files.createDirectories(dir.resolve("cache").resolve("Vno-volume-file"));
        Files.write(dir.resolve("tmp").resolve("unpublished"), new byte[G]);

        CachefilesCache second = cache(settings());

        assertEquals(1L, second.counters().get("objects"));
        assertFalse(Files.exists(orphan.data()));
        assertFalse(Files.exists(kept.dir().resolve("stray.txt")));
        assertFalse(Files.exists(dir.resolve("cache").resolve("Vno-volume-file")));
        assertEquals(0, count(dir.resolve("tmp")));
        assertTrue(Files.exists(kept.meta()));
    }

    // ---------------------------------------------------------------- errors

    @Test
    void anInjectedReadErrorFailsTheReadAndDiscardsTheObject() throws Exception {
        CachefilesCache cache = cache(settings().injectFaults(true, false, false));
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        CacheObject object = volume.createObject(key("file"), new byte[0], G);
        assertTrue(write(object, 0, pattern(1, G)));
        object.commit(new byte[0], G);

        Throwable failure = failure(object.read(0, ByteBuffer.allocate(G)));

        assertInstanceOf(IOException.class, failure);
        assertFalse(failure instanceof DataNotPresentException, "a fault, not a miss: " + failure);
        assertFalse(Files.exists(files(dir, VOLUME, key("file")).meta()), "discarded at once");
        assertEquals(new ReadExtent(ReadSource.SERVER, G), object.prepareRead(0, G));
        assertEquals(1L, cache.counters().get("ioErrors"));
        object.discard();
        assertEquals(Optional.empty(), volume.lookupObject(key("file"), new byte[0], G));
        assertEquals(0, cache.usage());
    }

    @Test
    void injectedWriteAndMetadataErrorsFailTheirOperations() throws Exception {
        CachefilesCache writes = cache(settings().injectFaults(false, true, false));
        CacheObject object = writes.openVolume(VOLUME, COHERENCY).createObject(key("file"), new byte[0], G);
        Throwable failure = failure(object.write(0, ByteBuffer.wrap(pattern(1, G))));
        assertInstanceOf(IOException.class, failure);
        assertEquals(Occupancy.EMPTY, object.occupancy());
        assertEquals(0, writes.usage());
        writes.withdraw();

        CachefilesCache metadata = cache(settings().injectFaults(false, false, true));
        BackendVolume volume = metadata.openVolume(VOLUME, COHERENCY);
        CacheObject second = volume.createObject(key("file"), new byte[0], G);
        assertTrue(write(second, 0, pattern(1, G)));
        assertThrows(IOException.class, () -> second.commit(new byte[0], G));
        second.discard();
        assertEquals(Optional.empty(), volume.lookupObject(key("file"), new byte[0], G));
        assertEquals(1L, metadata.counters().get("ioErrors"));
    }

    @Test
    void sixteenErrorsInARowTakeTheCacheOutOfService() throws Exception {
        CachefilesCache cache = cache(settings().injectFaults(true, false, false));
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        List<CacheObject> objects = new ArrayList<>();
        for (int i = 0; i <= Health.MAX_ERRORS_IN_A_ROW; i++) {
            CacheObject object = volume.createObject(key("file-" + i), new byte[0], G);
            assertTrue(write(object, 0, pattern(i, G)));
            objects.add(object);
        }
        for (int i = 0; i < Health.MAX_ERRORS_IN_A_ROW; i++) {
            assertEquals(0L, cache.counters().get("state"));
            assertInstanceOf(IOException.class, failure(objects.get(i).read(0, ByteBuffer.allocate(G))));
        }

        Map<String, Long> counters = cache.counters();
        assertEquals(1L, counters.get("state"));
        assertEquals((long) Health.MAX_ERRORS_IN_A_ROW, counters.get("ioErrors"));
        CacheObject last = objects.get(Health.MAX_ERRORS_IN_A_ROW);
        assertInstanceOf(IOException.class, failure(last.read(0, ByteBuffer.allocate(G))));
        assertInstanceOf(IOException.class, failure(last.write(0, ByteBuffer.wrap(pattern(1, G)))));
        assertThrows(IOException.class, () -> volume.createObject(key("new"), new byte[0], G));
        assertThrows(IOException.class, () -> volume.lookupObject(key("file-16"), new byte[0], G));
        assertThrows(IOException.class, () -> cache.openVolume("other", COHERENCY));
        assertEquals((long) Health.MAX_ERRORS_IN_A_ROW, cache.counters().get("ioErrors"), "refusals are not errors");
    }

    @Test
    void aSuccessBetweenErrorsKeepsTheCacheInService() throws Exception {
        CachefilesCache cache = cache(settings().injectFaults(true, false, false));
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        for (int i = 0; i < 2 * Health.MAX_ERRORS_IN_A_ROW; i++) {
            CacheObject object = volume.createObject(key("file-" + i), new byte[0], G);
            assertTrue(write(object, 0, pattern(i, G)));
            assertInstanceOf(IOException.class, failure(object.read(0, ByteBuffer.allocate(G))));
        }
        assertEquals(0L, cache.counters().get("state"));
        assertEquals(2L * Health.MAX_ERRORS_IN_A_ROW, cache.counters().get("ioErrors"));
    }

    @Test
    void aDataFileShorterThanItsMapIsAFaultNotWrongBytes() throws Exception {
        CachefilesCache cache = cache(settings());
        BackendVolume volume = cache.openVolume(VOLUME, COHERENCY);
        CacheObject object = volume.createObject(key("file"), new byte[0], 2L * G);
        assertTrue(write(object, 0, pattern(1, 2 * G)));
        object.close();
        ObjectFiles files = files(dir, VOLUME, key("file"));
        try (FileChannel channel = FileChannel.open(files.data(), StandardOpenOption.WRITE)) {
            channel.truncate(G);
        }

        assertEquals(Optional.empty(), volume.lookupObject(key("file"), new byte[0], 2L * G));
        assertFalse(Files.exists(files.meta()));
    }

    // ---------------------------------------------------------------- helpers

    private CachefilesSettings.Builder settings() {
        return CachefilesSettings.builder("c", dir).granule(G);
    }

    private CachefilesCache cache(CachefilesSettings.Builder settings) throws IOException {
        CachefilesCache cache = new CachefilesCache(settings.build());
        caches.add(cache);
        return cache;
    }

    private static long count(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.count();
        }
    }
}
