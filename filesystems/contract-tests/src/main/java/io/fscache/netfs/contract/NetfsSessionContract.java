package io.fscache.netfs.contract;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.FileType;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What every {@link NetworkFilesystem} owes the netfs engine, checked through its
 * {@link NetfsSession} and {@link RemoteFile}s against its real server: operations reach the
 * export, server errors arrive as the {@code java.nio.file} exception a user expects, naming the
 * path, names round-trip byte-exact, and the attributes the cache keys on behave. A protocol module
 * extends it and supplies its {@link Peer}.
 */
public abstract class NetfsSessionContract extends SessionPeerContract {

    @Test
    void statListAndSpaceSeeWhatTheServerHas() throws IOException {
        Files.writeString(peer.export().resolve("a"), "one");
        Files.createDirectory(peer.export().resolve("d"));
        assertEquals(FileType.REGULAR, session.stat("/a").type());
        assertEquals(3, session.stat("/a").size());
        assertEquals(FileType.DIRECTORY, session.stat("/d").type());
        assertEquals(FileType.DIRECTORY, session.stat("/").type());
        assertEquals(Set.of("a", "d"), session.list("/").stream().map(DirEntry::name).collect(Collectors.toSet()));
        assertEquals(Set.of(), Set.copyOf(session.list("/d")));

        FileSpace space = session.space();
        long local = peer.totalSpace();
        // A server may count in its own allocation units.
        assertTrue(Math.abs(space.totalBytes() - local) <= local / 1000, space + " against " + local + " here");
        assertTrue(space.availableBytes() <= space.freeBytes() && space.freeBytes() <= space.totalBytes(), space.toString());
    }

    @Test
    void writesFsyncAndTruncateReachTheServer() throws Exception {
        byte[] content = TestFiles.random(100_000, 31);
        try (RemoteFile file = session.open("/written", Set.of(WRITE, CREATE, TRUNCATE_EXISTING))) {
            Io.writeAll(file, 0, content);
            file.fsync();
            assertArrayEquals(content, Files.readAllBytes(peer.export().resolve("written")));
            file.truncate(10);
            assertEquals(10, file.refresh().size());
        }
        assertEquals(10, Files.size(peer.export().resolve("written")));
        assertThrows(FileAlreadyExistsException.class, () -> session.open("/written", Set.of(WRITE, CREATE_NEW)));
        try (RemoteFile file = session.open("/written", Set.of(WRITE, TRUNCATE_EXISTING))) {
            assertEquals(0, file.attributes().size());
        }
        assertEquals(0, Files.size(peer.export().resolve("written")));
    }

    @Test
    void mkdirRenameAndDeleteReachTheServer() throws Exception {
        Path export = peer.export();
        session.mkdir("/d");
        assertTrue(Files.isDirectory(export.resolve("d")));
        Files.writeString(export.resolve("a"), "aaa");
        Files.writeString(export.resolve("d/b"), "bbb");
        session.rename("/a", "/d/a");
        assertEquals("aaa", Files.readString(export.resolve("d/a")));
        assertFalse(Files.exists(export.resolve("a")));
        session.rename("/d/a", "/d/b");
        assertEquals("aaa", Files.readString(export.resolve("d/b")), "a rename replaces the target file");
        session.rename("/d", "/e");
        assertEquals("aaa", Files.readString(export.resolve("e/b")));
        session.delete("/e/b");
        session.delete("/e");
        assertFalse(Files.exists(export.resolve("e")));
    }

    @Test
    void serverErrorsBecomeTheExceptionsNioUsersExpect() throws Exception {
        Files.createDirectory(peer.export().resolve("dir"));
        Files.writeString(peer.export().resolve("dir/f"), "f");
        expect(NoSuchFileException.class, "/missing", () -> session.stat("/missing"));
        expect(NoSuchFileException.class, "/missing/deeper/still", () -> session.stat("/missing/deeper/still"));
        expect(NoSuchFileException.class, "/missing", () -> session.open("/missing", Set.of(READ)));
        expect(NoSuchFileException.class, "/missing", () -> session.delete("/missing"));
        expect(NoSuchFileException.class, "/missing", () -> session.rename("/missing", "/elsewhere"));
        expect(NoSuchFileException.class, "/missing/new", () -> session.open("/missing/new", Set.of(WRITE, CREATE)));
        expect(FileAlreadyExistsException.class, "/dir", () -> session.mkdir("/dir"));
        expect(FileAlreadyExistsException.class, "/dir/f", () -> session.open("/dir/f", Set.of(WRITE, CREATE_NEW)));
        expect(DirectoryNotEmptyException.class, "/dir", () -> session.delete("/dir"));
        expect(NotDirectoryException.class, "/dir/f", () -> session.list("/dir/f"));
        expect(FileSystemException.class, "/dir/f/x", () -> session.stat("/dir/f/x"));
        expect(FileSystemException.class, "/dir", () -> session.open("/dir", Set.of(READ)));
        expect(FileSystemException.class, "/", () -> session.open("/", Set.of(READ)));
    }

