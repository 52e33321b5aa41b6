package io.fscache.netfs.lib;

import static org.awaitility.Awaitility.await;
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

                // Reading on within the first granule issues nothing new (a read issues its RPCs
                // before it returns, and the limiter has free slots).
                channel.read(ByteBuffer.allocate(GRANULE - 8192));
                assertEquals(5, rig.server.readRpcs.get(), "read RPCs after reading on in granule 0");

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
            // Each read issued its own RPC before returning: one per granule touched, none ahead.
            assertEquals(touched.size(), rig.server.readRpcs.get(), "read RPCs");
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

            assertArrayEquals(bytes, TestFiles.readAll(without.getPath("/f"), GRANULE));
            assertEquals(1, rig.server.maxInFlight.get(), "without readahead: one request at a time");

            rig.server.resetCounters();
            assertArrayEquals(bytes, TestFiles.readAll(withReadahead.getPath("/f"), GRANULE));
            assertTrue(rig.server.maxInFlight.get() >= 4, "several in flight: " + rig.server.maxInFlight.get());
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

    /** The granules the server has returned, once at least {@code expected} have arrived. */
    private static TreeSet<Long> fetchedGranules(TestRig rig, int expected) {
        return await("granules fetched").until(() -> {
            TreeSet<Long> fetched = new TreeSet<>();
            for (long[] read : rig.server.readLog) {
                for (long at = read[0]; at < read[0] + read[1]; at += GRANULE) {
                    fetched.add(at / GRANULE);
                }
            }
            return fetched;
        }, fetched -> fetched.size() >= expected);
    }
}
