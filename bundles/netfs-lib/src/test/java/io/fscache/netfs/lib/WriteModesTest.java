package io.fscache.netfs.lib;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.netfs.IoLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writes in each cache mode, against the real core and memory cache. */
class WriteModesTest {

    @TempDir
    Path dir;

    /** Each case is "mode" or "mode option value": write-back with a small limit flushes behind the writer all along. */
    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"writethrough", "writeback", "writeback dirty.limit 64k", "readonly", "none"})
    void randomWritesLeaveTheSameBytesOnTheServerAndInReads(String setting) throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] expected = rig.serverFile("/f.bin", 1_000_000, 30);
            String[] words = setting.split(" ");
            String[] options = new String[words.length + 1];
            options[0] = "mode";
            System.arraycopy(words, 0, options, 1, words.length);
            Path file = rig.mount("m", options).getPath("/f.bin");
            assertArrayEquals(expected, Files.readAllBytes(file));
            Random random = new Random(31);
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (int i = 0; i < 60; i++) {
                    int position = random.nextInt(1_100_000);
                    byte[] patch = TestFiles.random(1 + random.nextInt(150_000), i);
                    channel.position(position).write(ByteBuffer.wrap(patch));
                    if (position + patch.length > expected.length) {
                        expected = Arrays.copyOf(expected, position + patch.length);
                    }
                    System.arraycopy(patch, 0, expected, position, patch.length);
                    if (i % 10 == 0) {
                        // Read our writes back through the same handle (write-back: from dirty data).
                        ByteBuffer back = ByteBuffer.allocate(patch.length);
                        channel.position(position).read(back);
                        assertArrayEquals(patch, back.array());
                    }
                }
                assertEquals(expected.length, channel.size());
            }
            assertArrayEquals(expected, rig.serverBytes("/f.bin"), "the server has every write");
            assertArrayEquals(expected, Files.readAllBytes(file), "and reads agree, cache or not");
            assertArrayEquals(expected, TestFiles.readAll(file, 7777));
        }
    }

    @Test
    void writeThroughFillsTheCacheWithWhatWasWritten() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path file = rig.mount("m").getPath("/new.bin");
            byte[] bytes = TestFiles.random(1_000_003, 32);
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                for (int at = 0; at < bytes.length; at += 5000) {
                    channel.write(ByteBuffer.wrap(bytes, at, Math.min(5000, bytes.length - at)));
                }
            }
            assertArrayEquals(bytes, rig.serverBytes("/new.bin"));
            rig.server.resetCounters();
            assertArrayEquals(bytes, Files.readAllBytes(file));
            assertEquals(0, rig.server.readRpcs.get(), "small sequential writes filled whole granules, and the tail at close");

            // An unaligned overwrite inside cached granules is merged into them (read-modify-write).
            byte[] patch = TestFiles.random(100_000, 33);
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                channel.position(12_345).write(ByteBuffer.wrap(patch));
            }
            System.arraycopy(patch, 0, bytes, 12_345, patch.length);
            rig.server.resetCounters();
            assertArrayEquals(bytes, Files.readAllBytes(file));
            assertEquals(0, rig.server.readRpcs.get(), "still all cached");
        }
    }

    @Test
    void writeBackKeepsWritesUntilCloseAndReadsSeeThem() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] original = rig.serverFile("/f.bin", 200_000, 34);
            Path file = rig.mount("m", "mode", "writeback").getPath("/f.bin");
            byte[] patch = TestFiles.random(50_000, 35);
            byte[] expected = original.clone();
            System.arraycopy(patch, 0, expected, 70_000, patch.length);
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                channel.position(70_000).write(ByteBuffer.wrap(patch));
                channel.position(200_000).write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                assertEquals(0, rig.server.writeRpcs.get(), "nothing sent before close");
                assertArrayEquals(original, rig.serverBytes("/f.bin"));
                assertEquals(200_003, channel.size());
                assertArrayEquals(Arrays.copyOf(expected, 200_000), Arrays.copyOf(Files.readAllBytes(file), 200_000),
                        "another handle of the mount sees the dirty data");
            }
            expected = Arrays.copyOf(expected, 200_003);
            expected[200_000] = 1;
            expected[200_001] = 2;
            expected[200_002] = 3;
            assertArrayEquals(expected, rig.serverBytes("/f.bin"), "flushed on close");
            rig.server.resetCounters();
            assertArrayEquals(expected, Files.readAllBytes(file));
        }
    }

    @Test
    void writeBackFlushesWhenDirtyBytesPassTheLimit() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path file = rig.mount("m", "mode", "writeback", "dirty.limit", "64k").getPath("/big.bin");
            byte[] bytes = TestFiles.random(1 << 20, 36);
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                for (int at = 0; at < bytes.length; at += 8192) {
                    channel.write(ByteBuffer.wrap(bytes, at, 8192));
                }
                // Behind the writer: at most twice the limit is dirty, what a flush in flight uploads included.
                await().until(() -> rig.server.writeBytes.get() >= bytes.length - 2 * 64 * 1024 - 8192);
            }
            assertArrayEquals(bytes, rig.serverBytes("/big.bin"));
        }
    }

    @Test
    void writeBackUploadsBehindTheWriterAndAWriteMeanwhileIsKept() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path file = rig.mount("m", "mode", "writeback", "dirty.limit", "64k").getPath("/behind.bin");
            byte[] bytes = TestFiles.random(96 * 1024, 51);
            byte[] again = TestFiles.random(4096, 52);
            CompletableFuture<Void> server = new CompletableFuture<>();
            rig.server.holdWrites(server);
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    channel.write(ByteBuffer.wrap(bytes));
                    await().until(() -> rig.server.heldWrites.get() > 0);
                    channel.position(0).write(ByteBuffer.wrap(again));
                }, "a write past the dirty limit waited for the server");
                System.arraycopy(again, 0, bytes, 0, again.length);
                assertArrayEquals(bytes, Files.readAllBytes(file), "reads see every write while the flush is held");
                rig.server.holdWrites(null);
                server.complete(null);
            }
            assertArrayEquals(bytes, rig.serverBytes("/behind.bin"), "the rewrite of bytes in flight reached the server too");
            assertArrayEquals(bytes, Files.readAllBytes(file));
        }
    }

    @Test
    void aFlushBehindTheWriterThatFailsIsReportedAtClose() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path file = rig.mount("m", "mode", "writeback", "dirty.limit", "64k").getPath("/failing.bin");
            byte[] bytes = TestFiles.random(96 * 1024, 53);
            rig.server.failWrites(() -> new IOException("quota exceeded"));
            SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            channel.write(ByteBuffer.wrap(bytes));
            IOException thrown = assertThrows(IOException.class, channel::close);
            assertEquals("quota exceeded", thrown.getMessage());
            rig.server.failWrites(null);
            // As the kernel drops pages whose writeback failed once the error is reported: what the
            // file reads is what the server has.
            assertArrayEquals(rig.serverBytes("/failing.bin"), Files.readAllBytes(file));
        }
    }

    @Test
    void forceFlushesWriteBackData() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path file = rig.mount("m", "mode", "writeback").getPath("/f.bin");
            byte[] bytes = TestFiles.random(100_000, 44);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                channel.write(ByteBuffer.wrap(bytes));
                assertEquals(0, rig.server.writeRpcs.get());
                channel.force(false);
                assertArrayEquals(bytes, rig.serverBytes("/f.bin"));
            }
        }
    }

    @Test
    void syncWritesReachTheServerAtOnceInWriteBack() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Path file = rig.mount("m", "mode", "writeback").getPath("/sync.bin");
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, StandardOpenOption.SYNC)) {
                channel.write(ByteBuffer.wrap(new byte[] {9, 8, 7}));
                assertArrayEquals(new byte[] {9, 8, 7}, rig.serverBytes("/sync.bin"));
            }
        }
    }

    @Test
    void readOnlyModeInvalidatesOnWrite() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] expected = rig.serverFile("/f.bin", 300_000, 37);
            // The write makes the file's mtime "now": trust it at once (this test is about the write).
            Path file = rig.mount("m", "mode", "readonly", "racy.window", "0").getPath("/f.bin");
            assertArrayEquals(expected, Files.readAllBytes(file));
            long invalidations = rig.stat("Invals", "n");
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                channel.position(1000).write(ByteBuffer.wrap(new byte[] {42}));
            }
            expected[1000] = 42;
            assertTrue(rig.stat("Invals", "n") > invalidations, "the write invalidated the cached data");
            rig.server.resetCounters();
            assertArrayEquals(expected, Files.readAllBytes(file));
            assertEquals(300_000, rig.server.readBytes.get(), "read again from the server");
            rig.server.resetCounters();
            assertArrayEquals(expected, Files.readAllBytes(file));
            assertEquals(0, rig.server.readRpcs.get(), "then cached again");
        }
    }

    @Test
    void noneModeUsesNoCacheAtAll() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] expected = rig.serverFile("/f.bin", 300_000, 38);
            FileSystem fs = rig.mount("m", "mode", "none");
            Path file = fs.getPath("/f.bin");
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(expected, Files.readAllBytes(file));
            }
            Files.write(fs.getPath("/g.bin"), expected);
            assertEquals(600_000, rig.server.readBytes.get(), "every read went to the server");
            assertEquals(0, rig.stat("Acquire", "n"), "no cookie was ever acquired");
            assertEquals(0, rig.stat("Cookies", "v"), "nor a volume");
            assertArrayEquals(expected, rig.serverBytes("/g.bin"));
        }
    }

    @Test
    void writeTooLargeIsResplitAndRetried() throws Exception {
        try (TestRig rig = new TestRig(dir, 64 * 1024, new IoLimits(64 * 1024, 64 * 1024, 4))) {
            rig.server.writeTooLargeAbove(10_000);
            Path file = rig.mount("m").getPath("/f.bin");
            byte[] bytes = TestFiles.random(500_000, 39);
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                channel.write(ByteBuffer.wrap(bytes));
            }
            assertArrayEquals(bytes, rig.serverBytes("/f.bin"));
            assertTrue(rig.server.writesTooLarge.get() >= 1);
            assertTrue(rig.server.writesTooLarge.get() <= 4, "the learned size applies to the rest of the write: "
                    + rig.server.writesTooLarge.get());
            rig.server.resetCounters();
            assertArrayEquals(bytes, Files.readAllBytes(file));
            assertEquals(0, rig.server.readRpcs.get(), "the re-split write was cached too");
        }
    }

    @Test
    void shortWritesAreContinued() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.server.shortWrites(3000);
            Path file = rig.mount("m").getPath("/f.bin");
            byte[] bytes = TestFiles.random(200_000, 40);
            Files.write(file, bytes);
            assertArrayEquals(bytes, rig.serverBytes("/f.bin"));
        }
    }

    @Test
    void aRefusedCacheWriteNeverFailsTheUsersWriteNorLeavesStaleData() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            FaultyCache faulty = new FaultyCache(new MemoryCache("faulty", 16L << 20, 64 * 1024));
            rig.fscache.addCache(faulty);
            byte[] original = rig.serverFile("/f.bin", 1_000_000, 41);
            Path file = rig.mount("m", "cache", "faulty").getPath("/f.bin");
            assertArrayEquals(original, Files.readAllBytes(file));

            faulty.refuseWrites(true);
            byte[] patch = TestFiles.random(300_000, 42);
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                channel.position(100_000).write(ByteBuffer.wrap(patch));
            }
            faulty.refuseWrites(false);
            byte[] expected = original.clone();
            System.arraycopy(patch, 0, expected, 100_000, patch.length);
            assertTrue(faulty.refusedWrites.get() > 0, "the cache refused the write-through");
            assertArrayEquals(expected, rig.serverBytes("/f.bin"));
            assertArrayEquals(expected, Files.readAllBytes(file), "the old granules were not served");
        }
    }

    @Test
    void appendTruncateAndCreateNew() throws Exception {
        for (String mode : new String[] {"writethrough", "writeback"}) {
            try (TestRig rig = new TestRig(dir.resolve(mode))) {
                Path file = rig.mount("m", "mode", mode).getPath("/log.txt");
                Files.write(file, "one\n".getBytes());
                Files.write(file, "two\n".getBytes(), StandardOpenOption.APPEND);
                assertEquals("one\ntwo\n", Files.readString(file));
                assertThrows(FileAlreadyExistsException.class,
                        () -> Files.newByteChannel(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
                try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    channel.position(8);
                    channel.truncate(5);
                    assertEquals(5, channel.position());
                    assertEquals(5, channel.size());
                }
                assertEquals("one\nt", Files.readString(file));
                assertEquals("one\nt", new String(rig.serverBytes("/log.txt")));
                Files.write(file, "x".getBytes());
                assertEquals("x", Files.readString(file), "TRUNCATE_EXISTING");
            }
        }
    }

    @Test
    void aServerWriteErrorReachesTheWriterAndNothingUnwrittenIsCached() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] original = rig.serverFile("/f.bin", 200_000, 43);
            Path file = rig.mount("m").getPath("/f.bin");
            assertArrayEquals(original, Files.readAllBytes(file));
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                rig.server.failWrites(() -> new IOException("quota exceeded"));
                IOException thrown = assertThrows(IOException.class, () -> channel.write(ByteBuffer.allocate(150_000)));
                assertEquals("quota exceeded", thrown.getMessage());
                rig.server.failWrites(null);
            }
            assertArrayEquals(original, rig.serverBytes("/f.bin"));
            assertArrayEquals(original, Files.readAllBytes(file));
        }
    }
}
