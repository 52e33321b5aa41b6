package io.fscache.spi.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheObject;
import io.fscache.spi.DataNotPresentException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link CacheBackend} owes the FS-Cache core, as a JUnit 5 suite.
 *
 * <p>A backend's test extends this class and says how to build an instance for a {@link BackendSpec};
 * every test then runs once per spec returned by {@link #specs()} (granules of 4 KiB and 256 KiB, a
 * roomy and a tight capacity), the way Caffeine runs its tests over a matrix of cache configurations.
 * A backend that cannot honour some spec overrides {@link #specs()}.
 *
 * <p>The tests call the SPI the way the core does, keeping the core's guarantees (see the
 * {@code io.fscache.spi} package documentation): a key is never looked up while an object for it is
 * open, no I/O is issued after {@code close()} or {@code discard()}, writes are granule-aligned. They
 * assert exact bytes, extents and occupancy, never just "no exception".
 *
 * <p>Instances are created per test and withdrawn after it, also when the test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CacheBackendContract {

    /** A printable volume key as the core builds them: filesystem, server, volume id. */
    protected static final String VOLUME = "test,server.example,vol1";

    private static final byte[] VOLUME_COHERENCY = {1, 2, 3, 4};
    private static final byte[] AUX = "change=1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_AUX = "change=2".getBytes(StandardCharsets.US_ASCII);
    private static final long TIMEOUT_SECONDS = 30;

    private final List<CacheBackend> live = new ArrayList<>();

    /**
     * Creates a backend for the spec. Its {@link CacheBackend#granuleSize()} and
     * {@link CacheBackend#capacity()} must be the spec's. A backend that {@linkplain
     * #persistsAcrossInstances() persists} must reach the same storage when called again with the
     * same spec within one test, and fresh storage in the next test.
     */
    protected abstract CacheBackend newBackend(BackendSpec spec) throws Exception;

    /** The counter keys the backend documents for {@link CacheBackend#counters()}. */
    protected abstract Set<String> documentedCounters();

    /** Whether a new instance on the same storage finds what a withdrawn one cached (false: lost on restart). */
    protected boolean persistsAcrossInstances() {
        return false;
    }

    /** The matrix: granules of 4 KiB and 256 KiB, each with room for 256 granules and with a tight, ragged budget. */
    protected Stream<BackendSpec> specs() {
        return Stream.of(4096, 256 * 1024).flatMap(g -> Stream.of(
                new BackendSpec(g, 256L * g),
                new BackendSpec(g, 16L * g + g / 2)));
    }

    @AfterEach
    void withdrawBackends() {
        live.forEach(CacheBackend::withdraw);
        live.clear();
    }

    // ---------------------------------------------------------------- lookup, write, read

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void newBackendHasTheSpecsShapeAndIsEmpty(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);

        assertEquals(spec.granuleSize(), backend.granuleSize());
        assertEquals(spec.capacity(), backend.capacity());
        assertEquals(0, backend.usage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void lookupOfAbsentKeyIsEmpty(BackendSpec spec) throws Exception {
        BackendVolume volume = start(spec).openVolume(VOLUME, VOLUME_COHERENCY);

        assertEquals(Optional.empty(), volume.lookupObject(key("absent"), AUX, 1000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void wholeGranulesAndTailReadBackIdentical(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        long size = 3L * g + 123;
        CacheObject object = backend.openVolume(VOLUME, VOLUME_COHERENCY).createObject(key("file"), AUX, size);
        byte[] content = pattern(1, (int) size);

        assertEquals(size, object.objectSize());
        assertTrue(write(object, 0, Arrays.copyOfRange(content, 0, 2 * g)));
        assertTrue(write(object, 2L * g, Arrays.copyOfRange(content, 2 * g, (int) size)));

        assertEquals(new Occupancy(4, size), object.occupancy());
        assertArrayEquals(content, read(object, 0, (int) size, false));
        assertArrayEquals(content, read(object, 0, (int) size, true));
        assertArrayEquals(Arrays.copyOfRange(content, g - 7, 2 * g + 9), read(object, g - 7, g + 16, false));
        assertArrayEquals(Arrays.copyOfRange(content, 3 * g, (int) size), read(object, 3L * g, 123, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void readIsClampedToObjectSize(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        long size = g + 100;
        CacheObject object = backend.openVolume(VOLUME, VOLUME_COHERENCY).createObject(key("file"), AUX, size);
        byte[] content = pattern(2, (int) size);
        assertTrue(write(object, 0, content));

        ByteBuffer dst = ByteBuffer.allocate((int) size + 500);
        dst.position(10);
        int n = await(object.read(50, dst));

        assertEquals(size - 50, n);
        assertEquals(10 + size - 50, dst.position());
        assertArrayEquals(Arrays.copyOfRange(content, 50, (int) size), Arrays.copyOfRange(dst.array(), 10, dst.position()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void writeAdvancesTheSourceBuffer(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        CacheObject object = backend.openVolume(VOLUME, VOLUME_COHERENCY).createObject(key("file"), AUX, 2L * g);
        byte[] content = pattern(3, 2 * g);
        ByteBuffer src = ByteBuffer.allocateDirect(2 * g + 20);
        src.position(20);
        src.put(content).position(20);

        assertTrue(await(object.write(0, src)));
        assertEquals(2 * g + 20, src.position());
        assertArrayEquals(content, read(object, 0, 2 * g, false));
    }

    // ---------------------------------------------------------------- prepareRead

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void prepareReadReportsRunsOfEqualAnswers(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        long size = 6L * g + 100;
        CacheObject object = backend.openVolume(VOLUME, VOLUME_COHERENCY).createObject(key("file"), AUX, size);
        // present: 0, 1, 3 and the tail 6; absent: 2, 4, 5
        assertTrue(write(object, 0, pattern(4, 2 * g)));
        assertTrue(write(object, 3L * g, pattern(5, g)));
        assertTrue(write(object, 6L * g, pattern(6, 100)));

        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), object.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), object.prepareRead(0, size));
        assertEquals(new ReadExtent(ReadSource.CACHE, 100), object.prepareRead(0, 100));
        assertEquals(new ReadExtent(ReadSource.CACHE, g + g / 2), object.prepareRead(g / 2, 10L * g));
        assertEquals(new ReadExtent(ReadSource.SERVER, g), object.prepareRead(2L * g, size));
        assertEquals(new ReadExtent(ReadSource.SERVER, 10), object.prepareRead(2L * g + 5, 10));
        assertEquals(new ReadExtent(ReadSource.SERVER, g - 5), object.prepareRead(2L * g + 5, 10L * g));
        assertEquals(new ReadExtent(ReadSource.CACHE, g), object.prepareRead(3L * g, size));
        assertEquals(new ReadExtent(ReadSource.SERVER, 2L * g), object.prepareRead(4L * g, size));
        assertEquals(new ReadExtent(ReadSource.CACHE, 100), object.prepareRead(6L * g, size));
        assertEquals(new ReadExtent(ReadSource.CACHE, 60), object.prepareRead(6L * g + 40, g));
        assertEquals(new ReadExtent(ReadSource.ZEROS, 10), object.prepareRead(size, 10));
        assertEquals(new ReadExtent(ReadSource.ZEROS, 5), object.prepareRead(size + 3L * g, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void prepareReadOfAnEmptyObjectSaysServerUpToTheSize(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        long size = 5L * g + 1;
        CacheObject object = backend.openVolume(VOLUME, VOLUME_COHERENCY).createObject(key("file"), AUX, size);

        assertEquals(Occupancy.EMPTY, object.occupancy());
        assertEquals(new ReadExtent(ReadSource.SERVER, size), object.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.SERVER, 1), object.prepareRead(size - 1, 1000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void readOfAbsentRangeFailsRatherThanServingBytes(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        CacheObject object = backend.openVolume(VOLUME, VOLUME_COHERENCY).createObject(key("file"), AUX, 3L * g);
        assertTrue(write(object, 0, pattern(7, g)));

        assertReadFails(object, g, g);
        assertReadFails(object, 0, 2 * g);
        assertReadFails(object, g + 17, 100);
        assertArrayEquals(pattern(7, g), read(object, 0, g, false));
    }

    // ---------------------------------------------------------------- close, lookup, coherency

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void closedObjectIsFoundAgainWithItsContent(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        long size = 2L * g + 300;
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        CacheObject object = volume.createObject(key("file"), AUX, size);
        byte[] content = pattern(8, (int) size);
        assertTrue(write(object, 0, content));
        object.close();

        CacheObject again = volume.lookupObject(key("file"), AUX, size).orElseThrow();

        assertEquals(size, again.objectSize());
        assertEquals(new Occupancy(3, size), again.occupancy());
        assertArrayEquals(content, read(again, 0, (int) size, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void lookupWithOtherAuxIsStaleAndDropsTheOldData(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        writeAndClose(volume, "file", AUX, 2L * g, 9);

        assertEquals(Optional.empty(), volume.lookupObject(key("file"), OTHER_AUX, 2L * g));
        assertEquals(Optional.empty(), volume.lookupObject(key("file"), AUX, 2L * g));
        assertEquals(Optional.empty(), volume.lookupObject(key("file"), new byte[0], 2L * g));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void lookupWithOtherSizeIsStaleAndDropsTheOldData(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        writeAndClose(volume, "file", AUX, 2L * g, 10);

        assertEquals(Optional.empty(), volume.lookupObject(key("file"), AUX, 2L * g + 1));
        assertEquals(Optional.empty(), volume.lookupObject(key("file"), AUX, 2L * g));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void committedCoherencyIsWhatLookupChecks(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        CacheObject object = volume.createObject(key("file"), AUX, 2L * g);
        byte[] content = pattern(11, 2 * g);
        assertTrue(write(object, 0, content));

        object.commit(OTHER_AUX, 2L * g);
        object.close();
        CacheObject again = volume.lookupObject(key("file"), OTHER_AUX, 2L * g).orElseThrow();

        assertArrayEquals(content, read(again, 0, 2 * g, false));
        // A commit that grows the object keeps the whole granules it holds.
        again.commit(AUX, 3L * g);
        again.close();
        CacheObject grown = volume.lookupObject(key("file"), AUX, 3L * g).orElseThrow();
        assertEquals(3L * g, grown.objectSize());
        assertEquals(new Occupancy(2, 2L * g), grown.occupancy());
        assertArrayEquals(content, read(grown, 0, 2 * g, false));
    }

    // ---------------------------------------------------------------- invalidate

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void invalidateStartsAnEmptyGenerationWhileTheOldOneStaysReadable(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        CacheObject old = volume.createObject(key("file"), AUX, 2L * g);
        byte[] oldContent = pattern(12, 2 * g);
        assertTrue(write(old, 0, oldContent));

        CacheObject next = old.invalidate(OTHER_AUX, 3L * g);

        assertEquals(3L * g, next.objectSize());
        assertEquals(Occupancy.EMPTY, next.occupancy());
        assertEquals(new ReadExtent(ReadSource.SERVER, 3L * g), next.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), old.prepareRead(0, Long.MAX_VALUE));
        assertArrayEquals(oldContent, read(old, 0, 2 * g, false));

        byte[] newContent = pattern(13, g);
        assertTrue(write(next, 0, newContent));
        assertArrayEquals(oldContent, read(old, 0, 2 * g, false));
        old.discard();
        next.close();

        CacheObject found = volume.lookupObject(key("file"), OTHER_AUX, 3L * g).orElseThrow();
        assertEquals(new Occupancy(1, g), found.occupancy());
        assertArrayEquals(newContent, read(found, 0, g, false));
        assertEquals(new ReadExtent(ReadSource.SERVER, 2L * g), found.prepareRead(g, Long.MAX_VALUE));
        assertReadFails(found, g, g);
    }

    // ---------------------------------------------------------------- resize

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void shrinkingDropsGranulesBeyondAndAPartialLastOne(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        CacheObject object = backend.openVolume(VOLUME, VOLUME_COHERENCY).createObject(key("file"), AUX, 4L * g);
        byte[] content = pattern(14, 4 * g);
        assertTrue(write(object, 0, content));
        assertEquals(new Occupancy(4, 4L * g), object.occupancy());

        object.resize(2L * g + g / 2);

        assertEquals(2L * g + g / 2, object.objectSize());
        assertEquals(new Occupancy(2, 2L * g), object.occupancy());
        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), object.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.SERVER, g / 2), object.prepareRead(2L * g, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.ZEROS, 10), object.prepareRead(2L * g + g / 2, 10));
        assertArrayEquals(Arrays.copyOf(content, 2 * g), read(object, 0, 2 * g, false));

        object.resize(g);

        assertEquals(new Occupancy(1, g), object.occupancy());
        assertEquals(new ReadExtent(ReadSource.CACHE, g), object.prepareRead(0, Long.MAX_VALUE));
        assertArrayEquals(Arrays.copyOf(content, g), read(object, 0, g, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void shrinkingIntoTheTailGranuleDropsIt(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        long size = 2L * g + 100;
        CacheObject object = backend.openVolume(VOLUME, VOLUME_COHERENCY).createObject(key("file"), AUX, size);
        assertTrue(write(object, 0, pattern(15, (int) size)));
        assertEquals(new Occupancy(3, size), object.occupancy());

        object.resize(size - 50);

        assertEquals(new Occupancy(2, 2L * g), object.occupancy());
        assertEquals(new ReadExtent(ReadSource.SERVER, 50), object.prepareRead(2L * g, Long.MAX_VALUE));
        assertReadFails(object, 2L * g, 50);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void growingKeepsPresentGranules(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        CacheObject object = backend.openVolume(VOLUME, VOLUME_COHERENCY).createObject(key("file"), AUX, 2L * g);
        byte[] content = pattern(16, 2 * g);
        assertTrue(write(object, 0, content));

        object.resize(5L * g);

        assertEquals(5L * g, object.objectSize());
        assertEquals(new Occupancy(2, 2L * g), object.occupancy());
        assertEquals(new ReadExtent(ReadSource.CACHE, 2L * g), object.prepareRead(0, Long.MAX_VALUE));
        assertEquals(new ReadExtent(ReadSource.SERVER, 3L * g), object.prepareRead(2L * g, Long.MAX_VALUE));
        assertArrayEquals(content, read(object, 0, 2 * g, false));

        byte[] more = pattern(17, g);
        assertTrue(write(object, 4L * g, more));
        assertEquals(new Occupancy(3, 3L * g), object.occupancy());
        assertArrayEquals(more, read(object, 4L * g, g, false));
    }

    // ---------------------------------------------------------------- discard

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void discardedObjectIsGone(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        CacheObject object = volume.createObject(key("file"), AUX, 2L * g);
        assertTrue(write(object, 0, pattern(18, 2 * g)));

        object.discard();

        assertEquals(Optional.empty(), volume.lookupObject(key("file"), AUX, 2L * g));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void discardedVolumeLosesAllItsObjects(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        writeAndClose(volume, "a", AUX, 2L * g, 19);
        writeAndClose(volume, "b", AUX, g, 20);

        volume.discard();

        BackendVolume reopened = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        assertEquals(Optional.empty(), reopened.lookupObject(key("a"), AUX, 2L * g));
        assertEquals(Optional.empty(), reopened.lookupObject(key("b"), AUX, g));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void volumeReopenedWithOtherCoherencyLosesItsContent(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        writeAndClose(volume, "a", AUX, g, 21);
        volume.close();

        byte[] otherCoherency = {9, 9};
        BackendVolume reopened = backend.openVolume(VOLUME, otherCoherency);
        assertEquals(Optional.empty(), reopened.lookupObject(key("a"), AUX, g));

        byte[] content = writeAndClose(reopened, "a", AUX, g, 22);
        reopened.close();
        BackendVolume same = backend.openVolume(VOLUME, otherCoherency);
        assertArrayEquals(content, read(same.lookupObject(key("a"), AUX, g).orElseThrow(), 0, g, false));
    }

    // ---------------------------------------------------------------- keys

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void binaryKeysAreExactAndIndependent(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        byte[] random = new byte[255];
        new SplittableRandom(23).nextBytes(random);
        byte[] lastByteDiffers = random.clone();
        lastByteDiffers[254] ^= 1;
        byte[] firstByteDiffers = random.clone();
        firstByteDiffers[0] ^= (byte) 0x80;
        List<byte[]> keys = List.of(
                new byte[] {0},
                new byte[] {'/'},
                new byte[] {'.', '.'},
                new byte[] {0, '/', 0},
                new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x80, (byte) 0xC3},
                random, lastByteDiffers, firstByteDiffers);

        for (int i = 0; i < keys.size(); i++) {
            byte[] callersKey = keys.get(i).clone();
            CacheObject object = volume.createObject(callersKey, AUX, g);
            Arrays.fill(callersKey, (byte) 'x'); // the backend must have copied it
            assertTrue(write(object, 0, pattern(100 + i, g)));
            object.close();
        }

        for (int i = 0; i < keys.size(); i++) {
            CacheObject object = volume.lookupObject(keys.get(i).clone(), AUX, g)
                    .orElseThrow(() -> new AssertionError("key not found"));
            assertArrayEquals(pattern(100 + i, g), read(object, 0, g, false), "content of key " + i);
            object.close();
        }
        assertEquals(Optional.empty(), volume.lookupObject(new byte[] {0, 0}, AUX, g));
        assertEquals(Optional.empty(), volume.lookupObject(new byte[] {'x'}, AUX, g));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void sameObjectKeyInTwoVolumesIsIndependent(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume one = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        BackendVolume two = backend.openVolume("test,server.example,vol2", VOLUME_COHERENCY);
        byte[] inOne = writeAndClose(one, "file", AUX, g, 24);
        byte[] inTwo = writeAndClose(two, "file", AUX, g, 25);

        assertArrayEquals(inOne, read(one.lookupObject(key("file"), AUX, g).orElseThrow(), 0, g, false));
        assertArrayEquals(inTwo, read(two.lookupObject(key("file"), AUX, g).orElseThrow(), 0, g, false));

        one.discard();
        assertArrayEquals(inTwo, read(two.lookupObject(key("file"), AUX, g).orElseThrow(), 0, g, false));
    }

    // ---------------------------------------------------------------- capacity

    /**
     * Eight writers fill distinct objects with four times the capacity while a monitor samples
     * {@code usage()}. Afterwards every granule that is still claimed must read back the bytes of
     * the last successful write to it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void usageNeverExceedsCapacityUnderConcurrentWrites(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        long capacity = backend.capacity();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        int threads = 8;
        int granulesPerObject = 4;
        long size = 3L * g + g / 2;
        int objectsPerThread = (int) Math.max(2, 4 * spec.granules() / threads / granulesPerObject);
        // last successfully written version per granule, 0 = never
        Map<String, int[]> written = new ConcurrentHashMap<>();
        AtomicBoolean storming = new AtomicBoolean(true);
        AtomicLong maxUsage = new AtomicLong();

        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<?> monitor = pool.submit(() -> {
                while (storming.get()) {
                    long usage = backend.usage();
                    maxUsage.accumulateAndGet(usage, Math::max);
                    if (capacity >= 0 && usage > capacity) {
                        throw new AssertionError("usage " + usage + " exceeds capacity " + capacity);
                    }
                }
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < objectsPerThread; i++) {
                        String name = "storm-" + thread + "-" + i;
                        int[] versions = new int[granulesPerObject];
                        written.put(name, versions);
                        CacheObject object = volume.createObject(key(name), AUX, size);
                        for (int granule = 0; granule < granulesPerObject; granule++) {
                            stormWrite(object, name, granule, 1, versions, g, size);
                        }
                        stormWrite(object, name, 0, 2, versions, g, size);
                        object.close();
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            storming.set(false);
            monitor.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            storming.set(false);
            pool.shutdownNow();
        }

        long claimedBytes = 0;
        for (Map.Entry<String, int[]> entry : written.entrySet()) {
            Optional<CacheObject> found = volume.lookupObject(key(entry.getKey()), AUX, size);
            if (found.isEmpty()) {
                continue;
            }
            CacheObject object = found.get();
            for (int granule = 0; granule < granulesPerObject; granule++) {
                long position = (long) granule * g;
                int length = (int) Math.min(g, size - position);
                if (object.prepareRead(position, length).source() == ReadSource.CACHE) {
                    int version = entry.getValue()[granule];
                    assertTrue(version > 0, "claims a granule that was never stored: " + entry.getKey() + "#" + granule);
                    assertArrayEquals(stormContent(entry.getKey(), granule, version, length),
                            read(object, position, length, false), entry.getKey() + "#" + granule);
                    claimedBytes += length;
                }
            }
            object.close();
        }
        assertTrue(claimedBytes > 0, "nothing stayed cached");
        if (capacity >= 0) {
            assertTrue(claimedBytes <= capacity, "claims " + claimedBytes + " bytes over capacity " + capacity);
            assertTrue(backend.usage() <= capacity);
            assertTrue(maxUsage.get() <= capacity);
        }
    }

    // ---------------------------------------------------------------- counters, withdraw, restart

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void countersIncludeTheDocumentedKeys(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        writeAndClose(backend.openVolume(VOLUME, VOLUME_COHERENCY), "file", AUX, backend.granuleSize(), 26);

        Map<String, Long> counters = backend.counters();

        assertNotNull(counters);
        assertTrue(counters.keySet().containsAll(documentedCounters()),
                "counters " + counters.keySet() + " lack some of " + documentedCounters());
        counters.forEach((name, value) -> assertTrue(value != null && value >= 0, name + " = " + value));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void withdrawAfterClosingEverythingReleasesUsage(BackendSpec spec) throws Exception {
        CacheBackend backend = start(spec);
        int g = backend.granuleSize();
        BackendVolume volume = backend.openVolume(VOLUME, VOLUME_COHERENCY);
        writeAndClose(volume, "a", AUX, 3L * g, 27);
        writeAndClose(volume, "b", AUX, g, 28);
        volume.close();
        assertTrue(backend.usage() > 0, "usage after writing: " + backend.usage());

        withdraw(backend);

        assertEquals(0, backend.usage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void contentSurvivesANewInstanceExactlyWhenTheBackendPersists(BackendSpec spec) throws Exception {
        CacheBackend first = start(spec);
        int g = first.granuleSize();
        BackendVolume volume = first.openVolume(VOLUME, VOLUME_COHERENCY);
        byte[] content = writeAndClose(volume, "file", AUX, 2L * g, 29);
        volume.close();
        withdraw(first);

        CacheBackend second = start(spec);
        Optional<CacheObject> found = second.openVolume(VOLUME, VOLUME_COHERENCY).lookupObject(key("file"), AUX, 2L * g);

        if (persistsAcrossInstances()) {
            assertArrayEquals(content, read(found.orElseThrow(), 0, 2 * g, false));
        } else {
            assertEquals(Optional.empty(), found);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Creates a backend for the spec that is withdrawn after the test. */
    protected final CacheBackend start(BackendSpec spec) throws Exception {
        CacheBackend backend = newBackend(spec);
        live.add(backend);
        return backend;
    }

    /** Withdraws a backend now instead of after the test. */
    protected final void withdraw(CacheBackend backend) {
        assertTrue(live.remove(backend), "not a live backend of this test");
        backend.withdraw();
    }

    /** A cookie key from a name. */
    protected static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** Deterministic pseudo-random content. */
    protected static byte[] pattern(long seed, int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code data} at {@code position} and returns the stage's answer; checks the buffer was consumed when stored. */
    protected static boolean write(CacheObject object, long position, byte[] data) throws Exception {
        ByteBuffer src = ByteBuffer.wrap(data);
        boolean stored = await(object.write(position, src));
        if (stored) {
            assertFalse(src.hasRemaining(), "a stored write leaves the buffer consumed");
        }
        return stored;
    }

    /** Reads exactly {@code length} bytes, checking the count and the buffer position. */
    protected static byte[] read(CacheObject object, long position, int length, boolean direct) throws Exception {
        ByteBuffer dst = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
        assertEquals(length, await(object.read(position, dst)));
        assertEquals(length, dst.position());
        byte[] bytes = new byte[length];
        dst.flip().get(bytes);
        return bytes;
    }

    /** Asserts that reading the range fails as "not present" and does not complete normally. */
    protected static void assertReadFails(CacheObject object, long position, int length) throws Exception {
        CompletionStage<Integer> stage = object.read(position, ByteBuffer.allocate(length));
        try {
            Integer n = stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            fail("read of [" + position + ", +" + length + ") returned " + n + " bytes of an absent range");
        } catch (ExecutionException e) {
            assertInstanceOf(DataNotPresentException.class, e.getCause());
        }
    }

    /** Waits for a stage; its failure fails the test. */
    protected static <T> T await(CompletionStage<T> stage) throws InterruptedException, TimeoutException {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("stage failed", e.getCause());
        }
    }

    private static byte[] writeAndClose(BackendVolume volume, String name, byte[] aux, long size, long seed) throws Exception {
        CacheObject object = volume.createObject(key(name), aux, size);
        byte[] content = pattern(seed, (int) size);
        assertTrue(write(object, 0, content));
        object.close();
        return content;
    }

    private static void stormWrite(CacheObject object, String name, int granule, int version, int[] versions,
            int g, long size) throws Exception {
        long position = (long) granule * g;
        int length = (int) Math.min(g, size - position);
        Boolean stored = await(object.write(position, ByteBuffer.wrap(stormContent(name, granule, version, length))));
        assertNotNull(stored);
        if (stored) {
            versions[granule] = version;
        }
    }

    private static byte[] stormContent(String name, int granule, int version, int length) {
        return pattern(((long) name.hashCode() << 32) ^ ((long) granule << 8) ^ version, length);
    }
}
