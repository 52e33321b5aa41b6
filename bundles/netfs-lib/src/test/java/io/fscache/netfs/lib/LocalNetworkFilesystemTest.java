package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.WriteTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test server itself: identities, change ids, the link model and the faults. */
class LocalNetworkFilesystemTest {

    @TempDir
    Path dir;

    @Test
    void fileIdIsStableAndChangeIdFollowsTheData() throws Exception {
        Files.createDirectories(dir.resolve("e"));
        try (LocalNetworkFilesystem fs = new LocalNetworkFilesystem(dir);
                NetfsSession session = fs.connect(URI.create("local://h/e"), Map.of())) {
            assertEquals("local,h,e", session.volumeKey());
            Path local = fs.serverFile("e", "/f");
            Files.write(local, new byte[10]);
            FileAttributes before = session.stat("/f");
            Files.write(local, new byte[11]);
            FileAttributes after = session.stat("/f");
            assertArrayEquals(before.fileId(), after.fileId());
            assertFalse(Arrays.equals(before.changeId(), after.changeId()), "size is part of the change id");
            Files.write(local, new byte[11]);
            Files.setLastModifiedTime(local, FileTime.fromMillis(123_456));
            assertFalse(Arrays.equals(after.changeId(), session.stat("/f").changeId()), "and so is the mtime");
            assertThrows(NoSuchFileException.class, () -> session.stat("/missing"));
            NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> session.stat("/missing"));
            assertEquals("/missing", missing.getFile(), "errors name the server's path, not the local one");
        }
    }

    @Test
    void theBandwidthCapSlowsTransfers() throws Exception {
        Files.createDirectories(dir.resolve("e"));
        Files.write(dir.resolve("e/f"), new byte[1 << 20]);
        try (LocalNetworkFilesystem fs = new LocalNetworkFilesystem(dir);
                NetfsSession session = fs.connect(URI.create("local://h/e"), Map.of());
                RemoteFile file = session.open("/f", Set.of(StandardOpenOption.READ))) {
            fs.bandwidth(8L << 20);
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                file.read(i * 262_144L, ByteBuffer.allocate(262_144)).toCompletableFuture().join();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 110, "1 MiB at 8 MiB/s takes 125 ms, took " + millis);
            assertEquals(4, fs.readRpcs.get());
            assertEquals(1 << 20, fs.readBytes.get());
        }
    }

    @Test
    void injectedFaults() throws Exception {
        Files.createDirectories(dir.resolve("e"));
        Files.write(dir.resolve("e/f"), new byte[100]);
        try (LocalNetworkFilesystem fs = new LocalNetworkFilesystem(dir);
                NetfsSession session = fs.connect(URI.create("local://h/e"), Map.of());
                RemoteFile file = session.open("/f", Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            fs.shortReads(30);
            ByteBuffer buffer = ByteBuffer.allocate(100);
            assertEquals(30, file.read(0, buffer).toCompletableFuture().join());
            assertEquals(30, buffer.position());
            assertEquals(0, file.read(100, ByteBuffer.allocate(10)).toCompletableFuture().join(), "0 at the end");
            fs.writeTooLargeAbove(50);
            CompletionException tooLarge = assertThrows(CompletionException.class,
                    () -> file.write(0, ByteBuffer.allocate(51)).toCompletableFuture().join());
            assertEquals(50, ((WriteTooLargeException) tooLarge.getCause()).maxLength());
            fs.failReads(() -> new IOException("server says no"));
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> file.read(0, ByteBuffer.allocate(1)).toCompletableFuture().join());
            assertEquals("server says no", failed.getCause().getMessage());
        }
    }
}
