package io.fscache.afs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.RemoteFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An AFS session against the real OpenAFS cell: the volume is found, listed, stat'ed, read and
 * changed; what it writes is read back with OpenAFS's own client.
 */
class AfsSessionTest {

    @RegisterExtension
    static final OpenAfsCell CELL = OpenAfsCell.shared();

    /** Names are new in each run: the cell keeps its files between runs. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private AfsFilesystem client;
    private NetfsSession session;

    @BeforeEach
    void connect() throws Exception {
        client = new AfsFilesystem(2);
        session = client.connect(CELL.uri(""), CELL.options());
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        client.close();
    }

    @Test
    void theVolumeIsListedAndItsFilesReadAsOpenAfsWroteThem() throws Exception {
        List<DirEntry> listing = session.list("/");
        List<String> names = listing.stream().map(DirEntry::name).toList();
        assertTrue(names.containsAll(List.of("hello.txt", "onemeg.txt")), names.toString());
        DirEntry listed = listing.stream().filter(entry -> entry.name().equals("onemeg.txt")).findFirst().orElseThrow();
        assertEquals(1 << 20, listed.attributes().size(), "the listing carries each entry's attributes (InlineBulkStatus)");
        FileAttributes hello = session.stat("/hello.txt");
        assertEquals(FileType.REGULAR, hello.type());
        assertEquals(19, hello.size());
        assertEquals(FileType.DIRECTORY, session.stat("/").type());
        assertEquals("hello from openafs\n", new String(read("/hello.txt", 64), StandardCharsets.US_ASCII));
        byte[] onemeg = read("/onemeg.txt", 1 << 20);
        byte[] as = new byte[1 << 20];
        Arrays.fill(as, (byte) 'a');
        assertArrayEquals(as, onemeg);
        assertTrue(session.volumeKey().startsWith("afs,test.local,"), session.volumeKey());
    }

    @Test
    void aMissingNameIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> session.stat("/no-such-file"));
    }

    @Test
    void aVolumeTheCellDoesNotHaveIsNoSuchFileNamingItAndTheCell() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> client.connect(NetfsUri.parse("afs://" + OpenAfsCell.ADDRESS + "/no.such.volume"), CELL.options()));
        assertEquals("no.such.volume: no such volume in cell test.local (VL server 127.1.0.1:7003)", e.getMessage());
    }

    @Test
    void writesAndNamespaceChangesReachTheCellAsOpenAfsReadsThem() throws Exception {
        String dir = "/dir-" + RUN;
        session.mkdir(dir);
        byte[] bytes = new byte[3 << 20];
        new Random(7).nextBytes(bytes);
        try (RemoteFile file = session.open(dir + "/data.bin", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW))) {
            ByteBuffer source = ByteBuffer.wrap(bytes);
            while (source.hasRemaining()) {
                file.write(source.position(), source).toCompletableFuture().get();
            }
            file.fsync();
            assertEquals(bytes.length, file.attributes().size());
        }
        assertEquals(bytes.length, session.stat(dir + "/data.bin").size());
        assertArrayEquals(bytes, read(dir + "/data.bin", bytes.length));
        assertThrows(FileAlreadyExistsException.class,
                () -> session.open(dir + "/data.bin", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)));
        assertThrows(DirectoryNotEmptyException.class, () -> session.delete(dir));
        session.rename(dir + "/data.bin", "/renamed-" + RUN);
        assertThrows(NoSuchFileException.class, () -> session.stat(dir + "/data.bin"));
        assertArrayEquals(bytes, CELL.read("renamed-" + RUN), "OpenAFS's afsio reads what we wrote");
        try (RemoteFile file = session.open("/renamed-" + RUN, Set.of(StandardOpenOption.WRITE))) {
            file.truncate(5);
        }
        assertArrayEquals(Arrays.copyOf(bytes, 5), CELL.read("renamed-" + RUN));
        session.delete("/renamed-" + RUN);
        session.delete(dir);
        assertThrows(NoSuchFileException.class, () -> session.stat(dir));
    }

    @Test
    void writesInFlightTogetherNeverCutEachOther() throws Exception {
        String path = "/parallel-" + RUN;
        byte[] bytes = new byte[4 << 20];
        new Random(9).nextBytes(bytes);
        int chunk = 1 << 20;
        try (RemoteFile file = session.open(path, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW))) {
            for (int at : new int[] {3 * chunk, chunk, 2 * chunk, 0}) { // the last chunk first: each its own StoreData64
                file.write(at, ByteBuffer.wrap(bytes, at, chunk).slice()).toCompletableFuture().get();
            }
            file.fsync();
            assertEquals(bytes.length, file.attributes().size());
        }
        assertArrayEquals(bytes, CELL.read(path.substring(1)), "OpenAFS reads the four chunks whole");
        session.delete(path);
    }

    @Test
    void ourOwnChangesKeepThePromisesAndAdvanceTheDataVersionByOne() throws Exception {
        String path = "/own-" + RUN;
        session.list("/"); // the root's contents and promise (the session's first call met InitCallBackState)
        long before;
        try (RemoteFile file = session.open(path, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW))) {
            before = java.nio.ByteBuffer.wrap(file.attributes().changeId()).getLong();
            file.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3})).toCompletableFuture().get();
            file.fsync();
            assertEquals(before + 1, java.nio.ByteBuffer.wrap(file.attributes().changeId()).getLong());
        }
        var calls = session.stats().rpcs();
        assertEquals(3, session.stat(path).size());
        assertEquals(calls, session.stats().rpcs(), "the stat after our own changes asked the server");
        session.delete(path);
    }

    private byte[] read(String path, int size) throws Exception {
        try (RemoteFile file = session.open(path, Set.of(StandardOpenOption.READ))) {
            ByteBuffer buffer = ByteBuffer.allocate(size);
            while (buffer.hasRemaining()) {
                int n = file.read(buffer.position(), buffer).toCompletableFuture().get();
                if (n == 0) {
                    break;
                }
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
