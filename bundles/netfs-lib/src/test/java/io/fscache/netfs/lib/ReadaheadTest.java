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
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readahead: a growing window of fetches ahead of a sequential reader. */
class ReadaheadTest {

    private static final int GRANULE = 64 * 1024;

    @TempDir
    Path dir;

    private TestRig rig() throws Exception {
        return new TestRig(dir, GRANULE, new IoLimits(GRANULE, GRANULE, 8));
    }

    @Test
    void theWindowStartsAtFourGranulesAndDoublesWhenTheReaderEntersIt() throws Exception {
        try (TestRig rig = rig()) {
            rig.serverFile("/f", 64 * GRANULE, 90);
            Path file = rig.mount("m").getPath("/f");
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                channel.read(ByteBuffer.allocate(8192));
                assertEquals(granules(0, 5), fetchedGranules(rig, 5), "the read's granule and four ahead");

                // Reading on within the first granule issues nothing new.
                channel.read(ByteBuffer.allocate(GRANULE - 8192));
                Thread.sleep(50);
                assertEquals(granules(0, 5), fetchedGranules(rig, 5));

                // Entering the readahead window (granule 1) issues the next, doubled, window.
                channel.read(ByteBuffer.allocate(8192));
                assertEquals(granules(0, 13), fetchedGranules(rig, 13));
            }
        }
    }

    @Test
    void randomReadsDoNotReadAhead() throws Exception {
        try (TestRig rig = rig()) {
            rig.serverFile("/f", 64 * GRANULE, 91);
            Path file = rig.mount("m").getPath("/f");
            Random random = new Random(92);
            TreeSet<Long> touched = new TreeSet<>();
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                channel.position(GRANULE / 2);
                for (int i = 0; i < 10; i++) {
                    long position = GRANULE + (long) random.nextInt(62) * GRANULE + 100;
                    channel.position(position).read(ByteBuffer.allocate(100));
                    touched.add(position / GRANULE);
                }
            }
            Thread.sleep(50);
            assertEquals(touched, fetchedGranules(rig, touched.size()), "only the granules read");
        }
    }

    @Test
    void oneSequentialReaderKeepsSeveralRequestsInFlight() throws Exception {
        try (TestRig rig = rig()) {
            rig.server.latency(Duration.ofMillis(20));
            byte[] bytes = rig.serverFile("/f", 32 * GRANULE, 93);
            FileSystem withReadahead = rig.mount("ra");
            FileSystem without = rig.mount("nora", "readahead", "0", "cache", "none");

            long start = System.nanoTime();
            assertArrayEquals(bytes, TestFiles.readAll(without.getPath("/f"), GRANULE));
            long slow = System.nanoTime() - start;
            assertEquals(1, rig.server.maxInFlight.get(), "without readahead: one request at a time");

            rig.server.resetCounters();
            start = System.nanoTime();
            assertArrayEquals(bytes, TestFiles.readAll(withReadahead.getPath("/f"), GRANULE));
            long fast = System.nanoTime() - start;
            assertTrue(rig.server.maxInFlight.get() >= 4, "several in flight: " + rig.server.maxInFlight.get());
            assertTrue(fast * 2 < slow, "readahead filled the pipe: " + fast / 1_000_000 + " ms vs "
                    + slow / 1_000_000 + " ms");
            assertEquals(bytes.length, rig.server.readBytes.get(), "and fetched nothing twice");
        }
    }

    @Test
    void readaheadWorksWithoutACache() throws Exception {
        try (TestRig rig = rig()) {
            rig.server.latency(Duration.ofMillis(10));
            byte[] bytes = rig.serverFile("/f", 48 * GRANULE + 5, 94);
            Path file = rig.mount("m", "cache", "none").getPath("/f");
            assertArrayEquals(bytes, TestFiles.readAll(file, 10_000));
            assertTrue(rig.server.maxInFlight.get() >= 4, "several in flight: " + rig.server.maxInFlight.get());
            assertEquals(bytes.length, rig.server.readBytes.get(), "readahead data was used, not fetched again");
        }
    }

    private static TreeSet<Long> granules(long from, long to) {
        TreeSet<Long> set = new TreeSet<>();
        for (long g = from; g < to; g++) {
            set.add(g);
        }
        return set;
    }

    /** The granules the server has been asked for, once at least {@code expected} have arrived (or after 5 s). */
    private static TreeSet<Long> fetchedGranules(TestRig rig, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        TreeSet<Long> fetched = new TreeSet<>();
        do {
            fetched.clear();
            for (long[] read : rig.server.readLog) {
                for (long at = read[0]; at < read[0] + read[1]; at += GRANULE) {
                    fetched.add(at / GRANULE);
                }
            }
            if (fetched.size() >= expected) {
                return fetched;
            }
            Thread.sleep(5);
        } while (System.nanoTime() < deadline);
        return fetched;
    }
}
