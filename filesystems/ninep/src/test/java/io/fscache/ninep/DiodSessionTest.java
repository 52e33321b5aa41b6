package io.fscache.ninep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.FileType;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session SPI straight against a real diod: limits, errors, walks, fallbacks, pipelining. */
class DiodSessionTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("session", 5643);
    private NinePFilesystem ninep;
    private NetfsSession session;

    @BeforeEach
    void connect() throws IOException {
        ninep = new NinePFilesystem(1);
        session = ninep.connect(diod.uri(), Map.of("msize", "32768", "pipeline", "4"));
    }

    @AfterEach
    void close() throws IOException {
        session.close();
        ninep.close();
    }

    @Test
    void limitsFollowTheNegotiatedMsizeAndThePipeline() {
        assertEquals(new IoLimits(32768 - 24, 32768 - 24, 4), session.limits());
        assertEquals("9p,127.0.0.1:5643," + diod.export.toString().replace("/", "%2F"), session.volumeKey());
    }

    @Test
    void diodCapsTheMsizeAt65536() throws IOException {
        try (NetfsSession big = ninep.connect(diod.uri(), Map.of("msize", "1048576"))) {
            assertEquals(65536 - 24, big.limits().maxReadSize());
        }
    }

    @Test
    void attributesCarryTheQidPathAndChangeWithTheFile() throws Exception {
        Files.writeString(diod.export.resolve("attrs"), "one");
        FileAttributes before = session.stat("/attrs");
        assertEquals(FileType.REGULAR, before.type());
        assertEquals(3, before.size());
        long inode = (Long) Files.getAttribute(diod.export.resolve("attrs"), "unix:ino");
        assertEquals(inode, ByteBuffer.wrap(before.fileId()).getLong(), "the cookie key is the qid path (the inode)");
        Files.writeString(diod.export.resolve("attrs"), "three");
        FileAttributes after = session.stat("/attrs");
        assertArrayEquals(before.fileId(), after.fileId());
        assertNotEquals(ByteBuffer.wrap(before.changeId()), ByteBuffer.wrap(after.changeId()));
        assertEquals(FileType.DIRECTORY, session.stat("/").type());
    }

    @Test
    void serverErrorsBecomeTheExceptionsNioUsersExpect() throws Exception {
        assertThrows(NoSuchFileException.class, () -> session.stat("/missing"));
        assertThrows(NoSuchFileException.class, () -> session.stat("/missing/deeper/still"));
        session.mkdir("/errs");
        assertThrows(FileAlreadyExistsException.class, () -> session.mkdir("/errs"));
        session.open("/errs/f", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE)).close();
        assertThrows(DirectoryNotEmptyException.class, () -> session.delete("/errs"));
        FileSystemException notDir = assertThrows(FileSystemException.class, () -> session.stat("/errs/f/x"));
        assertTrue(notDir.getMessage().contains("/errs/f/x"), notDir.getMessage());
        FileSystemException isDir = assertThrows(FileSystemException.class, () -> session.open("/errs", Set.of()));
        assertEquals("is a directory", isDir.getReason());
        assertThrows(FileAlreadyExistsException.class,
                () -> session.open("/errs/f", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)));
    }

    @Test
    void walksLongerThanSixteenNamesAreSplit() throws Exception {
        List<String> names = new ArrayList<>(Collections.nCopies(20, "d"));
        Path deep = diod.export.resolve(String.join("/", names));
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("leaf"), "deep");
        String path = "/" + String.join("/", names) + "/leaf";
        assertEquals(4, session.stat(path).size());
        assertThrows(NoSuchFileException.class, () -> session.stat("/" + String.join("/", names) + "/none/leaf"));
        assertEquals(List.of("leaf"), session.list("/" + String.join("/", names)).stream().map(e -> e.name()).toList());
    }

    // Broke: the address was named twice ("...127.0.0.1:5760: Connection refused: /127.0.0.1:5760").
    @Test
    void aServerThatIsNotThereIsNamedOnce() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI nowhere = NetfsUri.parse("9p://127.0.0.1:" + port + "/export");
        IOException e = assertThrows(IOException.class, () -> ninep.connect(nowhere, Map.of()));
        assertEquals("cannot connect to 9p server 127.0.0.1:" + port + ": connection refused", e.getMessage());
    }

    @Test
    void renameAndDeleteFallBackToTheLegacyCallsOncePerSession() throws Exception {
        session.open("/fb1", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE)).close();
        // Clunks go out once the server has settled a call: count from when only the root fid is out.
        Connection connection = ((NinePSession) session).attached().join().connection();
        await().until(() -> connection.fids().outstanding().size() == 1);
        long before = ninep.stats().totalRpcs();
        session.rename("/fb1", "/fb2");
        await().until(() -> connection.fids().outstanding().size() == 1);
        long first = ninep.stats().totalRpcs() - before;
        before = ninep.stats().totalRpcs();
        session.rename("/fb2", "/fb3");
        await().until(() -> connection.fids().outstanding().size() == 1);
        long second = ninep.stats().totalRpcs() - before;
        assertTrue(second < first, "Trenameat is not tried again: " + first + " then " + second + " RPCs");
        assertTrue(Files.exists(diod.export.resolve("fb3")));
        session.delete("/fb3");
        session.mkdir("/fbdir");
        session.delete("/fbdir");
        assertTrue(Files.notExists(diod.export.resolve("fb3")));
        assertTrue(Files.notExists(diod.export.resolve("fbdir")));
    }

    @Test
    void readsBeyondThePipelineDepthQueueAndAllComplete() throws Exception {
        byte[] content = diod.file("queued", 2 << 20, 30);
        try (RemoteFile file = session.open("/queued", Set.of(StandardOpenOption.READ))) {
            int piece = session.limits().maxReadSize();
            ByteBuffer all = ByteBuffer.allocate(content.length);
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int at = 0; at < content.length; at += piece) {
                ByteBuffer slice = all.slice(at, Math.min(piece, content.length - at));
                reads.add(file.read(at, slice).toCompletableFuture());
            }
            for (CompletableFuture<Integer> read : reads) {
                assertTrue(read.get() > 0);
            }
            assertArrayEquals(content, all.array());
            assertEquals(0, file.read(content.length, ByteBuffer.allocate(10)).toCompletableFuture().get(), "end of file");
        }
    }

    @Test
    void writesTruncateAndFsyncReachTheServer() throws Exception {
        byte[] content = TestFiles.random(100_000, 31);
        try (RemoteFile file = session.open("/written", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING))) {
            ByteBuffer src = ByteBuffer.wrap(content);
            while (src.hasRemaining()) {
                int n = file.write(src.position(), src).toCompletableFuture().get();
                assertTrue(n > 0 && n <= session.limits().maxWriteSize());
            }
            file.fsync();
            assertArrayEquals(content, Files.readAllBytes(diod.export.resolve("written")));
            file.truncate(10);
            assertEquals(10, file.refresh().size());
        }
        assertEquals(10, Files.size(diod.export.resolve("written")));
        assertEquals(100_000, ninep.stats().writtenBytes());
    }

    @Test
    void statfsGivesTheExportsCapacity() throws IOException {
        FileSpace space = session.space();
        // diod passes statfs through: the capacity is that of the filesystem holding the export.
        assertEquals(Files.getFileStore(diod.export).getTotalSpace(), space.totalBytes(), space.toString());
        assertTrue(space.availableBytes() <= space.freeBytes() && space.freeBytes() <= space.totalBytes(), space.toString());
    }
}
