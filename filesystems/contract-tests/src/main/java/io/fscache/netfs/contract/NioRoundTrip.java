package io.fscache.netfs.contract;

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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory's life through a mount with {@code java.nio.file}, each step checked in the export:
 * create, write, read, list, rename (replacing a target), truncate and delete, with the errors a user
 * expects on the way.
 */
final class NioRoundTrip {

    private NioRoundTrip() {
    }

    static void check(FileSystem fs, Path export) throws Exception {
        Path dir = fs.getPath("/dir");
        Files.createDirectory(dir);
        assertTrue(Files.isDirectory(export.resolve("dir")));
        assertThrows(FileAlreadyExistsException.class, () -> Files.createDirectory(dir));

        byte[] content = TestFiles.random(3 << 20, 1);
        Files.write(dir.resolve("a.bin"), content);
        assertArrayEquals(content, Files.readAllBytes(export.resolve("dir/a.bin")), "the bytes are on the server");
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("a.bin")));
        assertEquals(content.length, Files.size(dir.resolve("a.bin")));
        assertThrows(FileAlreadyExistsException.class, () -> Files.newByteChannel(dir.resolve("a.bin"),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));

        Files.writeString(export.resolve("dir/b.txt"), "made on the server");
        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(List.of("a.bin", "b.txt"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Files.move(dir.resolve("a.bin"), dir.resolve("c.bin"));
        assertFalse(Files.exists(export.resolve("dir/a.bin")));
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("c.bin")));
        Files.move(dir.resolve("b.txt"), dir.resolve("c.bin"), StandardCopyOption.REPLACE_EXISTING);
        assertEquals("made on the server", Files.readString(export.resolve("dir/c.bin")), "a rename replaces the target");

        try (SeekableByteChannel channel = Files.newByteChannel(dir.resolve("big.bin"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content));
            channel.truncate(1000);
        }
        assertEquals(1000, Files.size(export.resolve("dir/big.bin")));
        assertArrayEquals(Arrays.copyOf(content, 1000), Files.readAllBytes(dir.resolve("big.bin")));

        assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(dir));
        Files.delete(dir.resolve("c.bin"));
        Files.delete(dir.resolve("big.bin"));
        assertThrows(NoSuchFileException.class, () -> Files.delete(dir.resolve("c.bin")));
        Files.delete(dir);
        assertFalse(Files.exists(export.resolve("dir")));
        assertThrows(NoSuchFileException.class, () -> Files.readAllBytes(dir.resolve("c.bin")));
    }
}
