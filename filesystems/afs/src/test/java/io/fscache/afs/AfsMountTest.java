package io.fscache.afs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.contract.MountRig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AFS mounted through the netfs engine with the real core and a memory cache, against the real
 * OpenAFS cell: what the cache owes AFS users. Files are written with OpenAFS's own client
 * ({@code afsio write}), another cache manager as far as the fileserver knows. They are new, so
 * the mounts take {@code racy.window=0}: the DataVersion, not the modification time, says whether
 * cached data is current.
 */
class AfsMountTest {

    @RegisterExtension
    static final OpenAfsCell CELL = OpenAfsCell.shared();

    /** Names are new in each run: the cell keeps its files between runs and afsio cannot replace one. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    @RegisterExtension
    final MountRig<AfsFilesystem> rig = new MountRig<>(CELL, new AfsFilesystem(2));

    @Test
    void a16MiBFileReadTwiceComesTheSecondTimeFromTheCache() throws Exception {
        byte[] bytes = random(16 << 20, 16);
        String name = "sixteen-" + RUN;
        CELL.write(name, bytes);
        FileSystem afs = rig.mount("afs", "racy.window", "0");
        assertArrayEquals(bytes, Files.readAllBytes(afs.getPath(name)));
        long fromServer = rig.serverBytes();
        assertTrue(fromServer >= bytes.length, "the first read came from the server: " + fromServer);
        rig.awaitCached(bytes.length);
        long cacheReads = rig.cacheStat("IO", "rdb");
        assertArrayEquals(bytes, Files.readAllBytes(afs.getPath(name)));
        assertEquals(fromServer, rig.serverBytes(), "the second read asked the server for data");
        assertTrue(rig.cacheStat("IO", "rdb") - cacheReads >= bytes.length, "the second read came from the cache");
    }

    @Test
    void aFileAnotherClientChangesIsBrokenByTheFileserverAndReadAnewAtTheNextOpen() throws Exception {
        byte[] first = random(300_000, 1);
        byte[] more = random(1000, 2);
        String name = "changing-" + RUN;
        CELL.write(name, first);
        FileSystem afs = rig.mount("afs", "actimeo", "0", "racy.window", "0");
        assertArrayEquals(first, Files.readAllBytes(afs.getPath(name)));
        rig.awaitCached(first.length);
        long breaks = rig.client().callbackBreaks();
        CELL.append(name, more);
        await("the fileserver breaks our callback promise").atMost(Duration.ofSeconds(30))
                .until(() -> rig.client().callbackBreaks() > breaks);
        byte[] both = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, both, first.length, more.length);
        assertArrayEquals(both, Files.readAllBytes(afs.getPath(name)));
    }

    // The kAFS behaviour 9P and SMB cannot give: the break arrives while our mount holds the file
    // open, and the next read through that same handle returns the new bytes. actimeo is an hour, so
    // only the break can make the handle look again.
    @Test
    void aFileAnotherClientChangesWhileOpenIsReadAnewWithoutAReopen() throws Exception {
        byte[] first = random(300_000, 6);
        byte[] more = random(1000, 7);
        String name = "open-changing-" + RUN;
        CELL.write(name, first);
        FileSystem afs = rig.mount("afs", "actimeo", "1h", "racy.window", "0");
        try (SeekableByteChannel channel = Files.newByteChannel(afs.getPath(name))) {
            assertArrayEquals(first, readFrom(channel, first.length));
            rig.awaitCached(first.length);
            long breaks = rig.client().callbackBreaks();
            CELL.append(name, more);
            await("the fileserver breaks our callback promise").atMost(Duration.ofSeconds(30))
                    .until(() -> rig.client().callbackBreaks() > breaks);
            byte[] both = Arrays.copyOf(first, first.length + more.length);
            System.arraycopy(more, 0, both, first.length, more.length);
            assertArrayEquals(both, readFrom(channel, both.length), "the new bytes through the handle held open");
        }
    }

    private static byte[] readFrom(SeekableByteChannel channel, int size) throws Exception {
        ByteBuffer all = ByteBuffer.allocate(size);
        channel.position(0);
        while (all.hasRemaining() && channel.read(all) >= 0) {
            // Reads until full or at the end.
        }
        return Arrays.copyOf(all.array(), all.position());
    }

    @Test
    void aCallToAFileserverThatIsNotRunningFailsAtOnceNotAtItsTimeout() throws Exception {
        // With the cell stopped, df and put each took the whole 30 s timeout: UDP has no refusal to
        // wait for unless someone asks (the port probe, as at mount for the VL server).
        Duration timeout = Duration.ofSeconds(20);
        FileSystem afs = rig.mount("afs", "racy.window", "0", "timeout", timeout.toSeconds() + "s");
        assertTrue(Files.getFileStore(afs.getPath("/")).getTotalSpace() > 0);
        CELL.stop();
        try {
            long start = System.nanoTime();
            IOException refused = assertThrows(IOException.class, () -> Files.write(afs.getPath("refused-" + RUN), new byte[10]));
            long waited = System.nanoTime() - start;
            assertTrue(refused.getMessage().endsWith("the afs server 127.1.0.1:7000: Connection refused"), refused.getMessage());
            assertTrue(waited < timeout.toNanos() / 4, "failed after " + waited / 1_000_000 + " ms");
        } finally {
            CELL.start();
        }
        byte[] bytes = random(1000, 7);
        Files.write(afs.getPath("after-refusal-" + RUN), bytes);
        assertArrayEquals(bytes, Files.readAllBytes(afs.getPath("after-refusal-" + RUN)), "the cell answers again");
    }

    @Test
    void aRestartedFileserverIsProbedBreaksEveryPromiseAndReadsAreRight() throws Exception {
        byte[] bytes = random(200_000, 4);
        String name = "restart-" + RUN;
        CELL.write(name, bytes);
        FileSystem afs = rig.mount("afs", "actimeo", "0", "racy.window", "0", "probe", "1s");
        assertArrayEquals(bytes, Files.readAllBytes(afs.getPath(name)));
        rig.awaitCached(bytes.length);
        long breaks = rig.client().callbackBreaks();
        CELL.stop();
        CELL.start();
        // The restarted fileserver forgot our promises; the probe meets it, and its InitCallBackState breaks them all.
        await("the restarted fileserver's InitCallBackState").atMost(Duration.ofSeconds(60))
                .until(() -> rig.client().callbackBreaks() > breaks);
        byte[] after = random(1000, 5);
        String newer = "after-restart-" + RUN;
        CELL.write(newer, after);
        assertArrayEquals(after, Files.readAllBytes(afs.getPath(newer)), "a file made after the restart is seen");
        long fromServer = rig.serverBytes();
        assertArrayEquals(bytes, Files.readAllBytes(afs.getPath(name)));
        assertEquals(fromServer, rig.serverBytes(), "the unchanged file (same DataVersion) was fetched again");
    }

    @Test
    void aFileWhosePromiseHoldsCostsNoCallToOpenAgain() throws Exception {
        byte[] bytes = random(10_000, 3);
        String name = "steady-" + RUN;
        CELL.write(name, bytes);
        FileSystem afs = rig.mount("afs", "actimeo", "0", "racy.window", "0");
        assertArrayEquals(bytes, Files.readAllBytes(afs.getPath(name)));
        rig.awaitCached(bytes.length);
        long calls = rig.client().stats().totalRpcs();
        assertArrayEquals(bytes, Files.readAllBytes(afs.getPath(name)));
        assertEquals(calls, rig.client().stats().totalRpcs(), "a second open under a live promise asked the server");
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
