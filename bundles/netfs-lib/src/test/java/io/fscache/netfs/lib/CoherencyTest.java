package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes on the server are detected when a file is (re)opened, before any byte is served. */
class CoherencyTest {

    @TempDir
    Path dir;

    @Test
    void aFileChangedOnTheServerIsFetchedAgainOnReopen() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] old = rig.serverFile("/f.bin", 500_000, 20);
            Path file = rig.mount("m").getPath("/f.bin");
            assertArrayEquals(old, Files.readAllBytes(file));
            long invalidations = rig.stat("Invals", "n");

            // Same size, new bytes, new mtime: only the change id tells.
            byte[] changed = rig.serverFile("/f.bin", 500_000, 21);
            Files.setLastModifiedTime(rig.server.serverFile(TestRig.EXPORT, "/f.bin"),
                    FileTime.fromMillis(System.currentTimeMillis() - 600_000));
            rig.server.resetCounters();
            assertArrayEquals(changed, Files.readAllBytes(file));
            assertEquals(invalidations + 1, rig.stat("Invals", "n"));
            assertEquals(500_000, rig.server.readBytes.get(), "re-fetched, not served from the stale cache");

            rig.server.resetCounters();
            assertArrayEquals(changed, Files.readAllBytes(file));
            assertEquals(0, rig.server.readRpcs.get(), "and cached again");
        }
    }

    // A server with change notifications (AFS callback breaks, Ceph inode invalidations) says when
    // another client changed a file: an open handle's next read serves the new bytes, not the cache's.
    @Test
    void aServerChangeNoticeMakesAnOpenHandlesNextReadFetchTheNewBytes() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] old = rig.serverFile("/f.bin", 300_000, 30);
            Path file = rig.mount("m").getPath("/f.bin");
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                assertArrayEquals(old, readFrom(channel, 300_000));
                byte[] changed = rig.serverFile("/f.bin", 300_000, 31);
                Files.setLastModifiedTime(rig.server.serverFile(TestRig.EXPORT, "/f.bin"),
                        FileTime.fromMillis(System.currentTimeMillis() - 600_000));
                assertArrayEquals(old, readFrom(channel, 300_000), "no notice: the open handle keeps what it has");

                rig.server.notifyChanged(TestRig.EXPORT, "/f.bin");
                assertArrayEquals(changed, readFrom(channel, 300_000), "the notice: the new bytes, without a re-open");
                assertEquals(1, rig.stat("Invals", "n"));
            }
        }
    }

    private static byte[] readFrom(SeekableByteChannel channel, int size) throws Exception {
        ByteBuffer all = ByteBuffer.allocate(size);
        channel.position(0);
        while (all.hasRemaining() && channel.read(all) >= 0) {
            // Reads until full.
        }
        return all.array();
    }

    @Test
    void aFileThatGrewOnTheServerIsReadWhole() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] old = rig.serverFile("/f.bin", 100_000, 22);
            Path file = rig.mount("m").getPath("/f.bin");
            assertArrayEquals(old, Files.readAllBytes(file));
            byte[] tail = TestFiles.random(50_000, 23);
            Files.write(rig.server.serverFile(TestRig.EXPORT, "/f.bin"), tail, StandardOpenOption.APPEND);
            byte[] grown = rig.serverBytes("/f.bin");
            assertArrayEquals(grown, Files.readAllBytes(file));
        }
    }

    @Test
    void anUnchangedFileIsNotInvalidatedOnReopen() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] bytes = rig.serverFile("/f.bin", 300_000, 24);
            Path file = rig.mount("m").getPath("/f.bin");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(bytes, Files.readAllBytes(file));
            }
            assertEquals(0, rig.stat("Invals", "n"));
            assertEquals(300_000, rig.server.readBytes.get());
        }
    }

    @Test
    void aChangeSeenWhileAnotherHandleIsOpenInvalidatesForBoth() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] old = rig.serverFile("/f.bin", 200_000, 25);
            Path file = rig.mount("m").getPath("/f.bin");
            try (SeekableByteChannel first = Files.newByteChannel(file)) {
                ByteBuffer buffer = ByteBuffer.allocate(200_000);
                first.read(buffer);
                assertArrayEquals(old, buffer.array());
                byte[] changed = rig.serverFile("/f.bin", 200_000, 26);
                Files.setLastModifiedTime(rig.server.serverFile(TestRig.EXPORT, "/f.bin"),
                        FileTime.fromMillis(System.currentTimeMillis() + 10_000));
                assertArrayEquals(changed, Files.readAllBytes(file));
                // The first handle reads again: the cache no longer has the old bytes.
                first.position(0);
                buffer.clear();
                first.read(buffer);
                assertArrayEquals(changed, buffer.array());
                assertTrue(rig.stat("Invals", "n") >= 1);
            }
        }
    }

    @Test
    void ourOwnWritesDoNotInvalidateTheCacheOnReopen() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path file = rig.mount("m").getPath("/written.bin");
            byte[] bytes = TestFiles.random(400_000, 27);
            Files.write(file, bytes);
            rig.server.resetCounters();
            assertArrayEquals(bytes, Files.readAllBytes(file));
            assertEquals(0, rig.server.readRpcs.get(), "write-through filled the cache; the new change id was recorded");
            assertEquals(0, rig.stat("Invals", "n"));
        }
    }

    // Broke: a change within one timestamp tick (same size, mtime restored) was never seen: the old
    // bytes were served from the cache on every later open.
    @Test
    void dataFetchedWithinTheRacyWindowIsNotTrustedOnTheNextOpen() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path serverFile = rig.server.serverFile(TestRig.EXPORT, "/racy.txt");
            Files.writeString(serverFile, "AAAA");
            FileTime tick = Files.getLastModifiedTime(serverFile);
            Path file = rig.mount("m").getPath("/racy.txt");
            assertEquals("AAAA", Files.readString(file));

            Files.writeString(serverFile, "BBBB");
            Files.setLastModifiedTime(serverFile, tick);
            assertEquals("BBBB", Files.readString(file), "the next open does not trust data fetched within the window");
        }
    }

    // The racy mark is in the cookie's coherency data, so a new cookie (a remount, a restart) does not
    // trust the data either.
    @Test
    void racyDataIsNotTrustedByTheNextMount() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path serverFile = rig.server.serverFile(TestRig.EXPORT, "/racy.txt");
            Files.writeString(serverFile, "AAAA");
            FileTime tick = Files.getLastModifiedTime(serverFile);
            assertEquals("AAAA", Files.readString(rig.mount("m").getPath("/racy.txt")));
            rig.mounts.unmount("m");

            Files.writeString(serverFile, "BBBB");
            Files.setLastModifiedTime(serverFile, tick);
            assertEquals("BBBB", Files.readString(rig.mount("m").getPath("/racy.txt")));
        }
    }

    @Test
    void dataFetchedAfterTheRacyWindowIsTrusted() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] bytes = rig.serverFile("/old.bin", 300_000, 27);
            Path file = rig.mount("m").getPath("/old.bin");
            assertArrayEquals(bytes, Files.readAllBytes(file));
            rig.server.resetCounters();
            assertArrayEquals(bytes, Files.readAllBytes(file));
            assertEquals(0, rig.server.readRpcs.get(), "an old file's data is served from the cache");
            rig.mounts.unmount("m");
            assertArrayEquals(bytes, Files.readAllBytes(rig.mount("m").getPath("/old.bin")));
            assertEquals(0, rig.server.readRpcs.get(), "and so it is on the next mount");
        }
    }

    @Test
    void aRacyWindowOfZeroTrustsEveryTimestamp() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path serverFile = rig.server.serverFile(TestRig.EXPORT, "/fresh.txt");
            Files.writeString(serverFile, "AAAA");
            Path file = rig.mount("m", "racy.window", "0").getPath("/fresh.txt");
            assertEquals("AAAA", Files.readString(file));
            rig.server.resetCounters();
            assertEquals("AAAA", Files.readString(file));
            assertEquals(0, rig.server.readRpcs.get());
        }
    }
}
