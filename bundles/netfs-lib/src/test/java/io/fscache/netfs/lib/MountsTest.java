package io.fscache.netfs.lib;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.CacheMode;
import io.fscache.netfs.MountInfo;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mounting, listing and unmounting, and what a mount keeps in the core. */
class MountsTest {

    @TempDir
    Path dir;

    @Test
    void unmountRelinquishesEveryCookieAndTheVolume() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            FileSystem fs = rig.mount("m");
            for (int i = 0; i < 5; i++) {
                rig.serverFile("/f" + i, 100_000, 60 + i);
                Files.readAllBytes(fs.getPath("/f" + i));
            }
            SeekableByteChannel stillOpen = Files.newByteChannel(fs.getPath("/f0"));
            assertEquals(5, rig.stat("Cookies", "n"));
            assertEquals(1, rig.stat("Cookies", "v"));

            rig.mounts.unmount("m");
            assertEquals(0, rig.stat("Cookies", "n"), "every cookie relinquished and dropped");
            assertEquals(0, rig.stat("Cookies", "v"), "and the volume");
            assertFalse(fs.isOpen());
            assertFalse(stillOpen.isOpen(), "open channels are closed by the unmount");
            assertThrows(ClosedChannelException.class, () -> stillOpen.read(ByteBuffer.allocate(1)));
            assertTrue(rig.mounts.fileSystem("m").isEmpty());
            assertTrue(rig.mounts.mounts().isEmpty());
            assertThrows(ClosedFileSystemException.class, () -> Files.readAllBytes(fs.getPath("/f1")));
            assertThrows(IllegalArgumentException.class, () -> rig.mounts.unmount("m"));

