package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.IoLimits;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads through the engine, against the real core and memory cache. */
class ReadPathTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"writethrough", "writeback", "readonly", "none"})
    void bytesEqualTheServersOnEveryPath(String mode) throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            int size = 3 * 1024 * 1024 + 777;
            byte[] expected = rig.serverFile("/data.bin", size, 1);
            FileSystem fs = rig.mount("m", "mode", mode);
            Path file = fs.getPath("/data.bin");
            // Cold, then warm: whole file, in small reads, and in reads larger than a fetch.
            assertArrayEquals(expected, Files.readAllBytes(file));
            assertArrayEquals(expected, TestFiles.readAll(file, 4096));
            assertArrayEquals(expected, TestFiles.readAll(file, 300_001));
            // Random access, crossing granules, running past the end.
            Random random = new Random(7);
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                for (int i = 0; i < 200; i++) {
                    int position = random.nextInt(size + 1000);
                    ByteBuffer buffer = ByteBuffer.allocate(1 + random.nextInt(200_000));
                    channel.position(position);
                    int n = channel.read(buffer);
                    if (position >= size) {
                        assertEquals(-1, n);
                    } else {
                        assertEquals(Math.min(buffer.capacity(), size - position), n);
                        assertArrayEquals(Arrays.copyOfRange(expected, position, position + n),
                                Arrays.copyOf(buffer.array(), n), "at " + position);
                    }
                }
            }
        }
    }

    @Test
    void aColdReadCountsOneMissPerGranuleSentToTheServer() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            int granules = 20;
            byte[] expected = rig.serverFile("/data.bin", granules * 64 * 1024 - 100, 3);
            Path file = rig.mount("m").getPath("/data.bin");
            assertArrayEquals(expected, TestFiles.readAll(file, 100_000));
            assertEquals(expected.length, rig.server.readBytes.get(), "each byte fetched once");
            assertEquals(granules, rig.cache.counters().get("misses"), "misses: one per granule fetched");
        }
    }

    @Test
    void secondReadComesFromTheCache() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] expected = rig.serverFile("/data.bin", 2 * 1024 * 1024 + 5, 2);
            Path file = rig.mount("m").getPath("/data.bin");
            assertArrayEquals(expected, Files.readAllBytes(file));
            assertEquals(expected.length, rig.server.readBytes.get(), "the cold read fetched each byte once");
            rig.server.resetCounters();
            long cacheReads = rig.stat("IO", "rd");

            assertArrayEquals(expected, Files.readAllBytes(file));
            assertEquals(0, rig.server.readRpcs.get(), "no server reads when warm");
            assertTrue(rig.stat("IO", "rd") > cacheReads, "the cache served the second read");
        }
    }

    // Broke: a reader could find a fetch in the file's table that its claimer then gave up (the cache
    // got the granule meanwhile) without launching it, and waited for its bytes forever. The window is
    // narrow (seen once in five runs of the 16-reader shared-export test): this stresses it, bounded.
    @Test
    void readersRacingForColdGranulesNeverWaitForever() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.server.latency(Duration.ofMillis(1));
            List<FileSystem> mounts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mounts.add(rig.mount("m" + i, "readahead", i % 2 == 0 ? "0" : "256k"));
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                for (int round = 0; round < 40; round++) {
                    byte[] expected = rig.serverFile("/race" + round, 1024 * 1024 + round, 100 + round);
                    List<Future<byte[]>> results = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        Path file = mounts.get(i % 4).getPath("/race" + round);
                        int chunk = 4096 << (i % 5);
                        results.add(pool.submit(() -> TestFiles.readAll(file, chunk)));
                    }
                    for (Future<byte[]> result : results) {
                        assertArrayEquals(expected, result.get(30, TimeUnit.SECONDS), "round " + round);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void eightConcurrentColdReadersFetchEachGranuleOnce() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.server.latency(Duration.ofMillis(5));
            int size = 4 * 1024 * 1024 + 100;
            byte[] expected = rig.serverFile("/shared.bin", size, 3);
            Path file = rig.mount("m").getPath("/shared.bin");
            int readers = 8;
            CyclicBarrier start = new CyclicBarrier(readers);
            ExecutorService pool = Executors.newFixedThreadPool(readers);
            try {
                List<Future<byte[]>> results = new ArrayList<>();
                for (int i = 0; i < readers; i++) {
                    int chunk = 8192 * (i + 1);
                    results.add(pool.submit(() -> {
                        start.await();
                        return TestFiles.readAll(file, chunk);
                    }));
                }
                for (Future<byte[]> result : results) {
                    assertArrayEquals(expected, result.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(size, rig.server.readBytes.get(), "every byte fetched exactly once");
            TreeMap<Long, Long> ranges = new TreeMap<>();
            for (long[] read : rig.server.readLog) {
                ranges.merge(read[0], read[1], (a, b) -> {
                    throw new AssertionError("two server reads at " + read[0]);
                });
            }
            long next = 0;
            for (var range : ranges.entrySet()) {
                assertEquals(next, range.getKey(), "server reads tile the file without overlap");
                next = range.getKey() + range.getValue();
            }
            assertEquals(size, next);
            assertTrue(rig.server.maxInFlight.get() <= 4, "at most maxInFlight RPCs per file");
        }
    }

    @Test
    void shortReadsAreContinued() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.server.shortReads(1000);
            byte[] expected = rig.serverFile("/short.bin", 300_000, 4);
            Path cached = rig.mount("cached").getPath("/short.bin");
            assertArrayEquals(expected, Files.readAllBytes(cached));
            assertTrue(rig.server.readRpcs.get() >= 300, "reads of 1000 bytes at most");
            Path uncached = rig.mount("uncached", "cache", "none").getPath("/short.bin");
            assertArrayEquals(expected, TestFiles.readAll(uncached, 65536));
        }
    }

    @Test
    void aFetchLargerThanTheServersReadSizeIsSplit() throws Exception {
        try (TestRig rig = new TestRig(dir, 256 * 1024, new IoLimits(16 * 1024, 16 * 1024, 3))) {
            byte[] expected = rig.serverFile("/big-granules.bin", 1024 * 1024 + 3, 5);
            Path file = rig.mount("m").getPath("/big-granules.bin");
            assertArrayEquals(expected, Files.readAllBytes(file));
            for (long[] read : rig.server.readLog) {
                assertTrue(read[1] <= 16 * 1024, "no RPC above the read size");
            }
            assertTrue(rig.server.maxInFlight.get() <= 3);
            rig.server.resetCounters();
            assertArrayEquals(expected, Files.readAllBytes(file));
            assertEquals(0, rig.server.readRpcs.get());
        }
    }

    @Test
    void emptyFilesAndReadsAtTheEnd() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.serverFile("/empty", 0, 6);
            Path file = rig.mount("m").getPath("/empty");
            assertEquals(0, Files.readAllBytes(file).length);
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                assertEquals(-1, channel.read(ByteBuffer.allocate(10)));
                assertEquals(0, channel.size());
            }
        }
    }
}
