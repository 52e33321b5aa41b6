package io.fscache.netfs.contract;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.WriteTooLargeException;
import io.fscache.netfs.lib.TestFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Reads and writes longer than a session's limits, continued the way the engine continues them: a
 * short count is exact and moves the buffer's position by as much, and a refused write names a
 * smaller maximum to re-split at. Files are up to three limits long, 12 MiB at most.
 */
final class ShortIo {

    private final NetfsSession session;
    private final Path export;

    ShortIo(NetfsSession session, Path export) {
        this.session = session;
        this.export = export;
    }

    void reads() throws Exception {
        int size = Math.min(3 * session.limits().maxReadSize(), 12 << 20) + 1000;
        byte[] content = TestFiles.random(size, 3);
        Files.write(export.resolve("long"), content);
        try (RemoteFile file = session.open("/long", Set.of(READ))) {
            ByteBuffer all = ByteBuffer.allocate(size + 500);
            while (all.position() < size) {
                int before = all.position();
                int n = Io.await(file.read(before, all));
                assertTrue(n > 0 && n <= size - before, "a read at " + before + " returned " + n);
                assertEquals(before + n, all.position(), "the buffer's position moves by the bytes read");
            }
            assertEquals(0, Io.await(file.read(size, all)), "end of file");
            assertEquals(0, Io.await(file.read(size + 4096, ByteBuffer.allocate(10))), "beyond the end of file");
            assertArrayEquals(content, Arrays.copyOf(all.array(), size));
            assertEquals(40, Io.await(file.read(size - 40, ByteBuffer.allocate(100))), "a read across the end is short");
        }
    }

    void writes() throws Exception {
        int size = Math.min(2 * session.limits().maxWriteSize(), 12 << 20) + 5;
        byte[] content = TestFiles.random(size, 4);
        try (RemoteFile file = session.open("/long", Set.of(WRITE, CREATE))) {
            int at = 0;
            int piece = size;
            while (at < size) {
                ByteBuffer src = ByteBuffer.wrap(content, at, Math.min(piece, size - at));
                try {
                    int n = Io.await(file.write(at, src));
                    assertTrue(n > 0 && n <= piece, "a write of " + piece + " at " + at + " wrote " + n);
                    assertEquals(at + n, src.position(), "the buffer's position moves by the bytes written");
                    at += n;
                } catch (ExecutionException e) {
                    WriteTooLargeException tooLarge = assertInstanceOf(WriteTooLargeException.class, e.getCause());
                    assertTrue(tooLarge.maxLength() < piece, "refused " + piece + " but allows " + tooLarge.maxLength());
                    piece = tooLarge.maxLength();
                }
            }
            file.fsync();
        }
        assertArrayEquals(content, Files.readAllBytes(export.resolve("long")));
    }
}