            // The cache outlives the mount: mounting again finds the data.
            rig.server.resetCounters();
            assertEquals(100_000, Files.readAllBytes(rig.mount("m").getPath("/f3")).length);
            assertEquals(0, rig.server.readRpcs.get());
        }
    }

    @Test
    void closedFilesKeepTheirCookiesUpToTheIdleLimit() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            FileSystem fs = rig.mount("m", "max.idle.files", "2");
            for (int i = 0; i < 5; i++) {
                rig.serverFile("/f" + i, 1000, 80 + i);
                Files.readAllBytes(fs.getPath("/f" + i));
            }
            // Relinquished cookies are dropped on the core's workers.
            await("the three least recently closed are relinquished").until(() -> rig.stat("Cookies", "n") == 2);
            assertEquals(3, rig.stat("Relinqs", "n"));
            rig.server.resetCounters();
            Files.readAllBytes(fs.getPath("/f0"));
            assertEquals(0, rig.server.readRpcs.get(), "their cached data stays for the next open");
        }
    }

    @Test
    void closingTheFileSystemUnmounts() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            FileSystem fs = rig.mount("m");
            fs.close();
            assertTrue(rig.mounts.mounts().isEmpty());
            fs.close();
        }
    }

    @Test
    void mountInfoHidesCredentials() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.server.requirePassword("hunter2");
            List<String> logged = new CopyOnWriteArrayList<>();
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    logged.add(String.valueOf(record.getMessage()) + record.getThrown());
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            Logger root = Logger.getLogger("");
            Level level = root.getLevel();
            root.addHandler(capture);
            root.setLevel(Level.ALL);
            try {
                URI uri = URI.create("local://alice:hunter2@server/export?token=hunter2&uname=alice");
                rig.mounts.mount("m", uri, Map.of("password", "hunter2", "api.key", "hunter2", "mode", "writeback",
                        "uname", "alice"));
                assertThrows(AccessDeniedException.class, () -> rig.mounts.mount("n", TestRig.EXPORT_URI,
                        Map.of("password", "wrong")));
                rig.mounts.unmount("m");
            } finally {
                root.removeHandler(capture);
                root.setLevel(level);
            }
            for (String line : logged) {
                assertFalse(line.contains("hunter2"), "logged a secret: " + line);
            }
            assertTrue(logged.stream().anyMatch(line -> line.contains("Mounted")), "mounts are logged");

            rig.mounts.mount("m", URI.create("local://alice:hunter2@server/export?token=hunter2&uname=alice"),
                    Map.of("password", "hunter2", "api.key", "hunter2", "mode", "writeback", "uname", "alice"));
            MountInfo info = rig.mounts.mounts().get(0);
            assertEquals("m", info.name());
            // Broke: the user was dropped with the password, so netfs:mounts could not say whose mount it is.
            assertEquals(URI.create("local://alice@server/export?token=***&uname=alice"), info.uri());
            assertEquals(CacheMode.WRITEBACK, info.mode());
            assertNull(info.cacheName());
            assertEquals(Map.of("password", "***", "api.key", "***", "mode", "writeback", "uname", "alice"), info.options());
            assertFalse(info.toString().contains("hunter2"));
        }
    }

    @Test
    void badMountsAreRefusedClearly() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.mount("m");
            assertThrows(IllegalArgumentException.class, () -> rig.mount("m"), "name taken");
            assertThrows(IllegalArgumentException.class, () -> rig.mounts.mount("x", URI.create("nfs://h/e"), Map.of()),
                    "unknown scheme");
            assertThrows(IllegalArgumentException.class, () -> rig.mount("has space"));
            assertThrows(IllegalArgumentException.class, () -> rig.mount("y", "mode", "sometimes"));
            assertThrows(IllegalArgumentException.class, () -> rig.mount("y", "cache", "none", "mode", "writeback"));
            assertThrows(NoSuchFileException.class, () -> rig.mounts.mount("z", URI.create("local://server/nope"), Map.of()));
            // NFSv4.1 mounted a file's URI, and then every listing said "not a directory".
            rig.serverFile("/a-file", 10, 1);
            NotDirectoryException file = assertThrows(NotDirectoryException.class,
                    () -> rig.mounts.mount("f", URI.create("local://server/" + TestRig.EXPORT + "/a-file"), Map.of()));
            assertEquals("local://server/" + TestRig.EXPORT + "/a-file", file.getMessage());
            assertEquals(1, rig.mounts.mounts().size());
            assertEquals(1, rig.stat("Cookies", "v"), "failed mounts left no volume behind");
        }
    }

    // Broke: mounts 2-4 of one export collided on the volume key and ran uncached (13x the file fetched).
    @Test
    void mountsOfOneExportShareItsVolumeAndFetchEachGranuleOnce() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            byte[] bytes = rig.serverFile("/f", 4 << 20, 70);
            rig.server.latency(Duration.ofMillis(2));
            List<FileSystem> mounts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mounts.add(rig.mount("m" + i));
            }
            ExecutorService readers = Executors.newFixedThreadPool(16);
            try {
                List<Future<byte[]>> reads = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Path file = mounts.get(i % 4).getPath("/f");
                    reads.add(readers.submit(() -> TestFiles.readAll(file, 128 * 1024)));
                }
                for (Future<byte[]> read : reads) {
                    assertArrayEquals(bytes, read.get());
                }
            } finally {
                readers.shutdownNow();
            }
            assertEquals(bytes.length, rig.server.readBytes.get(), "the server sent the file once");
            assertEquals(0, rig.stat("Cookies", "vcol"), "no volume collided");
            assertEquals(1, rig.stat("Cookies", "v"));

            // The export's volume lives as long as one of its mounts does.
            rig.mounts.unmount("m0");
            rig.mounts.unmount("m1");
            rig.mounts.unmount("m2");
            rig.server.resetCounters();
            assertArrayEquals(bytes, Files.readAllBytes(mounts.get(3).getPath("/f")));
            assertEquals(0, rig.server.readRpcs.get(), "still cached");
            rig.mounts.unmount("m3");
            assertEquals(0, rig.stat("Cookies", "v"), "the last unmount relinquished the volume");
            assertEquals(0, rig.stat("Cookies", "n"));
        }
    }

    @Test
    void aSecondMountOfAnExportNamingAnotherCacheIsRefused() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.mount("a", "cache", "mem");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rig.mount("b"));
            assertEquals("local://server/export is already mounted as a with cache 'mem': mount it with the same cache"
                    + " (cache=mem)", e.getMessage());
            assertTrue(rig.mounts.fileSystem("b").isEmpty());
            rig.mount("c", "cache", "mem");
            rig.mount("d", "mode", "none");
            assertEquals(1, rig.stat("Cookies", "v"));
        }
    }

    // Said "mount it with the same cache" for a first mount that named none, which cannot be typed (a fresh user's try).
    @Test
    void aSecondMountNamingACacheWhereTheFirstNamedNoneIsToldToNameNone() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.mount("a");
            assertEquals("local://server/export is already mounted as a with any cache: mount it naming no cache",
                    assertThrows(IllegalArgumentException.class, () -> rig.mount("b", "cache", "mem")).getMessage());
        }
    }

    @Test
    void theProviderFindsMountsByUri() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            Files.createDirectory(rig.server.serverFile(TestRig.EXPORT, "/dir"));
            byte[] bytes = rig.serverFile("/dir/f", 1000, 71);
            FileSystem fs = rig.mount("m");
            NetfsFileSystemProvider provider = rig.mounts.provider("local");
            assertSame(provider, fs.provider());
            assertSame(fs, provider.getFileSystem(URI.create("local://m/")));
            Path path = provider.getPath(URI.create("local://m/dir/f"));
            assertEquals(fs.getPath("/dir/f"), path);
            assertEquals(URI.create("local://m/dir/f"), path.toUri());
            assertArrayEquals(bytes, Files.readAllBytes(path));
            assertThrows(FileSystemNotFoundException.class, () -> provider.getFileSystem(URI.create("local://other/")));

            FileSystem made = provider.newFileSystem(TestRig.EXPORT_URI, Map.of("name", "viaProvider", "mode", "none"));
            assertArrayEquals(bytes, Files.readAllBytes(made.getPath("dir", "f")));
            assertEquals(CacheMode.NONE, rig.mounts.mounts().get(1).mode());
        }
    }

    @Test
    void removingTheFilesystemUnmountsItsMounts() throws IOException {
        try (TestRig rig = new TestRig(dir)) {
            FileSystem fs = rig.mount("m");
            rig.mounts.removeFilesystem("local", rig.server);
            assertFalse(fs.isOpen());
            assertTrue(rig.mounts.mounts().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> rig.mount("m"));
        }
    }

    // Broke (issue 13): netfs:mount --cache nosuch mounted uncached without a word.
    @Test
    void aMountNamingACacheThatIsNotLiveIsRefusedNamingTheLiveOnes() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rig.mount("m", "cache", "nosuch"));
            assertEquals("no live cache is named 'nosuch'; live caches: mem", e.getMessage());

            rig.fscache.withdraw("mem");
            e = assertThrows(IllegalArgumentException.class, () -> rig.mount("m", "cache", "mem"));
            assertEquals("no live cache is named 'mem'; no cache is live", e.getMessage());
            assertTrue(rig.mounts.mounts().isEmpty());
            assertEquals(0, rig.stat("Cookies", "v"), "no volume left behind");

            rig.mount("any");
            rig.mount("uncached", "cache", "nosuch", "mode", "none");
            assertEquals(2, rig.mounts.mounts().size(), "naming no cache, or mode none, needs no live cache");
        }
    }

    // Broke (issue 13): netfs:mounts showed an uncached mount like a cached one.
    @Test
    void anUncachedMountSaysSoInTheListing() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.fscache.acquireVolume("local,server,export");
            rig.mount("held");
            rig.mount("none", "mode", "none");
            List<MountInfo> listed = rig.mounts.mounts();
            assertFalse(listed.get(0).cached(), "the volume is held outside the mounts: " + listed.get(0));
            assertEquals(CacheMode.WRITETHROUGH, listed.get(0).mode());
            assertFalse(listed.get(1).cached(), "mode none: " + listed.get(1));
        }
        try (TestRig rig = new TestRig(dir)) {
            rig.mount("cached");
            assertTrue(rig.mounts.mounts().get(0).cached());
        }
    }

    @Test
    void anOptionNeitherTheEngineNorTheProtocolDeclaresIsRefusedBeforeConnecting() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            // readahed=4m used to mount, and the misspelt option did nothing.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rig.mounts.mount("m", TestRig.EXPORT_URI, Map.of("readahed", "4m")));
            assertEquals("unknown option readahed for local mounts: did you mean readahead?", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> rig.mounts.check(URI.create("local://server/export?unam=alice"), Map.of()));
            assertEquals("unknown option unam for local mounts: did you mean uname?", e.getMessage());
            assertEquals(0, rig.server.connects.get(), "refused before any connection");
            assertTrue(rig.mounts.mounts().isEmpty());
        }
    }

    @Test
    void theUrisQueryIsOptionsForEveryLayerAndTheGivenOptionsWin() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.mounts.mount("m", URI.create("local://server/export?readahead=1m&mode=readonly&uname=bob"),
                    Map.of("mode", "writeback"));
            MountInfo info = rig.mounts.mounts().get(0);
            assertEquals(CacheMode.WRITEBACK, info.mode());
            assertEquals(Map.of("uname", "bob"), rig.server.lastOptions, "the protocol gets its own options, not the engine's");
            assertEquals(null, rig.server.lastUri.getQuery(), "and a URI without the query");
            assertEquals(List.of("cache", "mode", "readahead", "dirty.limit", "max.idle.files", "racy.window",
                    "actimeo"),
                    rig.mounts.options().options().stream().map(io.fscache.netfs.MountOption::name).toList());
            assertEquals(List.of("uname", "password", "token", "api.key"),
                    rig.mounts.options("local").options().stream().map(io.fscache.netfs.MountOption::name).toList());
            assertEquals(List.of("local"), rig.mounts.schemes());
        }
    }
}
