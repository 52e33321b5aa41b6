package io.fscache.nfs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.contract.Shell;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only NFSv4.1 does, against a real nfs-ganesha: sizes, volume key, lease, session end, verifiers. */
class Nfs41SessionTest {

    @RegisterExtension
    static final GaneshaServer ganesha = GaneshaServer.v41("session-41");

    private final NfsFilesystem nfs = new NfsFilesystem(1);

    @AfterEach
    void close() throws IOException {
        nfs.close();
        Shell.empty(ganesha.export());
    }

    private NetfsSession session(String... options) throws IOException {
        return nfs.connect(ganesha.uri(), ganesha.options(options));
    }

    @Test
    void transferSizesAreTheServersAndTheVolumeKeySurvivesARestart() throws IOException {
        String before;
        try (NetfsSession session = session()) {
            // ganesha.sh sets MaxRead and MaxWrite to 1 MiB: attributes maxread and maxwrite.
            assertEquals(1 << 20, session.limits().maxReadSize());
            assertEquals(1 << 20, session.limits().maxWriteSize());
            before = session.volumeKey();
        }
        assertTrue(before.matches("nfs,127\\.0\\.0\\.1:" + ganesha.port() + ",v4\\.1:fsid=[0-9a-f]+\\.[0-9a-f]+"), before);
        ganesha.stop();
        ganesha.start();
        try (NetfsSession session = session()) {
            assertEquals(before, session.volumeKey());
        }
    }

    @Test
    void aListingCarriesEachEntrysAttributesWithItsFileHandle() throws IOException {
        for (int i = 0; i < 30; i++) {
            ganesha.file("l" + i, i, i);
        }
        try (NetfsSession session = session()) {
            List<DirEntry> entries = session.list("/");
            assertEquals(30, entries.size());
            for (DirEntry entry : entries) {
                FileAttributes stat = session.stat("/" + entry.name());
                assertEquals(Long.parseLong(entry.name().substring(1)), entry.attributes().size(), entry.name());
                assertArrayEquals(stat.fileId(), entry.attributes().fileId(), "the listing's handle is the stat's: " + entry.name());
                assertArrayEquals(stat.changeId(), entry.attributes().changeId(), entry.name());
            }
        }
    }

    // ganesha's lease is 30 s (ganesha.sh): an idle session renews it with a bare SEQUENCE.
    @Test
    void anIdleSessionRenewsItsLease() throws Exception {
        byte[] content = ganesha.file("f", 5000, 3);
        try (NetfsSession session = session(); RemoteFile file = session.open("/f", Set.of(StandardOpenOption.READ))) {
            await("a lease renewal").atMost(Duration.ofSeconds(30))
                    .until(() -> session.stats().rpcs().getOrDefault("SEQUENCE", 0L) >= 1);
            assertArrayEquals(content, TestFiles.readFully(file, content.length));
        }
    }

    @Test
    void closingEndsTheSessionAndTheClientIdOnTheServer() throws IOException {
        NetfsSession session = session();
        session.close();
        assertEquals(1L, session.stats().rpcs().get("EXCHANGE_ID"));
        assertEquals(1L, session.stats().rpcs().get("DESTROY_SESSION"));
        assertEquals(1L, session.stats().rpcs().get("DESTROY_CLIENTID"));
        assertEquals(0, session.stats().errors());
    }

    // Broke as: "no such file or directory (NFS4ERR_NOENT)", naming neither the path nor the server;
    // then (a fresh user's try) it named neither what the server's pseudo filesystem holds.
    @Test
    void aMissingExportIsNamedWithItsServerAndWhatItsNearestDirectoryHolds() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> nfs.connect(NetfsUri.parse("nfs://127.0.0.1:" + ganesha.port() + "/no/such/export"), ganesha.options()));
        assertEquals("NFS server 127.0.0.1:" + ganesha.port() + " has no /no/such/export (NFS4ERR_NOENT; an NFSv4 path"
                + " starts at the server's root); / holds export", e.getReason());
    }

    // Broke as (a fresh user's try): "... does not serve the program of NFSv4.1 EXCHANGE_ID; mount with
    // vers=3", for ganesha's MOUNT port, which serves no NFS at all: NFSv3 would not help there. Then
    // (a second one's) it did not say where NFS is, which rpcbind knows.
    @Test
    void aPortThatServesNoNfsIsToldWhereRpcbindSaysNfsIs() {
        IOException e = assertThrows(IOException.class, () -> nfs.connect(
                NetfsUri.parse("nfs://127.0.0.1:" + (ganesha.port() + 1) + "/export"), ganesha.options()));
        assertEquals("nfs server 127.0.0.1:" + (ganesha.port() + 1) + " does not serve NFSv4.1 EXCHANGE_ID: it serves no"
                + " version of that RPC program (is it another service's port?); rpcbind on 127.0.0.1 has NFSv4.1 at port "
                + ganesha.port(), e.getMessage());
    }

    // A restarted server answers COMMIT with a new verifier, and has forgotten the client id, the
    // session and the open state: all three are made again, and the data is sent again.
    @Test
    void dataWrittenBeforeARestartIsSentAgainWhenTheVerifierChanged() throws Exception {
        byte[] content = TestFiles.random(3 << 20, 5);
        try (NetfsSession session = session()) {
            RemoteFile file = session.open("/unstable", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE));
            ByteBuffer src = ByteBuffer.wrap(content);
            while (src.hasRemaining()) {
                file.write(src.position(), src).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            long writes = session.stats().rpcs().get("WRITE");
            ganesha.restart();
            file.fsync();
            // The first of them was refused: the restarted server had lost the open state, so the file was opened again.
            assertEquals(writes + 1 + 3, session.stats().rpcs().get("WRITE"), "each of the three MiB sent again");
            assertEquals(2L, session.stats().rpcs().get("OPEN"), "opened again by handle");
            file.close();
        }
        assertArrayEquals(content, Files.readAllBytes(ganesha.export().resolve("unstable")));
    }

    // An open file's state keeps it, as a local open descriptor does: replaced behind the server's
    // back, it still reads its own bytes.
    @Test
    void aFileReplacedOnTheServerWhileOpenStillReadsItsOwnBytes() throws Exception {
        byte[] content = ganesha.file("replaced", 100_000, 7);
        try (NetfsSession session = session()) {
            RemoteFile file = session.open("/replaced", Set.of(StandardOpenOption.READ));
            Files.delete(ganesha.export().resolve("replaced"));
            Files.write(ganesha.export().resolve("replaced"), TestFiles.random(100_000, 8));
            ByteBuffer dst = ByteBuffer.allocate(100_000);
            assertEquals(content.length, file.read(0, dst).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertArrayEquals(content, dst.array());
            file.close();
        }
    }
}
