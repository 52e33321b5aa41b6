package io.fscache.ninep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.lib.TestFiles;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The 9P client under the netfs engine and a real cache, against a real diod: java.nio all the way. */
class DiodMountTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("mount", 5641);
    @RegisterExtension
    final MountRig rig = new MountRig(diod);

    @Test
    void createWriteReadListRenameDeleteMkdirTruncate() throws Exception {
        FileSystem fs = rig.mount("crud");
        Path dir = fs.getPath("/crud");
        Files.createDirectory(dir);
        assertTrue(Files.isDirectory(diod.export.resolve("crud")));
        assertThrows(FileAlreadyExistsException.class, () -> Files.createDirectory(dir));

        byte[] content = TestFiles.random(300_000, 1);
        Files.write(dir.resolve("a.bin"), content);
        assertArrayEquals(content, Files.readAllBytes(diod.export.resolve("crud/a.bin")), "bytes on the server");
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("a.bin")));
        assertEquals(300_000, Files.size(dir.resolve("a.bin")));
        assertThrows(FileAlreadyExistsException.class,
                () -> Files.newByteChannel(dir.resolve("a.bin"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));

        Files.writeString(dir.resolve("b.txt"), "bee");
        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(List.of("a.bin", "b.txt"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }

        Files.move(dir.resolve("b.txt"), dir.resolve("c.txt"));
        assertFalse(Files.exists(diod.export.resolve("crud/b.txt")));
        assertEquals("bee", Files.readString(diod.export.resolve("crud/c.txt")));
        Files.move(dir.resolve("c.txt"), dir.resolve("a.bin"), StandardCopyOption.REPLACE_EXISTING);
        assertEquals("bee", Files.readString(diod.export.resolve("crud/a.bin")), "rename replaces the target");

        try (SeekableByteChannel channel = Files.newByteChannel(dir.resolve("big.bin"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content));
            channel.truncate(1000);
        }
        assertEquals(1000, Files.size(diod.export.resolve("crud/big.bin")));
        byte[] head = new byte[1000];
        System.arraycopy(content, 0, head, 0, 1000);
        assertArrayEquals(head, Files.readAllBytes(dir.resolve("big.bin")));

        assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(dir));
        Files.delete(dir.resolve("a.bin"));
        Files.delete(dir.resolve("big.bin"));
        assertThrows(NoSuchFileException.class, () -> Files.delete(dir.resolve("a.bin")));
        Files.delete(dir);
        assertFalse(Files.exists(diod.export.resolve("crud")));
        assertThrows(NoSuchFileException.class, () -> Files.readAllBytes(dir.resolve("a.bin")));
    }

    @Test
    void secondReadOfA64MiBFileComesFromTheCache() throws Exception {
        byte[] content = diod.file("big64", 64 << 20, 2);
        FileSystem fs = rig.mount("big");
        assertArrayEquals(content, TestFiles.readAll(fs.getPath("/big64"), 1 << 20));
        assertTrue(rig.ninep.stats().readBytes() >= content.length, "the first read went to the server");

        long cacheReadBefore = rig.cacheStat("IO", "rdb");
        long serverReadBefore = rig.ninep.stats().readBytes();
        assertArrayEquals(content, TestFiles.readAll(fs.getPath("/big64"), 1 << 20));
        assertEquals(content.length, rig.cacheStat("IO", "rdb") - cacheReadBefore, "every byte from the cache");
        assertEquals(serverReadBefore, rig.ninep.stats().readBytes(), "no Tread on the second read");
        Files.delete(diod.export.resolve("big64"));
    }

    @Test
    void aFileChangedOnTheServerIsFetchedAgain() throws Exception {
        diod.file("changing", 1 << 20, 3);
        FileSystem fs = rig.mount("changing");
        TestFiles.readAll(fs.getPath("/changing"), 65536);

        byte[] changed = diod.file("changing", (1 << 20) + 123, 4);
        assertArrayEquals(changed, TestFiles.readAll(fs.getPath("/changing"), 65536));
        Files.delete(diod.export.resolve("changing"));
    }

    @Test
    void aCacheWithdrawnDuringAReadLeavesTheReadCorrect() throws Exception {
        byte[] content = diod.file("withdrawn", 16 << 20, 5);
        FileSystem fs = rig.mount("withdraw");
        assertArrayEquals(content, TestFiles.readAll(fs.getPath("/withdrawn"), 1 << 20), "first read fills the cache");

        ByteBuffer all = ByteBuffer.allocate(content.length);
        try (SeekableByteChannel channel = Files.newByteChannel(fs.getPath("/withdrawn"))) {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            while (channel.read(chunk.clear()) >= 0) {
                all.put(chunk.flip());
                if (all.position() == 4 << 20) {
                    assertTrue(rig.fscache.withdrawCache("mem"));
                }
            }
        }
        assertArrayEquals(content, all.array());
        Files.delete(diod.export.resolve("withdrawn"));
    }

    @Test
    void eightThreadsReadDifferentFilesThroughA256DeepPipeline() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            contents.add(diod.file("par" + i, 6 << 20, 10 + i));
        }
        FileSystem fs = rig.mount("parallel", "pipeline", "256");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Path path = fs.getPath("/par" + i);
                reads.add(threads.submit(() -> TestFiles.readAll(path, 256 * 1024)));
            }
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(contents.get(i), reads.get(i).get(), "file " + i);
            }
        } finally {
            threads.shutdownNow();
        }
        for (int i = 0; i < 8; i++) {
            Files.delete(diod.export.resolve("par" + i));
        }
    }
}
