package io.fscache.afs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An AFS session against the real OpenAFS cell: the volume is found, listed, stat'ed and read. */
class AfsSessionTest {

    @RegisterExtension
    static final OpenAfsCell CELL = OpenAfsCell.shared();

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
        List<String> names = session.list("/").stream().map(DirEntry::name).toList();
        assertTrue(names.containsAll(List.of("hello.txt", "onemeg.txt")), names.toString());
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