    @Test
    void whatTheServerRefusesIsAccessDenied() throws Exception {
        Path locked = Files.writeString(peer.export().resolve("locked"), "kept");
        Path lockedDir = Files.createDirectory(peer.export().resolve("locked-dir"));
        try (AutoCloseable file = peer.deny(locked); AutoCloseable dir = peer.deny(lockedDir)) {
            // NFSv3 has no open on the server: like Linux's client it may take the open and refuse the first write.
            expect(AccessDeniedException.class, "/locked", () -> openAndWrite("/locked"));
            expect(AccessDeniedException.class, "/locked", () -> session.delete("/locked"));
            expect(AccessDeniedException.class, "/locked-dir/new", () -> session.open("/locked-dir/new", Set.of(WRITE, CREATE)));
        }
        assertEquals("kept", Files.readString(locked));
    }

    @Test
    void theChangeIdChangesOnEveryWriteAndTheFileIdStaysAcrossRenames() throws Exception {
        Path onServer = peer.export().resolve("f");
        Files.write(onServer, TestFiles.random(4096, 1));
        modified(onServer, Instant.now().minusSeconds(7200));
        byte[] id = session.stat("/f").fileId();
        ByteBuffer original = ByteBuffer.wrap(session.stat("/f").changeId());

        try (RemoteFile file = session.open("/f", Set.of(WRITE))) {
            Io.writeAll(file, 100, new byte[] {1, 2, 3});
        }
        ByteBuffer ours = ByteBuffer.wrap(session.stat("/f").changeId());
        assertNotEquals(original, ours, "our own write changes the change id");

        // The server's side: the same size, other bytes, a modification time of its own.
        try (FileChannel channel = FileChannel.open(onServer, WRITE)) {
            channel.write(ByteBuffer.wrap(TestFiles.random(4096, 2)), 0);
        }
        modified(onServer, Instant.now().minusSeconds(3600));
        assertNotEquals(ours, ByteBuffer.wrap(session.stat("/f").changeId()), "a write on the server changes it");

        Files.createDirectory(peer.export().resolve("d"));
        Files.writeString(peer.export().resolve("other"), "other");
        session.rename("/f", "/d/g");
        assertArrayEquals(id, session.stat("/d/g").fileId(), "the file id survives a rename");
        assertFalse(ByteBuffer.wrap(id).equals(ByteBuffer.wrap(session.stat("/other").fileId())), "files have their own ids");
    }

    @Test
    void aReadLongerThanTheLimitIsShortAndContinuesWhereItStopped() throws Exception {
        new ShortIo(session, peer.export()).reads();
    }

    @Test
    void aWriteLongerThanTheLimitIsShortOrRefusedWithASmallerMaximum() throws Exception {
        new ShortIo(session, peer.export()).writes();
    }

    @Test
    void anOpenFileKeepsWorkingAfterTheServerRestarts() throws Exception {
        byte[] content = TestFiles.random(200_000, 21);
        Files.write(peer.export().resolve("reopened"), content);
        try (RemoteFile file = session.open("/reopened", Set.of(READ, WRITE))) {
            assertEquals(1000, Io.await(file.read(0, ByteBuffer.allocate(1000))));
            peer.stop();
            // A read while the server is down fails with an IOException, or, from a client that keeps
            // data of its own (Ceph's object cacher, as the kernel's page cache would), returns the
            // right bytes; never other bytes, and never a hang.
            ByteBuffer during = ByteBuffer.allocate(1000);
            try {
                int n = Io.await(file.read(0, during));
                assertArrayEquals(Arrays.copyOf(content, n), Arrays.copyOf(during.array(), n), "read while the server was down");
            } catch (ExecutionException lost) {
                assertInstanceOf(IOException.class, lost.getCause());
            }
            peer.start();

            assertArrayEquals(content, Io.readAll(file, content.length));
            Io.writeAll(file, 0, "fresh".getBytes());
            file.fsync();
        }
        assertEquals("fresh", new String(Files.readAllBytes(peer.export().resolve("reopened")), 0, 5));
    }

    @Test
    void namesRoundTripByteExact() throws Exception {
        new NameRoundTrip(peer, session).check();
    }

    // Broke (9P): the address was named twice ("...127.0.0.1:5760: Connection refused: /127.0.0.1:5760").
    @Test
    void aServerThatIsNotThereIsNamedOnce() throws Exception {
        URI uri = peer.uri();
        int port = Ports.free();
        URI nowhere = new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), port, uri.getPath(), uri.getQuery(), null);
        IOException e = assertThrows(IOException.class, () -> client.connect(nowhere, peer.options()));
        String server = uri.getHost() + ":" + port;
        assertEquals(1, e.getMessage().split(Pattern.quote(server), -1).length - 1,
                "the server named once: " + e.getMessage());
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("connection refused"), "and why: " + e.getMessage());
    }

    /** Opens {@code path} for writing and writes a byte at its start; a refused write fails with its cause. */
    private void openAndWrite(String path) throws Exception {
        try (RemoteFile file = session.open(path, Set.of(WRITE))) {
            Io.writeAll(file, 0, new byte[] {'x'});
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException cause ? cause : e;
        }
    }

    /** Asserts {@code call} fails with {@code type} and a message naming {@code path}. */
    static <T extends IOException> T expect(Class<T> type, String path, Executable call) {
        T e = assertThrows(type, call, () -> "expected " + type.getSimpleName() + " for " + path);
        assertTrue(String.valueOf(e.getMessage()).contains(path), "the message names " + path + ": " + e.getMessage());
        return e;
    }

}
