package io.fscache.ninep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileType;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only 9P does, straight against a real diod: msize and pipeline limits, qid paths as file
 * ids, its counters, walks split at 16 names, and the fallback to the legacy rename and remove. What every
 * protocol does is {@link NinePSessionContractTest}.
 */
class NinePSessionTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("session");
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
        assertEquals("9p,127.0.0.1:" + diod.port() + "," + diod.export().toString().replace("/", "%2F"), session.volumeKey());
    }

    // Broke as: an export diod does not serve, or a user it cannot look up, said only
    // "operation not permitted", naming neither the export nor the user; then it blamed only the user.
    @Test
    void aRefusedAttachNamesTheExportTheUserAndWhatToTry() {
        URI other = NetfsUri.parse("9p://127.0.0.1:" + diod.port() + "/not/exported");
        IOException refused = assertThrows(IOException.class, () -> ninep.connect(other, Map.of("uname", "root")));
        assertTrue(refused.getMessage().startsWith("9p server 127.0.0.1:" + diod.port() + " refused to attach /not/exported as user root: "),
                refused.getMessage());
        assertTrue(refused.getMessage().endsWith("; is /not/exported exported (as the server spells it)?"
                + " A server that cannot look the user up needs -o n_uname=<uid>."), refused.getMessage());
    }

    @Test
    void diodCapsTheMsizeAt65536() throws IOException {
        try (NetfsSession big = ninep.connect(diod.uri(), Map.of("msize", "1048576"))) {
            assertEquals(65536 - 24, big.limits().maxReadSize());
        }
    }

    @Test
    void aListingCarriesEveryEntrysAttributesAskedForThroughThePipeline() throws Exception {
        Path dir = Files.createDirectories(diod.export().resolve("listed"));
        for (int i = 0; i < 40; i++) {
            Files.write(dir.resolve("f" + i), new byte[i]);
        }
        Files.createDirectories(dir.resolve("sub"));
        List<DirEntry> entries = session.list("/listed");
        assertEquals(41, entries.size());
        for (DirEntry entry : entries) {
            long expected = entry.name().equals("sub") ? Files.size(dir.resolve("sub"))
                    : Long.parseLong(entry.name().substring(1));
            assertEquals(expected, entry.attributes().size(), entry.name());
            assertEquals(entry.name().equals("sub") ? FileType.DIRECTORY : FileType.REGULAR, entry.attributes().type());
        }
    }

    @Test
    void theFileIdIsTheQidPathTheInode() throws Exception {
        Files.writeString(diod.export().resolve("attrs"), "one");
        long inode = (Long) Files.getAttribute(diod.export().resolve("attrs"), "unix:ino");
        assertEquals(inode, ByteBuffer.wrap(session.stat("/attrs").fileId()).getLong());
    }

    @Test
    void statsCountTheBytesMovedAndTheReconnects() throws Exception {
        byte[] content = TestFiles.random(100_000, 31);
        try (RemoteFile file = session.open("/counted", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE))) {
            ByteBuffer src = ByteBuffer.wrap(content);
            while (src.hasRemaining()) {
                file.write(src.position(), src).toCompletableFuture().get();
            }
        }
        assertEquals(content.length, ninep.stats().writtenBytes());
        diod.stop();
        assertThrows(IOException.class, () -> session.stat("/counted"));
        diod.start();
        assertEquals(content.length, session.stat("/counted").size());
        assertTrue(ninep.stats().reconnects() >= 1, ninep.stats().toString());
    }

    @Test
    void walksLongerThanSixteenNamesAreSplit() throws Exception {
        List<String> names = new ArrayList<>(Collections.nCopies(20, "d"));
        Path deep = diod.export().resolve(String.join("/", names));
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("leaf"), "deep");
        String path = "/" + String.join("/", names) + "/leaf";
        assertEquals(4, session.stat(path).size());
        assertThrows(NoSuchFileException.class, () -> session.stat("/" + String.join("/", names) + "/none/leaf"));
        assertEquals(List.of("leaf"), session.list("/" + String.join("/", names)).stream().map(e -> e.name()).toList());
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
        assertTrue(Files.exists(diod.export().resolve("fb3")));
        session.delete("/fb3");
        session.mkdir("/fbdir");
        session.delete("/fbdir");
        assertTrue(Files.notExists(diod.export().resolve("fb3")));
        assertTrue(Files.notExists(diod.export().resolve("fbdir")));
    }
}
